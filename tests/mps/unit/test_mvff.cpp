// test_mvff.cpp -- MVFF's internal invariants (mvff_pool.hpp): the free set
// stays coalesced and inside the spans held from the arena, memory goes
// back in whole grains, and freeing at the commit limit loses nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

#include "arena/arena.hpp"
#include "pool/mvff.hpp"
#include "pool/mvff_pool.hpp"
#include "support.hpp"

using namespace mps;

namespace {

struct MVFFTestArena {
  Arena* arena = nullptr;
  MVFFTestArena() {
    mps_arg_s args[1];
    args[0].key = MPS_KEY_ARGS_END;
    REQUIRE(arena_create(&arena, &kVMArenaClass, ArgList(args)) == MPS_RES_OK);
  }
  ~MVFFTestArena() { arena_destroy(arena); }
};

Pool* make_mvff(Arena* arena, double spare = 0.75) {
  mps_arg_s args[2];
  args[0].key = MPS_KEY_SPARE;
  args[0].val.d = spare;
  args[1].key = MPS_KEY_ARGS_END;
  Pool* pool = nullptr;
  REQUIRE(pool_create(&pool, arena, &kMVFFPoolClass, ArgList(args)) == MPS_RES_OK);
  return pool;
}

// Every free range is inside a span, both lands are consistent, and every
// span is whole grains owned by the pool.
void check_invariants(Pool* pool) {
  MVFF* mvff = mvff_of_pool(pool);
  REQUIRE(land_check(&mvff->free));
  REQUIRE(land_check(&mvff->spans));
  REQUIRE(mvff->spans.overflow_ranges == 0);
  land_each(&mvff->free, [&](Addr base, Addr limit, bool) {
    REQUIRE(land_contains(&mvff->spans, base, limit));
    return true;
  });
  land_each(&mvff->spans, [&](Addr base, Addr limit, bool) {
    REQUIRE(addr_is_aligned(base, mvff->grain_size));
    REQUIRE(addr_is_aligned(limit, mvff->grain_size));
    REQUIRE(arena_addr_pool(pool->arena, base) == pool);
    REQUIRE(arena_addr_pool(pool->arena, limit - 1) == pool);
    return true;
  });
  REQUIRE(pool_free_size(pool) <= pool_total_size(pool));
}

struct Block {
  Addr p;
  std::size_t size;
};

void fill(const Block& b) {
  for (std::size_t i = 0; i < b.size; ++i) b.p[i] = static_cast<std::uint8_t>(word_of(b.p) + i);
}
bool intact(const Block& b) {
  for (std::size_t i = 0; i < b.size; ++i) {
    if (b.p[i] != static_cast<std::uint8_t>(word_of(b.p) + i)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("MVFF: random alloc and free keep the free set inside the spans") {
  const auto seed = mps_test::test_seed("MVFF invariants");
  std::mt19937_64 rng(seed);
  MVFFTestArena a;
  for (double spare : {0.0, 0.5, 0.75, 1.0}) {
    Pool* pool = make_mvff(a.arena, spare);
    std::vector<Block> live;
    for (int step = 0; step < 5000; ++step) {
      if (live.empty() || (live.size() < 1500 && rng() % 100 < 55)) {
        Block b{nullptr, 1 + rng() % 5000};
        REQUIRE(pool_alloc(&b.p, pool, b.size) == MPS_RES_OK);
        fill(b);
        live.push_back(b);
      } else {
        std::size_t i = rng() % live.size();
        REQUIRE(intact(live[i]));
        pool_free(pool, live[i].p, live[i].size);
        live[i] = live.back();
        live.pop_back();
      }
      if (step % 500 == 0) check_invariants(pool);
    }
    for (const Block& b : live) REQUIRE(intact(b));
    for (const Block& b : live) pool_free(pool, b.p, b.size);
    check_invariants(pool);
    CHECK(pool_free_size(pool) == pool_total_size(pool));
    if (spare == 0.0) CHECK(pool_total_size(pool) == 0);
    pool_destroy(pool);
  }
}

TEST_CASE("MVFF: freeing at the commit limit never fails and loses nothing") {
  MVFFTestArena a;
  Pool* pool = make_mvff(a.arena, 1.0);  // keep everything: no returns to the arena
  MVFF* mvff = mvff_of_pool(pool);
  // Fill memory with small blocks, then pin the commit limit where it is.
  std::vector<Block> blocks;
  for (int i = 0; i < 40000; ++i) {
    Block b{nullptr, 16};
    REQUIRE(pool_alloc(&b.p, pool, b.size) == MPS_RES_OK);
    fill(b);
    blocks.push_back(b);
  }
  // Use up the node reserve's spare nodes so the frees below need new slabs.
  REQUIRE(arena_set_commit_limit(a.arena, arena_committed(a.arena) - arena_spare_committed(a.arena)) ==
          MPS_RES_OK);
  // Every other block: each free makes an isolated range needing a node.
  const std::size_t free_before = pool_free_size(pool);
  for (std::size_t i = 0; i < blocks.size(); i += 2) pool_free(pool, blocks[i].p, blocks[i].size);
  CHECK(mvff->free.overflow_ranges > 0);  // some had no node and overflowed
  CHECK(pool_free_size(pool) == free_before + 16 * ((blocks.size() + 1) / 2));
  REQUIRE(land_check(&mvff->free));
  for (std::size_t i = 1; i < blocks.size(); i += 2) REQUIRE(intact(blocks[i]));
  // Allocation still works from what the tree has.
  Addr p;
  REQUIRE(pool_alloc(&p, pool, 16) == MPS_RES_OK);
  pool_free(pool, p, 16);
  // With room again, the overflow folds back and the blocks are intact.
  REQUIRE(arena_set_commit_limit(a.arena, SIZE_MAX) == MPS_RES_OK);
  CHECK(land_flush(&mvff->free));
  CHECK(mvff->free.overflow_ranges == 0);
  check_invariants(pool);
  for (std::size_t i = 1; i < blocks.size(); i += 2) REQUIRE(intact(blocks[i]));
  for (std::size_t i = 1; i < blocks.size(); i += 2) pool_free(pool, blocks[i].p, blocks[i].size);
  check_invariants(pool);
  CHECK(pool_free_size(pool) == pool_total_size(pool));
  pool_destroy(pool);
}

TEST_CASE("MVFF: misuse of mps_free is reported in words") {
  MVFFTestArena a;
  Pool* pool = make_mvff(a.arena);
  Addr p;
  REQUIRE(pool_alloc(&p, pool, 64) == MPS_RES_OK);
  static std::uint64_t foreign[8];
  CHECK_ASSERTS(pool_free(pool, reinterpret_cast<Addr>(foreign), 16), "not allocated by this pool");
  CHECK_ASSERTS(pool_free(pool, p + 4, 16), "not allocated by this pool");
  CHECK_ASSERTS((pool_free(pool, p, 64), pool_free(pool, p, 64)), "double free");
  if constexpr (mps_test::kCool) {
    CHECK_ASSERTS(pool_free(pool, p, 1 << 20), "wrong size");
  }
  pool_free(pool, p, 64);
  pool_destroy(pool);
}

TEST_CASE("MVFF: buffer fills are first fit and bounded, and the tail comes back") {
  MVFFTestArena a;
  Pool* pool = make_mvff(a.arena, 1.0);
  MVFF* mvff = mvff_of_pool(pool);
  // Carve the pool's first span into a small hole, a large hole and the rest.
  Addr p;
  REQUIRE(pool_alloc(&p, pool, 64 * 1024) == MPS_RES_OK);
  pool_free(pool, p + 256, 512);             // hole A: 512 bytes, low
  pool_free(pool, p + 8192, 40 * 1024);      // hole B: 40 KiB, higher
  const std::size_t free_before = pool_free_size(pool);
  Addr base, limit;
  // A small request fits hole A but the fill searches for 1 KiB at least,
  // so it lands in B: the low end of B, at most 8 KiB of it.
  REQUIRE(mvff_buffer_fill(&base, &limit, pool, nullptr, 64) == MPS_RES_OK);
  CHECK(base == p + 8192);
  CHECK(addr_offset(base, limit) == 8192);
  CHECK(pool_free_size(pool) == free_before - 8192);
  // The unused tail goes back and coalesces with the rest of B.
  mvff_buffer_empty(pool, nullptr, base + 128, limit);
  CHECK(land_contains(&mvff->free, base + 128, p + 48 * 1024));
  // A request larger than the bound gets exactly its size, first fit.
  REQUIRE(mvff_buffer_fill(&base, &limit, pool, nullptr, 20 * 1024) == MPS_RES_OK);
  CHECK(base == p + 8192 + 128);
  CHECK(addr_offset(base, limit) == 20 * 1024);
  mvff_buffer_empty(pool, nullptr, base, limit);
  // When no range reaches the search size, one holding the request will do
  // before the arena is asked: here hole A, taken whole.
  REQUIRE(pool_alloc(&p, pool, 40 * 1024 - 128) == MPS_RES_OK);  // fills B's remainder
  std::vector<std::pair<Addr, Addr>> above;  // and anything above it
  land_each(&mvff->free, [&](Addr b, Addr l, bool) {
    if (b > p) above.emplace_back(b, l);
    return true;
  });
  for (auto& r : above) REQUIRE(land_delete(&mvff->free, r.first, r.second) == MPS_RES_OK);
  const std::size_t total_before = pool_total_size(pool);
  REQUIRE(mvff_buffer_fill(&base, &limit, pool, nullptr, 256) == MPS_RES_OK);
  CHECK(addr_offset(base, limit) == 512);
  CHECK(pool_total_size(pool) == total_before);
  check_invariants(pool);
  pool_destroy(pool);
}
