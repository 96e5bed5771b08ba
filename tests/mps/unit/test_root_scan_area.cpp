// test_root_scan_area.cpp -- the four area scanners (mps-interface.md 5.3)
// against a fake trace: a hand-built ScanState whose fix (ScanState::fix)
// records every reference it is given, "moves" some and fails on one.
//
// Addresses are plain numbers placed in chosen zones (zone shift
// kZoneShift): zone 5 is white, zone 6 is not.  Nothing is dereferenced.
#include <doctest/doctest.h>

#include <vector>

#include "arena/zone.hpp"
#include "mps.h"
#include "support.hpp"
#include "trace/scan_area.hpp"
#include "trace/scan_state.hpp"

using namespace mps;

namespace {

constexpr Word kWhiteZone = 5;
constexpr Word kGreyZone = 6;
constexpr Word white(Word n) { return (kWhiteZone << kZoneShift) + 64 * n; }
constexpr Word grey(Word n) { return (kGreyZone << kZoneShift) + 64 * n; }

// The fake trace: white(n) for n in [10, 20) has moved to white(n + 100);
// white(13) cannot be fixed (as if there were no memory to copy it).
constexpr Word kFailing = white(13);

struct FakeTrace {
  ScanState ss{};
  std::vector<Word> fixed;  // every reference handed to the fix, in order

  FakeTrace() {
    ss.ss._zs = kZoneShift;
    ss.ss._w = zone_set_of_zone(kWhiteZone);
    ss.ss._ufs = 0;
    ss.sig = kScanStateSig;
    ss.rank = kRankExact;
    ss.closure = this;
    ss.fix = fake_fix;
  }
  mps_ss_t mss() { return ss_of_scan_state(&ss); }

  static Res fake_fix(ScanState* ss, mps_addr_t* ref_io) noexcept {
    auto* self = static_cast<FakeTrace*>(ss->closure);
    const Word ref = word_of(*ref_io);
    self->fixed.push_back(ref);
    if (ref == kFailing) return MPS_RES_MEMORY;
    if (ref >= white(10) && ref < white(20)) *ref_io = addr_from_word(ref + white(100) - white(0));
    return MPS_RES_OK;
  }
};

constexpr Word moved(Word n) { return white(n + 100); }

}  // namespace

TEST_CASE("scan_area fixes exactly the words in the white set and rewrites moved ones") {
  FakeTrace t;
  Word area[6] = {white(1), grey(1), 0, white(2), white(11), grey(12)};
  REQUIRE(scan_area(t.mss(), area, area + 6, nullptr) == MPS_RES_OK);
  CHECK(t.fixed == std::vector<Word>{white(1), white(2), white(11)});
  CHECK(area[0] == white(1));
  CHECK(area[1] == grey(1));
  CHECK(area[2] == 0);
  CHECK(area[3] == white(2));
  CHECK(area[4] == moved(11));
  CHECK(area[5] == grey(12));
  // The summary holds the zone of every word seen, white or not.
  const ZoneSet seen = zone_set_of_zone(kWhiteZone) | zone_set_of_zone(kGreyZone) | zone_set_of_zone(0);
  CHECK(t.ss.ss._ufs == seen);
}

TEST_CASE("scan_area of an empty area fixes nothing and succeeds") {
  FakeTrace t;
  Word area[1] = {white(11)};
  CHECK(scan_area(t.mss(), area, area, nullptr) == MPS_RES_OK);
  CHECK(t.fixed.empty());
  CHECK(area[0] == white(11));
}

TEST_CASE("scan_area_masked strips the tag for the fix and puts it back on the new reference") {
  FakeTrace t;
  mps_scan_tag_s tag{7, 0};
  Word area[4] = {white(1) | 3, white(11) | 1, grey(1) | 2, white(12)};
  REQUIRE(scan_area_masked(t.mss(), area, area + 4, &tag) == MPS_RES_OK);
  CHECK(t.fixed == std::vector<Word>{white(1), white(11), white(12)});
  CHECK(area[0] == (white(1) | 3));
  CHECK(area[1] == (moved(11) | 1));
  CHECK(area[2] == (grey(1) | 2));
  CHECK(area[3] == moved(12));
}

TEST_CASE("scan_area_tagged fixes only words whose tag is the pattern") {
  FakeTrace t;
  mps_scan_tag_s tag{7, 1};
  Word area[5] = {white(1) | 1, white(2), white(11) | 1, white(12) | 2, white(14) | 5};
  REQUIRE(scan_area_tagged(t.mss(), area, area + 5, &tag) == MPS_RES_OK);
  CHECK(t.fixed == std::vector<Word>{white(1), white(11)});
  CHECK(area[0] == (white(1) | 1));
  CHECK(area[1] == white(2));
  CHECK(area[2] == (moved(11) | 1));
  CHECK(area[3] == (white(12) | 2));  // would have moved, but not a candidate
  CHECK(area[4] == (white(14) | 5));
}

