// test_sac.cpp -- unit tests of segregated allocation caches through the C++
// internals: the public layout the macros read, fill/empty, flush, and
// caches over real MFS and MVFF pools.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "alloc/sac.hpp"
#include "arena/arena.hpp"
#include "mpscmfs.h"
#include "pool/mfs.hpp"
#include "pool/mvff.hpp"
#include "pool/pool.hpp"
#include "support.hpp"

using namespace mps;

namespace {

struct SacTestArena {
  Arena* arena = nullptr;
  SacTestArena() {
    mps_arg_s args[1];
    args[0].key = MPS_KEY_ARGS_END;
    REQUIRE(arena_create(&arena, &kVMArenaClass, ArgList(args)) == MPS_RES_OK);
  }
  ~SacTestArena() { arena_destroy(arena); }
};

// A counting backend over malloc, so the cache's traffic to its pool can be
// seen exactly.  (The test may malloc; the library may not.)
struct CountingPool {
  std::map<Addr, std::size_t> live;  // block -> size it was allocated with
  std::size_t allocs = 0, frees = 0;
  bool fail = false;
};

Res counting_alloc(Addr* p_o, void* pool, std::size_t size) {
  auto* cp = static_cast<CountingPool*>(pool);
  if (cp->fail) return MPS_RES_COMMIT_LIMIT;
  void* p = std::aligned_alloc(16, align_up(size, 16));
  cp->live[static_cast<Addr>(p)] = size;
  ++cp->allocs;
  *p_o = static_cast<Addr>(p);
  return MPS_RES_OK;
}

void counting_free(void* pool, Addr p, std::size_t size) {
  auto* cp = static_cast<CountingPool*>(pool);
  auto it = cp->live.find(p);
  REQUIRE(it != cp->live.end());
  CHECK(it->second == size);  // freed with the size it was allocated with
  cp->live.erase(it);
  ++cp->frees;
  std::free(p);
}

SacBackend counting_backend(Arena* arena, CountingPool* cp) {
  return SacBackend{cp, arena, counting_alloc, counting_free, 8};
}

Res pool_backend_alloc(Addr* p_o, void* pool, std::size_t size) {
  return pool_alloc(p_o, static_cast<Pool*>(pool), size);
}
void pool_backend_free(void* pool, Addr p, std::size_t size) { pool_free(static_cast<Pool*>(pool), p, size); }

SacBackend pool_backend(Pool* pool) {
  return SacBackend{pool, pool->arena, pool_backend_alloc, pool_backend_free, pool->alignment};
}

// What MPS_SAC_ALLOC_FAST does, with the macro itself on the fast path.
Res macro_alloc(Addr* p_o, Sac* sac, std::size_t size) {
  mps_sac_t s = handle_of_sac(sac);
  std::size_t i;
  _MPS_SAC_FIND(i, s, size);
  if (s->_freelists[i]._count != 0) {
    Addr p = addr_of(s->_freelists[i]._blocks);
    s->_freelists[i]._blocks = *reinterpret_cast<mps_addr_t*>(p);
    --s->_freelists[i]._count;
    *p_o = p;
    return MPS_RES_OK;
  }
  return sac_fill(p_o, sac, size);
}

}  // namespace

TEST_CASE("SAC: the public layout follows the interface") {
  SacTestArena a;
  CountingPool cp;
  // Frequencies 1,1,1,10,1: cumulative reaches half (7) at class 3 (size 64).
  mps_sac_class_s classes[5] = {{8, 4, 1}, {16, 5, 1}, {32, 6, 1}, {64, 7, 10}, {128, 8, 1}};
  Sac* sac;
  REQUIRE(sac_create(&sac, counting_backend(a.arena, &cp), 5, classes) == MPS_RES_OK);
  CHECK(sac_check(sac));
  CHECK(sac_pool(sac) == &cp);
  mps_sac_t s = handle_of_sac(sac);
  CHECK(static_cast<void*>(s) == static_cast<void*>(sac));
  CHECK(s->_middle == 64);
  CHECK(s->_trapped == 0);
  // Even slots: classes above the middle, then the sentinel.
  CHECK(s->_freelists[0]._size == 128);
  CHECK(s->_freelists[0]._count_max == 8);
  CHECK(s->_freelists[2]._size == SIZE_MAX);
  CHECK(s->_freelists[2]._count == 0);
  CHECK(s->_freelists[2]._count_max == 0);
  // Odd slots: the middle and below, decreasing, each holding the next
  // smaller class's size.
  CHECK(s->_freelists[1]._size == 32);
  CHECK(s->_freelists[1]._count_max == 7);
  CHECK(s->_freelists[3]._size == 16);
  CHECK(s->_freelists[3]._count_max == 6);
  CHECK(s->_freelists[5]._size == 8);
  CHECK(s->_freelists[5]._count_max == 5);
  CHECK(s->_freelists[7]._size == 0);
  CHECK(s->_freelists[7]._count_max == 4);
  for (std::size_t i = 0; i < 2 * MPS_SAC_CLASS_LIMIT; ++i) CHECK(s->_freelists[i]._count == 0);

  // The macros' search lands on the right slot for every size.
  auto slot_of = [&](std::size_t size) {
    std::size_t i;
    _MPS_SAC_FIND(i, s, size);
    return i;
  };
  CHECK(slot_of(1) == 7);
  CHECK(slot_of(8) == 7);
  CHECK(slot_of(9) == 5);
  CHECK(slot_of(16) == 5);
  CHECK(slot_of(17) == 3);
  CHECK(slot_of(33) == 1);
  CHECK(slot_of(64) == 1);
  CHECK(slot_of(65) == 0);
  CHECK(slot_of(128) == 0);
  CHECK(slot_of(129) == 2);
  CHECK(slot_of(100000) == 2);
  sac_destroy(sac);
  CHECK(cp.live.empty());
}

