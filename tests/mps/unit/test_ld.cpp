// test_ld.cpp -- unit tests of location dependency (trace/ld.{hpp,cpp}):
// the epoch, the movement history, staleness exactly when it must be, and
// no false negatives for a reader racing with flips.  The trace is played
// by calling ld_flip directly.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "arena/arena.hpp"
#include "arena/arena_internal.hpp"
#include "support.hpp"
#include "test_arena_support.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/ld.hpp"

using namespace mps;

namespace {

struct LdArena {
  Arena* arena = arena_test::make_vm_arena();
  LdArena() { REQUIRE(arena != nullptr); }
  ~LdArena() {
    ld_finish(arena);
    CHECK(arena->control.bytes_in_use == 0);  // the state went back
    arena_destroy(arena);
  }
};

// An address in zone `zone` (never dereferenced).
const void* addr_in_zone(unsigned zone, Word offset = 0x40) {
  return reinterpret_cast<const void*>((Word{0x1234} << 26) + (Word{zone} << kZoneShift) + offset);
}

}  // namespace

TEST_CASE("ld: before any flip the epoch is 0 and nothing is stale") {
  LdArena t;
  CHECK(ld_epoch(t.arena) == 0);
  mps_ld_s ld;
  ld_reset(&ld, t.arena);
  CHECK(ld._epoch == 0);
  CHECK(ld._rs == 0);
  ld_add(&ld, addr_in_zone(3));
  CHECK_FALSE(ld_is_stale_any(&ld, t.arena));
  CHECK(ld_moved_since(t.arena, 0) == kZoneSetEmpty);
}

TEST_CASE("ld: a flip moving an added zone makes the dependency stale, others do not") {
  LdArena t;
  mps_ld_s ld;
  ld_reset(&ld, t.arena);
  ld_add(&ld, addr_in_zone(5));
  REQUIRE(ld_flip(t.arena, zone_set_of_zone(6) | zone_set_of_zone(7)) == MPS_RES_OK);
  CHECK(ld_epoch(t.arena) == 1);
  CHECK_FALSE(ld_is_stale_any(&ld, t.arena));  // zone 5 did not move
  REQUIRE(ld_flip(t.arena, zone_set_of_zone(5)) == MPS_RES_OK);
  CHECK(ld_is_stale_any(&ld, t.arena));
  // Reset: depends on nothing again, at the new epoch.
  ld_reset(&ld, t.arena);
  CHECK(ld._epoch == 2);
  CHECK_FALSE(ld_is_stale_any(&ld, t.arena));
  ld_add(&ld, addr_in_zone(5));
  CHECK_FALSE(ld_is_stale_any(&ld, t.arena));  // no flip since the reset
}

TEST_CASE("ld: a dependency with nothing added is never stale") {
  LdArena t;
  mps_ld_s ld;
  ld_reset(&ld, t.arena);
  for (int i = 0; i < 40; ++i) REQUIRE(ld_flip(t.arena, kZoneSetUniverse) == MPS_RES_OK);
  CHECK_FALSE(ld_is_stale_any(&ld, t.arena));
}

TEST_CASE("ld: merge keeps the older epoch and the union of zones") {
  LdArena t;
  mps_ld_s older, newer;
  ld_reset(&older, t.arena);
  ld_add(&older, addr_in_zone(1));
  REQUIRE(ld_flip(t.arena, zone_set_of_zone(9)) == MPS_RES_OK);
  ld_reset(&newer, t.arena);
  ld_add(&newer, addr_in_zone(9));
  CHECK_FALSE(ld_is_stale_any(&newer, t.arena));
  ld_merge(&newer, &older);
  CHECK(newer._epoch == 0);
  CHECK(newer._rs == (zone_set_of_zone(1) | zone_set_of_zone(9)));
  CHECK(ld_is_stale_any(&newer, t.arena));  // zone 9 moved since epoch 0
}

