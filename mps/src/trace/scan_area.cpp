// scan_area.cpp -- the area scanners (mps-interface.md 5.3).
//
// One loop serves the four scanners: each word of the area is split into a
// tag (word & mask) and the candidate reference (word with the tag
// removed); a selector decides from the tag whether the word is a candidate
// at all.  The plain scanner is the loop with mask 0 and every word
// selected.
//
// Invariants kept here:
// - each word is read once; the candidate goes through MPS_FIX1 and, only
//   if that says it may be white, through MPS_FIX2;
// - a word is written back (as fixed | tag) only after MPS_FIX2 succeeded,
//   and only if the fix changed it: ambiguous and unmoved references leave
//   the memory untouched (a root in read-only memory stays readable);
// - a fix error is returned at once, leaving the word unchanged and the
//   scan state's summary as it was before this scan (the collector rescans
//   after an error, so a partial summary would only be a lie);
// - nothing here allocates, locks or calls the library except through
//   MPS_FIX2: the scanners obey the callback restrictions (section 4).
#include "trace/scan_area.hpp"

#include "base/check.hpp"

// Thread stacks are scanned with these: conservatively, every word between
// the stack pointer and the cold end, including AddressSanitizer's guard
// bytes around locals.  Those reads are the point, not a bug.
#define MPS_SCANS_ANY_WORD __attribute__((no_sanitize("address")))

namespace mps {

namespace {

// `select(tag)` says whether a word with that tag is a candidate reference.
template <typename Select>
[[gnu::always_inline]] MPS_SCANS_ANY_WORD inline Res scan_words(mps_ss_t ss, void* base, void* limit, Word mask,
                                             Select select) noexcept {
  MPS_ASSERT_COOL_MSG(scan_area_range_ok(base, limit),
                      "area scanner: base and limit must be word-aligned with base <= limit");
  Word* const end = static_cast<Word*>(limit);
  MPS_SCAN_BEGIN(ss) {
    for (Word* p = static_cast<Word*>(base); p < end; ++p) {
      const Word word = *p;
      const Word tag = word & mask;
      if (!select(tag)) continue;
      const Word candidate = word ^ tag;
      if (!MPS_FIX1(ss, candidate)) continue;
      mps_addr_t ref = reinterpret_cast<mps_addr_t>(candidate);
      const Res res = MPS_FIX2(ss, &ref);
      if (res != MPS_RES_OK) return res;
      const Word fixed = word_of(ref) | tag;
      if (fixed != word) *p = fixed;
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

const mps_scan_tag_s& tag_of(void* closure) noexcept {
  MPS_ASSERT_MSG(closure != nullptr, "area scanner: the closure must be an mps_scan_tag_t, not NULL");
  return *static_cast<const mps_scan_tag_s*>(closure);
}

}  // namespace

MPS_SCANS_ANY_WORD Res scan_area(mps_ss_t ss, void* base, void* limit, void*) noexcept {
  return scan_words(ss, base, limit, 0, [](Word) { return true; });
}

MPS_SCANS_ANY_WORD Res scan_area_masked(mps_ss_t ss, void* base, void* limit, void* closure) noexcept {
  const mps_scan_tag_s& tag = tag_of(closure);
  return scan_words(ss, base, limit, tag.mask, [](Word) { return true; });
}

MPS_SCANS_ANY_WORD Res scan_area_tagged(mps_ss_t ss, void* base, void* limit, void* closure) noexcept {
  const mps_scan_tag_s& tag = tag_of(closure);
  const Word pattern = tag.pattern;
  return scan_words(ss, base, limit, tag.mask, [pattern](Word t) { return t == pattern; });
}

MPS_SCANS_ANY_WORD Res scan_area_tagged_or_zero(mps_ss_t ss, void* base, void* limit, void* closure) noexcept {
  const mps_scan_tag_s& tag = tag_of(closure);
  const Word pattern = tag.pattern;
  return scan_words(ss, base, limit, tag.mask, [pattern](Word t) { return t == 0 || t == pattern; });
}

}  // namespace mps