TEST_CASE("SAC: fill preloads a third, hits come from the cache, empty trims with hysteresis") {
  SacTestArena a;
  CountingPool cp;
  mps_sac_class_s classes[2] = {{16, 9, 1}, {64, 0, 1}};
  Sac* sac;
  REQUIRE(sac_create(&sac, counting_backend(a.arena, &cp), 2, classes) == MPS_RES_OK);
  mps_sac_t s = handle_of_sac(sac);
  std::size_t slot;
  _MPS_SAC_FIND(slot, s, 16);

  Addr p;
  REQUIRE(macro_alloc(&p, sac, 10) == MPS_RES_OK);
  CHECK(cp.live.at(p) == 16);               // the class's block size
  CHECK(s->_freelists[slot]._count == 3);   // a third of 9 preloaded
  CHECK(cp.allocs == 4);
  std::vector<Addr> blocks{p};
  for (int i = 0; i < 3; ++i) {
    REQUIRE(macro_alloc(&p, sac, 16) == MPS_RES_OK);
    blocks.push_back(p);
  }
  CHECK(cp.allocs == 4);                    // all three were hits
  CHECK(s->_freelists[slot]._count == 0);

  // Uncached class: straight through.
  REQUIRE(sac_alloc(&p, sac, 40) == MPS_RES_OK);
  CHECK(cp.live.at(p) == 64);
  sac_free(sac, p, 40);
  CHECK(cp.live.count(p) == 0);

  // Overlarge: the requested size rounded to the alignment.
  REQUIRE(sac_alloc(&p, sac, 1001) == MPS_RES_OK);
  CHECK(cp.live.at(p) == 1008);
  sac_free(sac, p, 1001);

  // Free until the list is full, then one more: that block and about a
  // third of the list go back.
  for (int i = 0; i < 8; ++i) {
    REQUIRE(sac_alloc(&p, sac, 16) == MPS_RES_OK);
    blocks.push_back(p);
  }
  while (s->_freelists[slot]._count < 9) {
    sac_free(sac, blocks.back(), 16);
    blocks.pop_back();
  }
  const std::size_t frees_before = cp.frees;
  sac_free(sac, blocks.back(), 16);
  blocks.pop_back();
  CHECK(s->_freelists[slot]._count == 6);
  CHECK(cp.frees == frees_before + 4);

  // Flush returns every cached block.
  sac_flush(sac);
  CHECK(s->_freelists[slot]._count == 0);
  CHECK(cp.live.size() == blocks.size());
  for (Addr b : blocks) sac_free(sac, b, 16);
  sac_destroy(sac);
  CHECK(cp.live.empty());
}

TEST_CASE("SAC: failure to get a block returns the pool's code and changes nothing") {
  SacTestArena a;
  CountingPool cp;
  mps_sac_class_s classes[1] = {{32, 10, 1}};
  Sac* sac;
  REQUIRE(sac_create(&sac, counting_backend(a.arena, &cp), 1, classes) == MPS_RES_OK);
  cp.fail = true;
  Addr p = nullptr;
  CHECK(sac_alloc(&p, sac, 32) == MPS_RES_COMMIT_LIMIT);
  CHECK(sac_alloc(&p, sac, 4096) == MPS_RES_COMMIT_LIMIT);
  CHECK(p == nullptr);
  cp.fail = false;
  REQUIRE(sac_alloc(&p, sac, 32) == MPS_RES_OK);
  sac_free(sac, p, 32);
  sac_destroy(sac);
  CHECK(cp.live.empty());
}