TEST_CASE("ld: dependencies older than the history are judged by all movement ever") {
  LdArena t;
  mps_ld_s ld;
  ld_reset(&ld, t.arena);
  ld_add(&ld, addr_in_zone(20));
  REQUIRE(ld_flip(t.arena, zone_set_of_zone(20)) == MPS_RES_OK);
  for (unsigned i = 0; i < 3 * kLdHistoryLength; ++i) REQUIRE(ld_flip(t.arena, zone_set_of_zone(1)) == MPS_RES_OK);
  CHECK(ld_is_stale_any(&ld, t.arena));
  // A recent dependency on zone 20 is not stale: the history is precise.
  mps_ld_s recent;
  ld_reset(&recent, t.arena);
  ld_add(&recent, addr_in_zone(20));
  REQUIRE(ld_flip(t.arena, zone_set_of_zone(1)) == MPS_RES_OK);
  CHECK_FALSE(ld_is_stale_any(&recent, t.arena));
}

TEST_CASE("ld: moved_since matches a model of every flip (randomised)") {
  LdArena t;
  std::mt19937_64 rng(mps_test::test_seed("ld moved_since model"));
  std::vector<ZoneSet> flips;  // flips[k]: zones moved by the flip from epoch k
  ZoneSet ever = kZoneSetEmpty;
  for (unsigned round = 0; round < 300; ++round) {
    ZoneSet moved = kZoneSetEmpty;
    const unsigned n = static_cast<unsigned>(rng() % 4);
    for (unsigned i = 0; i < n; ++i) moved |= zone_set_of_zone(static_cast<unsigned>(rng() % kWordBits));
    REQUIRE(ld_flip(t.arena, moved) == MPS_RES_OK);
    flips.push_back(moved);
    ever |= moved;
    const Word now = ld_epoch(t.arena);
    REQUIRE(now == flips.size());
    for (Word e = 0; e <= now; ++e) {
      ZoneSet exact = kZoneSetEmpty;
      for (Word k = e; k < now; ++k) exact |= flips[k];
      const ZoneSet got = ld_moved_since(t.arena, e);
      if (now - e < kLdHistoryLength) {
        REQUIRE(got == exact);  // within the window: precise
      } else {
        REQUIRE(got == ever);   // older: everything
      }
    }
  }
}

TEST_CASE("ld: a lock-free reader racing with flips never misses movement") {
  LdArena t;
  // The writer's flip f moves exactly zone f % 64; `done` counts finished
  // flips.  A reader whose dependency on zone z was reset at epoch e must
  // see it stale once a flip f >= e with f % 64 == z is done.
  REQUIRE(ld_flip(t.arena, kZoneSetEmpty) == MPS_RES_OK);  // make the state before racing
  std::atomic<Word> done{ld_epoch(t.arena)};
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> failures{0}, checks{0};
  const std::uint64_t seed = mps_test::test_seed("ld race");
  std::thread reader([&] {
    std::mt19937_64 rng(seed);
    while (!stop.load()) {
      mps_ld_s ld;
      ld_reset(&ld, t.arena);
      const unsigned zone = static_cast<unsigned>(rng() % kWordBits);
      ld_add(&ld, addr_in_zone(zone));
      for (int spin = 0; spin < 200; ++spin) {
        const Word finished = done.load();
        const bool stale = ld_is_stale_any(&ld, t.arena);
        bool must = false;
        for (Word f = ld._epoch; f < finished && !must; ++f) must = (f % kWordBits) == zone;
        if (must && !stale) failures.fetch_add(1);
        checks.fetch_add(1);
      }
    }
  });
  for (Word f = ld_epoch(t.arena); f < 20000; ++f) {
    REQUIRE(ld_epoch(t.arena) == f);
    REQUIRE(ld_flip(t.arena, zone_set_of_zone(static_cast<unsigned>(f % kWordBits))) == MPS_RES_OK);
    done.store(f + 1);
  }
  stop.store(true);
  reader.join();
  INFO("checks: ", checks.load());
  CHECK(failures.load() == 0);
}
