// scan_area.hpp -- the four area scanners of the interface
// (mps-interface.md 5.3), as C++ functions the collector, the root layer and
// the api layer share.  The api layer exports them as mps_scan_area* (which
// only add argument checks and call these), so the words-visiting logic
// exists once.
//
// They are written with the public scanning macros (MPS_SCAN_BEGIN,
// MPS_FIX1, MPS_FIX2, MPS_SCAN_END), so they work with any mps_ss_t the
// collector or a walker hands out, exactly as a client's scanner would.
// Their types match mps_area_scan_t, so a root may hold them directly.
#pragma once

#include "base/word.hpp"
#include "mps.h"

namespace mps {

// Fixes every word of [base, limit).  `closure` is ignored.
Res scan_area(mps_ss_t ss, void* base, void* limit, void* closure) noexcept;
// `closure` is an mps_scan_tag_t: fixes every word with its tag (word &
// mask) removed, and puts the tag back on the fixed reference.
Res scan_area_masked(mps_ss_t ss, void* base, void* limit, void* closure) noexcept;
// `closure` is an mps_scan_tag_t: fixes only the words whose tag equals
// `pattern` (tag removed for the fix, restored after).
Res scan_area_tagged(mps_ss_t ss, void* base, void* limit, void* closure) noexcept;
// As scan_area_tagged, but words whose tag is 0 are candidates too.
Res scan_area_tagged_or_zero(mps_ss_t ss, void* base, void* limit, void* closure) noexcept;

// True if [base, limit) is a range an area scanner accepts: both
// word-aligned, base <= limit.  (Null bounds are the root's business.)
inline bool scan_area_range_ok(const void* base, const void* limit) {
  return addr_is_aligned(base, kWordSize) && addr_is_aligned(limit, kWordSize) && word_of(base) <= word_of(limit);
}

}  // namespace mps
