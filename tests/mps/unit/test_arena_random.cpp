// test_arena_random.cpp -- random allocation and freeing of grains, with the
// page table and the accounting checked against a shadow model after every
// step.  Prints its seed; set MPS_TEST_SEED to replay a run.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <vector>

#include "support.hpp"
#include "test_arena_support.hpp"

using namespace mps;
using arena_test::Keys;

namespace {

struct Live {
  Addr base;
  std::size_t grains;
  Pool* pool;
};

}  // namespace

TEST_CASE("arena/random: the page table agrees with a shadow model at every step") {
  std::mt19937_64 rng(mps_test::test_seed("arena/random"));
  const double spare = static_cast<double>(rng() % 5) / 4.0;
  Arena* arena = arena_test::make_vm_arena(
      Keys().size(MPS_KEY_ARENA_SIZE, std::size_t{1} << 20).d(MPS_KEY_SPARE, spare));
  REQUIRE(arena != nullptr);
  const std::size_t grain = arena_grain_size(arena);
  arena_test::FakePools fake;
  Pool* pools[] = {&fake.a, &fake.b, &fake.c};

  std::vector<Live> live;
  std::map<Addr, Pool*> shadow;  // grain base -> owner, for live grains only
  std::vector<Addr> freed;       // recently freed grains, to check they read as free

  for (int step = 0; step < 2000; ++step) {
    const bool do_alloc = live.empty() || rng() % 100 < 55;
    if (do_alloc) {
      const std::size_t n = 1 + (rng() % 10 == 0 ? rng() % 300 : rng() % 8);
      Pool* pool = pools[rng() % 3];
      const Placement where = rng() % 4 == 0 ? Placement::high : Placement::low;
      Addr p;
      REQUIRE(arena_alloc(&p, arena, n * grain, pool, where) == MPS_RES_OK);
      for (std::size_t i = 0; i < n; ++i) {
        CHECK(shadow.count(p + i * grain) == 0);  // never handed out twice
        shadow[p + i * grain] = pool;
      }
      live.push_back({p, n, pool});
    } else {
      const std::size_t k = rng() % live.size();
      Live block = live[k];
      // Free the whole block, or a tail of it.
      const std::size_t keep = rng() % 3 == 0 ? rng() % block.grains : 0;
      const std::size_t n = block.grains - keep;
      const Addr base = block.base + keep * grain;
      arena_free(arena, base, n * grain);
      for (std::size_t i = 0; i < n; ++i) {
        shadow.erase(base + i * grain);
        freed.push_back(base + i * grain);
      }
      if (keep == 0) {
        live[k] = live.back();
        live.pop_back();
      } else {
        live[k].grains = keep;
      }
    }
    if (rng() % 200 == 0) arena_set_spare(arena, static_cast<double>(rng() % 5) / 4.0);

    // Every live grain names its owner; every freed grain not reused names
    // none.  (Counted, then checked once, to keep the test quick.)
    std::size_t wrong = 0;
    for (const Live& b : live) {
      for (std::size_t i = 0; i < b.grains; ++i) {
        wrong += arena_addr_pool(arena, b.base + i * grain + (i * 40) % grain) != b.pool;
      }
    }
    for (Addr a : freed) {
      auto it = shadow.find(a);
      wrong += arena_addr_pool(arena, a) != (it == shadow.end() ? nullptr : it->second);
      wrong += !arena_has_addr(arena, a);
    }
    REQUIRE(wrong == 0);
    if (freed.size() > 500) freed.erase(freed.begin(), freed.begin() + 250);
    REQUIRE(arena_check(arena));
    REQUIRE(arena_spare_committed(arena) <= arena_committed(arena));
    REQUIRE(static_cast<double>(arena_spare_committed(arena)) <=
            arena_spare(arena) * static_cast<double>(arena_committed(arena)) + 1.0);
    REQUIRE(arena_committed(arena) - arena_spare_committed(arena) >= shadow.size() * grain);
  }
  for (const Live& b : live) arena_free(arena, b.base, b.grains * grain);
  arena_set_spare(arena, 0.0);
  CHECK(arena_spare_committed(arena) == 0);
  arena_destroy(arena);
}