TEST_CASE("scan_area_tagged with pattern 0 is the masked-table scanner: tagged words are skipped") {
  FakeTrace t;
  mps_scan_tag_s tag{1, 0};
  Word area[3] = {white(11), white(12) | 1, white(15)};
  REQUIRE(scan_area_tagged(t.mss(), area, area + 3, &tag) == MPS_RES_OK);
  CHECK(t.fixed == std::vector<Word>{white(11), white(15)});
  CHECK(area[0] == moved(11));
  CHECK(area[1] == (white(12) | 1));
  CHECK(area[2] == moved(15));
}

TEST_CASE("scan_area_tagged_or_zero fixes words tagged with the pattern or with zero") {
  FakeTrace t;
  mps_scan_tag_s tag{7, 2};
  Word area[4] = {white(11) | 2, white(12), white(14) | 1, white(15) | 6};
  REQUIRE(scan_area_tagged_or_zero(t.mss(), area, area + 4, &tag) == MPS_RES_OK);
  CHECK(t.fixed == std::vector<Word>{white(11), white(12)});
  CHECK(area[0] == (moved(11) | 2));
  CHECK(area[1] == moved(12));
  CHECK(area[2] == (white(14) | 1));
  CHECK(area[3] == (white(15) | 6));
}

TEST_CASE("a failing fix stops every scanner at once, leaving the word and the summary unchanged") {
  mps_scan_tag_s tag{7, 0};
  using Scanner = Res (*)(mps_ss_t, void*, void*, void*) noexcept;
  const Scanner scanners[] = {scan_area, scan_area_masked, scan_area_tagged, scan_area_tagged_or_zero};
  for (Scanner scanner : scanners) {
    FakeTrace t;
    t.ss.ss._ufs = 0x10;
    Word area[4] = {white(11), kFailing, white(12), grey(1)};
    CHECK(scanner(t.mss(), area, area + 4, &tag) == MPS_RES_MEMORY);
    CHECK(t.fixed == std::vector<Word>{white(11), kFailing});
    CHECK(area[0] == moved(11));  // fixed before the failure: stays fixed
    CHECK(area[1] == kFailing);
    CHECK(area[2] == white(12));  // never reached
    CHECK(t.ss.ss._ufs == 0x10);
  }
}

TEST_CASE("an all-zones white set sends every candidate to the fix") {
  FakeTrace t;
  t.ss.ss._w = kZoneSetUniverse;
  Word area[3] = {grey(1), 0, white(1)};
  REQUIRE(scan_area(t.mss(), area, area + 3, nullptr) == MPS_RES_OK);
  CHECK(t.fixed == std::vector<Word>{grey(1), 0, white(1)});
}

TEST_CASE("the exported scanners are the same scanners") {
  FakeTrace t;
  mps_scan_tag_s tag{7, 1};
  Word area[3] = {white(11), white(12) | 1, white(14) | 2};
  REQUIRE(mps_scan_area(t.mss(), area, area + 1, nullptr) == MPS_RES_OK);
  REQUIRE(mps_scan_area_tagged(t.mss(), area + 1, area + 2, &tag) == MPS_RES_OK);
  REQUIRE(mps_scan_area_tagged_or_zero(t.mss(), area + 2, area + 3, &tag) == MPS_RES_OK);
  REQUIRE(mps_scan_area_masked(t.mss(), area + 2, area + 3, &tag) == MPS_RES_OK);
  CHECK(t.fixed == std::vector<Word>{white(11), white(12), white(14)});
  CHECK(area[0] == moved(11));
  CHECK(area[1] == (moved(12) | 1));
  CHECK(area[2] == (moved(14) | 2));
}

TEST_CASE("the exported scanners check their arguments") {
  FakeTrace t;
  Word area[2] = {0, 0};
  mps_ss_t ss = t.mss();
  void* odd = reinterpret_cast<char*>(area) + 1;
  CHECK_ASSERTS(mps_scan_area(nullptr, area, area + 1, nullptr), "mps_scan_area: ss is NULL");
  CHECK_ASSERTS(mps_scan_area(ss, odd, area + 1, nullptr), "mps_scan_area: base and limit must be aligned");
  CHECK_ASSERTS(mps_scan_area(ss, area + 1, area, nullptr), "base not above limit");
  CHECK_ASSERTS(mps_scan_area_tagged(ss, area, area + 1, nullptr), "mps_scan_area_tagged: closure is NULL");
  CHECK_ASSERTS(mps_scan_area_masked(ss, area, area + 1, nullptr), "mps_scan_area_masked: closure is NULL");
  CHECK_ASSERTS(mps_scan_area_tagged_or_zero(ss, area, area + 1, nullptr),
                "mps_scan_area_tagged_or_zero: closure is NULL");
}