TEST_CASE("SAC: class limits and misuse") {
  SacTestArena a;
  CountingPool cp;
  mps_sac_class_s many[MPS_SAC_CLASS_LIMIT + 1];
  for (std::size_t i = 0; i <= MPS_SAC_CLASS_LIMIT; ++i) many[i] = {8 * (i + 1), 4, 1};
  Sac* sac = nullptr;
  CHECK(sac_create(&sac, counting_backend(a.arena, &cp), MPS_SAC_CLASS_LIMIT + 1, many) == MPS_RES_LIMIT);
  REQUIRE(sac_create(&sac, counting_backend(a.arena, &cp), MPS_SAC_CLASS_LIMIT, many) == MPS_RES_OK);
  // Every class is reachable through the layout.
  std::vector<Addr> blocks;
  for (std::size_t i = 0; i < MPS_SAC_CLASS_LIMIT; ++i) {
    Addr p;
    REQUIRE(macro_alloc(&p, sac, many[i].mps_block_size) == MPS_RES_OK);
    CHECK(cp.live.at(p) == many[i].mps_block_size);
    blocks.push_back(p);
  }
  for (std::size_t i = 0; i < MPS_SAC_CLASS_LIMIT; ++i) sac_free(sac, blocks[i], many[i].mps_block_size);
  sac_destroy(sac);
  CHECK(cp.live.empty());

  mps_sac_class_s unordered[2] = {{32, 1, 1}, {16, 1, 1}};
  CHECK_ASSERTS((void)sac_create(&sac, counting_backend(a.arena, &cp), 2, unordered), "strictly increasing");
  mps_sac_class_s tiny[1] = {{4, 1, 1}};
  CHECK_ASSERTS((void)sac_create(&sac, counting_backend(a.arena, &cp), 1, tiny), "less than a pointer");
  mps_sac_class_s odd[1] = {{20, 1, 1}};
  CHECK_ASSERTS((void)sac_create(&sac, counting_backend(a.arena, &cp), 1, odd), "multiple of the pool's alignment");
  CHECK_ASSERTS((void)sac_create(&sac, counting_backend(a.arena, &cp), 0, odd), "at least one");
}

TEST_CASE("SAC: the middle class with all-zero frequencies is the smallest") {
  SacTestArena a;
  CountingPool cp;
  mps_sac_class_s classes[3] = {{8, 2, 0}, {16, 2, 0}, {24, 2, 0}};
  Sac* sac;
  REQUIRE(sac_create(&sac, counting_backend(a.arena, &cp), 3, classes) == MPS_RES_OK);
  mps_sac_t s = handle_of_sac(sac);
  CHECK(s->_middle == 8);
  CHECK(s->_freelists[0]._size == 16);
  CHECK(s->_freelists[2]._size == 24);
  CHECK(s->_freelists[4]._size == SIZE_MAX);
  CHECK(s->_freelists[1]._size == 0);
  sac_destroy(sac);
}

TEST_CASE("SAC: over an MFS pool, flush returns memory to the pool") {
  SacTestArena a;
  mps_arg_s args[2];
  args[0].key = MPS_KEY_MFS_UNIT_SIZE;
  args[0].val.size = 48;
  args[1].key = MPS_KEY_ARGS_END;
  Pool* pool;
  REQUIRE(pool_create(&pool, a.arena, &kMFSPoolClass, ArgList(args)) == MPS_RES_OK);
  mps_sac_class_s classes[1] = {{48, 30, 1}};
  Sac* sac;
  REQUIRE(sac_create(&sac, pool_backend(pool), 1, classes) == MPS_RES_OK);
  std::vector<Addr> blocks;
  for (int i = 0; i < 100; ++i) {
    Addr p;
    REQUIRE(macro_alloc(&p, sac, 48) == MPS_RES_OK);
    blocks.push_back(p);
  }
  for (Addr b : blocks) sac_free(sac, b, 48);
  const std::size_t free_cached = pool_free_size(pool);
  sac_flush(sac);
  CHECK(pool_free_size(pool) > free_cached);
  CHECK(pool_free_size(pool) == pool_total_size(pool));
  sac_destroy(sac);
  pool_destroy(pool);
}

TEST_CASE("SAC: over an MVFF pool, random use keeps every block intact") {
  const auto seed = mps_test::test_seed("SAC random");
  std::mt19937_64 rng(seed);
  SacTestArena a;
  mps_arg_s none[1];
  none[0].key = MPS_KEY_ARGS_END;
  Pool* pool;
  REQUIRE(pool_create(&pool, a.arena, &kMVFFPoolClass, ArgList(none)) == MPS_RES_OK);
  mps_sac_class_s classes[4] = {{16, 20, 5}, {48, 10, 3}, {128, 5, 1}, {512, 2, 1}};
  Sac* sac;
  REQUIRE(sac_create(&sac, pool_backend(pool), 4, classes) == MPS_RES_OK);
  struct Live { Addr p; std::size_t size; std::uint8_t tag; };
  std::vector<Live> live;
  for (unsigned step = 0; step < 20000; ++step) {
    if (live.empty() || rng() % 2 == 0) {
      std::size_t size = 1 + rng() % (rng() % 8 == 0 ? 3000 : 520);
      Addr p;
      REQUIRE(macro_alloc(&p, sac, size) == MPS_RES_OK);
      auto tag = static_cast<std::uint8_t>(step);
      std::memset(p, tag, size);
      live.push_back({p, size, tag});
    } else {
      std::size_t i = rng() % live.size();
      for (std::size_t k = 0; k < live[i].size; ++k) REQUIRE(live[i].p[k] == live[i].tag);
      sac_free(sac, live[i].p, live[i].size);
      live[i] = live.back();
      live.pop_back();
    }
  }
  for (const Live& l : live) sac_free(sac, l.p, l.size);
  sac_flush(sac);
  CHECK(pool_free_size(pool) == pool_total_size(pool));
  sac_destroy(sac);
  pool_destroy(pool);
}
