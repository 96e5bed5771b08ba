// test_zone_placement.cpp -- zone-aware placement (architecture.md,
// Decisions: Zones): arena_alloc_zoned honours its preferences in order and
// falls back to any room; MPS_KEY_ARENA_ZONED false turns it off; a chain's
// generations occupy distinct zones (chain_alloc).
#include <doctest/doctest.h>

#include <vector>

#include "arena/chain.hpp"
#include "support.hpp"
#include "test_arena_support.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/trace.hpp"

using namespace mps;
using arena_test::FakePools;
using arena_test::Keys;

namespace {

constexpr std::size_t kStripe = std::size_t{1} << kZoneShift;  // the width of one zone's stripe

// 256 MiB: every zone has four stripes in the arena's one chunk.
Arena* make_arena(Keys keys = Keys()) {
  return arena_test::make_vm_arena(keys.size(MPS_KEY_ARENA_SIZE, std::size_t{256} << 20));
}

// A zone whose stripes lie well inside the chunk (not the header's).
unsigned inner_zone(Arena* arena, FakePools* pools) {
  Addr probe;
  REQUIRE(arena_alloc(&probe, arena, arena_grain_size(arena), &pools->c) == MPS_RES_OK);
  const unsigned zone = (zone_of(probe) + 8) % kWordBits;
  arena_free(arena, probe, arena_grain_size(arena));
  return zone;
}

}  // namespace

TEST_CASE("zones: allocations go to the preferred zone while it has room, then to the next preference") {
  Arena* arena = make_arena();
  REQUIRE(arena != nullptr);
  FakePools pools;
  const unsigned zone = inner_zone(arena, &pools);
  const ZoneSet prefer[] = {zone_set_of_zone(zone), zone_set_of_zone((zone + 1) % kWordBits)};
  // Four stripes of the zone hold four 1 MiB blocks; the fifth goes to the
  // second preference.
  std::vector<Addr> blocks;
  for (int i = 0; i < 5; ++i) {
    Addr p;
    REQUIRE(arena_alloc_zoned(&p, arena, kStripe, &pools.a, prefer, 2) == MPS_RES_OK);
    blocks.push_back(p);
  }
  for (int i = 0; i < 4; ++i) CHECK(zone_set_of_range(blocks[i], blocks[i] + kStripe) == prefer[0]);
  CHECK(zone_set_of_range(blocks[4], blocks[4] + kStripe) == prefer[1]);
  // With no preference left that has room, any free run will do.
  Addr anywhere;
  const ZoneSet only_first[] = {prefer[0]};
  REQUIRE(arena_alloc_zoned(&anywhere, arena, kStripe, &pools.a, only_first, 1) == MPS_RES_OK);
  CHECK((zone_set_of_range(anywhere, anywhere + kStripe) & prefer[0]) == 0);
  for (Addr p : blocks) arena_free(arena, p, kStripe);
  arena_free(arena, anywhere, kStripe);
  arena_destroy(arena);
}

TEST_CASE("zones: a run longer than a stripe lies wholly in consecutive preferred zones") {
  Arena* arena = make_arena();
  REQUIRE(arena != nullptr);
  FakePools pools;
  const unsigned zone = inner_zone(arena, &pools);
  ZoneSet three = kZoneSetEmpty;
  for (unsigned k = 0; k < 3; ++k) three |= zone_set_of_zone((zone + k) % kWordBits);
  const std::size_t size = 3 * kStripe - arena_grain_size(arena);
  Addr p;
  REQUIRE(arena_alloc_zoned(&p, arena, size, &pools.a, &three, 1) == MPS_RES_OK);
  CHECK((zone_set_of_range(p, p + size) & ~three) == 0);
  arena_free(arena, p, size);
  arena_destroy(arena);
}

TEST_CASE("zones: MPS_KEY_ARENA_ZONED false ignores the preferences") {
  Arena* arena = make_arena(Keys().b(MPS_KEY_ARENA_ZONED, false));
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr low;
  REQUIRE(arena_alloc(&low, arena, grain, &pools.a) == MPS_RES_OK);
  arena_free(arena, low, grain);
  const ZoneSet elsewhere = ~zone_set_of_addr(low);
  Addr p;
  REQUIRE(arena_alloc_zoned(&p, arena, grain, &pools.a, &elsewhere, 1) == MPS_RES_OK);
  CHECK(p == low);  // first fit, as arena_alloc
  arena_free(arena, p, grain);
  arena_destroy(arena);
}

TEST_CASE("zones: each generation of a chain is placed in zones of its own") {
  Arena* arena = make_arena();
  REQUIRE(arena != nullptr);
  FakePools pools;
  const mps_gen_param_s params[] = {{1024, 0.9}, {1024, 0.5}};
  Chain* chain = nullptr;
  REQUIRE(chain_create(&chain, arena, 2, params) == MPS_RES_OK);
  // Interleaved, as a collection promoting while the mutator allocates.
  const std::size_t size = std::size_t{64} << 10;
  std::vector<Addr> young, old, top;
  for (int i = 0; i < 40; ++i) {
    Addr p;
    REQUIRE(chain_alloc(&p, chain, 0, size, &pools.a) == MPS_RES_OK);
    young.push_back(p);
    REQUIRE(chain_alloc(&p, chain, 1, size, &pools.a) == MPS_RES_OK);
    old.push_back(p);
    REQUIRE(chain_alloc(&p, chain, chain_top_index(chain), size, &pools.a) == MPS_RES_OK);
    top.push_back(p);
  }
  const ZoneSet z0 = chain_generation(chain, 0)->zones;
  const ZoneSet z1 = chain_generation(chain, 1)->zones;
  const ZoneSet zt = chain_generation(chain, chain_top_index(chain))->zones;
  CHECK((z0 & z1) == 0);
  CHECK((z0 & zt) == 0);
  CHECK((z1 & zt) == 0);
  for (Addr p : young) CHECK((zone_set_of_range(p, p + size) & ~z0) == 0);
  for (Addr p : old) CHECK((zone_set_of_range(p, p + size) & ~z1) == 0);
  for (Addr p : top) CHECK((zone_set_of_range(p, p + size) & ~zt) == 0);
  // 2.5 MiB per generation: a few zones each, not the whole address space.
  CHECK(__builtin_popcountl(z0) <= 4);
  for (auto* list : {&young, &old, &top}) {
    for (Addr p : *list) arena_free(arena, p, size);
  }
  chain_destroy(chain);
  mps_test::destroy_collected_arena(arena);
}
