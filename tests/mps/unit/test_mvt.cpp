// test_mvt.cpp -- unit tests of the MVT pool class through the C++ internals.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "alloc/buffer.hpp"
#include "arena/arena.hpp"
#include "mpscmvt.h"
#include "pool/mvt.hpp"
#include "pool/pool.hpp"
#include "support.hpp"

using namespace mps;

namespace {

struct MVTTestArena {
  Arena* arena = nullptr;
  MVTTestArena() {
    mps_arg_s args[1];
    args[0].key = MPS_KEY_ARGS_END;
    REQUIRE(arena_create(&arena, &kVMArenaClass, ArgList(args)) == MPS_RES_OK);
  }
  ~MVTTestArena() { arena_destroy(arena); }
};

struct MVTParams {
  std::size_t align = 0, min = 0, mean = 0, max = 0;
  mps_word_t depth = ~mps_word_t{0};
  double frag = -1.0;
};

Pool* make_mvt(Arena* arena, const MVTParams& p = {}) {
  mps_arg_s args[8];
  unsigned n = 0;
  if (p.align) { args[n].key = MPS_KEY_ALIGN; args[n++].val.align = p.align; }
  if (p.min) { args[n].key = MPS_KEY_MIN_SIZE; args[n++].val.size = p.min; }
  if (p.mean) { args[n].key = MPS_KEY_MEAN_SIZE; args[n++].val.size = p.mean; }
  if (p.max) { args[n].key = MPS_KEY_MAX_SIZE; args[n++].val.size = p.max; }
  if (p.depth != ~mps_word_t{0}) { args[n].key = MPS_KEY_MVT_RESERVE_DEPTH; args[n++].val.count = p.depth; }
  if (p.frag >= 0.0) { args[n].key = MPS_KEY_MVT_FRAG_LIMIT; args[n++].val.d = p.frag; }
  args[n].key = MPS_KEY_ARGS_END;
  Pool* pool = nullptr;
  REQUIRE(pool_create(&pool, arena, &kMVTPoolClass, ArgList(args)) == MPS_RES_OK);
  CHECK(args[0].key == MPS_KEY_ARGS_END);  // every key consumed
  return pool;
}

Buffer* make_ap(Pool* pool) {
  mps_arg_s none[1];
  none[0].key = MPS_KEY_ARGS_END;
  Buffer* b = nullptr;
  REQUIRE(pool_buffer_create(&b, pool, ArgList(none)) == MPS_RES_OK);
  return b;
}

// mps_reserve + mps_commit, done the way the macros do them.
Res ap_alloc(Addr* p_o, Buffer* b, std::size_t size) {
  Addr p;
  mps_ap_s& ap = b->ap;
  if (ap.limit != nullptr && size <= addr_offset(ap.alloc, ap.limit)) {
    p = addr_of(ap.alloc);
    ap.alloc = p + size;
  } else {
    Res res = pool_buffer_fill(&p, b, size);
    if (res != MPS_RES_OK) return res;
  }
  ap.init = ap.alloc;
  if (ap.limit == nullptr) REQUIRE(pool_buffer_trip(b, p, size));
  *p_o = p;
  return MPS_RES_OK;
}

void fill_pattern(Addr p, std::size_t size, unsigned tag) {
  for (std::size_t i = 0; i < size; ++i) p[i] = static_cast<std::uint8_t>(tag * 7 + i);
}
bool has_pattern(Addr p, std::size_t size, unsigned tag) {
  for (std::size_t i = 0; i < size; ++i)
    if (p[i] != static_cast<std::uint8_t>(tag * 7 + i)) return false;
  return true;
}

}  // namespace

TEST_CASE("MVT: consecutive allocation point allocations are adjacent") {
  MVTTestArena a;
  Pool* pool = make_mvt(a.arena);
  Buffer* b = make_ap(pool);
  Addr prev, p;
  REQUIRE(ap_alloc(&prev, b, 64) == MPS_RES_OK);
  for (int i = 0; i < 100; ++i) {
    REQUIRE(ap_alloc(&p, b, 64) == MPS_RES_OK);
    CHECK(p == prev + 64);
    prev = p;
  }
  CHECK(pool_total_size(pool) >= 101 * 64);
  pool_buffer_destroy(b);
  pool_destroy(pool);
}

TEST_CASE("MVT: mps_alloc is not supported") {
  MVTTestArena a;
  Pool* pool = make_mvt(a.arena);
  CHECK_ASSERTS(Addr p; (void)pool_alloc(&p, pool, 64), "does not support mps_alloc");
  pool_destroy(pool);
}

TEST_CASE("MVT: freed memory coalesces and is reused for later fills") {
  MVTTestArena a;
  const std::size_t grain = arena_grain_size(a.arena);
  Pool* pool = make_mvt(a.arena, {.max = grain});
  Buffer* b = make_ap(pool);
  std::vector<Addr> blocks;
  Addr p;
  for (unsigned i = 0; i < 4 * grain / 128; ++i) {  // fills four regions
    REQUIRE(ap_alloc(&p, b, 128) == MPS_RES_OK);
    blocks.push_back(p);
  }
  pool_buffer_destroy(b);  // the unused tail goes back
  const std::size_t total = pool_total_size(pool);
  for (Addr q : blocks) pool_free(pool, q, 128);
  CHECK(pool_free_size(pool) == pool_total_size(pool));  // within the reserve: nothing returned
  CHECK(pool_total_size(pool) == total);
  // New allocations reuse the free memory instead of growing.
  b = make_ap(pool);
  for (unsigned i = 0; i < 4 * grain / 128; ++i) REQUIRE(ap_alloc(&p, b, 128) == MPS_RES_OK);
  CHECK(pool_total_size(pool) == total);
  pool_buffer_destroy(b);
  pool_destroy(pool);
}

TEST_CASE("MVT: blocks larger than MAX_SIZE get a region of their own") {
  MVTTestArena a;
  const std::size_t grain = arena_grain_size(a.arena);
  Pool* pool = make_mvt(a.arena, {.max = 1024, .depth = 0});
  Buffer* b = make_ap(pool);
  Addr small, big;
  REQUIRE(ap_alloc(&small, b, 64) == MPS_RES_OK);
  REQUIRE(ap_alloc(&big, b, 5 * grain) == MPS_RES_OK);
  fill_pattern(big, 5 * grain, 3);
  CHECK(has_pattern(big, 5 * grain, 3));
  const std::size_t total = pool_total_size(pool);
  CHECK(total >= 6 * grain);
  pool_buffer_destroy(b);
  pool_free(pool, big, 5 * grain);
  // Reserve depth 0: the whole free span goes back to the arena.
  CHECK(pool_total_size(pool) < total);
  pool_free(pool, small, 64);
  CHECK(pool_total_size(pool) == 0);
  pool_destroy(pool);
}

TEST_CASE("MVT: free memory beyond the reserve goes back to the arena") {
  MVTTestArena a;
  const std::size_t grain = arena_grain_size(a.arena);
  // Reserve: 4 x 1024 bytes; regions of one grain.
  Pool* pool = make_mvt(a.arena, {.mean = 1024, .max = grain, .depth = 4});
  Buffer* b = make_ap(pool);
  std::vector<Addr> blocks;
  Addr p;
  for (unsigned i = 0; i < 32 * grain / 1024; ++i) {
    REQUIRE(ap_alloc(&p, b, 1024) == MPS_RES_OK);
    blocks.push_back(p);
  }
  pool_buffer_destroy(b);
  CHECK(pool_total_size(pool) >= 32 * grain);
  for (Addr q : blocks) pool_free(pool, q, 1024);
  CHECK(pool_free_size(pool) <= 4 * 1024);
  CHECK(pool_total_size(pool) <= 4 * 1024 + grain);
  pool_destroy(pool);
}

TEST_CASE("MVT: random reserve/commit and frees in random order keep blocks intact") {
  const auto seed = mps_test::test_seed("MVT random");
  std::mt19937_64 rng(seed);
  MVTTestArena a;
  MVTParams params{.min = 8, .mean = 64, .max = 4096, .depth = rng() % 64, .frag = (rng() % 101) / 100.0};
  Pool* pool = make_mvt(a.arena, params);
  Buffer* aps[3] = {make_ap(pool), make_ap(pool), make_ap(pool)};
  struct Live { Addr p; std::size_t size; unsigned tag; };
  std::vector<Live> live;
  for (unsigned step = 0; step < 20000; ++step) {
    if (live.empty() || rng() % 5 < 3) {
      std::size_t size = align_up(1 + rng() % (rng() % 16 == 0 ? 10000 : 200), MPS_PF_ALIGN);
      Addr p;
      REQUIRE(ap_alloc(&p, aps[rng() % 3], size) == MPS_RES_OK);
      fill_pattern(p, size, step);
      live.push_back({p, size, step});
    } else {
      std::size_t i = rng() % live.size();
      REQUIRE(has_pattern(live[i].p, live[i].size, live[i].tag));
      pool_free(pool, live[i].p, live[i].size);
      live[i] = live.back();
      live.pop_back();
    }
    if (step % 4096 == 0) CHECK(pool_free_size(pool) <= pool_total_size(pool));
  }
  // No two live blocks overlap.
  std::sort(live.begin(), live.end(), [](const Live& x, const Live& y) { return x.p < y.p; });
  for (std::size_t i = 1; i < live.size(); ++i) CHECK(live[i - 1].p + live[i - 1].size <= live[i].p);
  for (const Live& l : live) CHECK(has_pattern(l.p, l.size, l.tag));
  for (Buffer* b : aps) pool_buffer_destroy(b);
  std::shuffle(live.begin(), live.end(), rng);
  for (const Live& l : live) pool_free(pool, l.p, l.size);
  CHECK(pool_free_size(pool) == pool_total_size(pool));
  pool_destroy(pool);
}

TEST_CASE("MVT: commit limit exhaustion returns MPS_RES_COMMIT_LIMIT and keeps blocks") {
  MVTTestArena a;
  const std::size_t grain = arena_grain_size(a.arena);
  Pool* pool = make_mvt(a.arena, {.max = grain});
  Buffer* b = make_ap(pool);
  Addr p;
  REQUIRE(ap_alloc(&p, b, 256) == MPS_RES_OK);
  std::vector<Addr> blocks{p};
  REQUIRE(arena_set_commit_limit(a.arena, arena_committed(a.arena) + 8 * grain) == MPS_RES_OK);
  Res res;
  while ((res = ap_alloc(&p, b, 256)) == MPS_RES_OK) {
    fill_pattern(p, 256, static_cast<unsigned>(blocks.size()));
    blocks.push_back(p);
    REQUIRE(blocks.size() < 100000);
  }
  CHECK(res == MPS_RES_COMMIT_LIMIT);
  for (std::size_t i = 1; i < blocks.size(); ++i) CHECK(has_pattern(blocks[i], 256, static_cast<unsigned>(i)));
  // Freed memory can be used again without the arena.
  for (std::size_t i = 1; i < 20; ++i) pool_free(pool, blocks[i], 256);
  pool_buffer_destroy(b);
  b = make_ap(pool);
  REQUIRE(ap_alloc(&p, b, 256) == MPS_RES_OK);
  pool_buffer_destroy(b);
  pool_destroy(pool);
}

TEST_CASE("MVT: whole free grains inside a partly used region go back to the arena") {
  MVTTestArena a;
  const std::size_t grain = arena_grain_size(a.arena);
  // One fill region of four grains; keep nothing beyond what is in use.
  Pool* pool = make_mvt(a.arena, {.mean = grain / 4, .max = 4 * grain, .depth = 0, .frag = 0.0});
  Buffer* b = make_ap(pool);
  std::vector<Addr> blocks;
  Addr p;
  for (unsigned i = 0; i < 16; ++i) {
    REQUIRE(ap_alloc(&p, b, grain / 4) == MPS_RES_OK);
    fill_pattern(p, grain / 4, i);
    blocks.push_back(p);
  }
  for (unsigned i = 1; i < 16; ++i) REQUIRE(blocks[i] == blocks[i - 1] + grain / 4);
  REQUIRE(addr_is_aligned(blocks[0], grain));
  const std::size_t total = pool_total_size(pool);
  CHECK(total == 4 * grain);
  // Free the two middle grains: they go back although both ends stay live.
  for (unsigned i = 4; i < 12; ++i) pool_free(pool, blocks[i], grain / 4);
  CHECK(pool_total_size(pool) == total - 2 * grain);
  CHECK(pool_free_size(pool) == 0);
  for (unsigned i : {0u, 3u, 12u, 15u}) CHECK(has_pattern(blocks[i], grain / 4, i));
  pool_buffer_destroy(b);
  for (unsigned i : {0u, 1u, 2u, 3u, 12u, 13u, 14u, 15u}) pool_free(pool, blocks[i], grain / 4);
  CHECK(pool_total_size(pool) == 0);
  pool_destroy(pool);
}

TEST_CASE("MVT: frees at the commit limit are never lost") {
  MVTTestArena a;
  const std::size_t grain = arena_grain_size(a.arena);
  const std::size_t size = 64;
  // Frag limit 0: fills always look for free memory first, so the reuse
  // below does not depend on how fragmented the pool is.
  Pool* pool = make_mvt(a.arena, {.mean = size, .max = grain, .depth = 0, .frag = 0.0});
  Buffer* b = make_ap(pool);
  Addr p;
  REQUIRE(ap_alloc(&p, b, size) == MPS_RES_OK);
  std::vector<Addr> blocks{p};
  // Enough headroom for thousands of blocks, so that freeing every other
  // one needs more range nodes than the first node slab holds.
  REQUIRE(arena_set_commit_limit(a.arena, arena_committed(a.arena) + 64 * grain) == MPS_RES_OK);
  Res res;
  while ((res = ap_alloc(&p, b, size)) == MPS_RES_OK) {
    fill_pattern(p, size, static_cast<unsigned>(blocks.size()));
    blocks.push_back(p);
    REQUIRE(blocks.size() < 100000);
  }
  CHECK(res == MPS_RES_COMMIT_LIMIT);
  pool_buffer_destroy(b);
  void* control;
  CHECK(arena_control_alloc(&control, a.arena, 16384) == MPS_RES_COMMIT_LIMIT);  // no new node slabs
  const std::size_t free_before = pool_free_size(pool);
  std::size_t freed = 0;
  for (std::size_t i = 1; i < blocks.size(); i += 2) {  // no two freed blocks touch
    pool_free(pool, blocks[i], size);
    freed += size;
  }
  CHECK(pool_free_size(pool) == free_before + freed);  // every byte still counted as free
  for (std::size_t i = 2; i < blocks.size(); i += 2) CHECK(has_pattern(blocks[i], size, static_cast<unsigned>(i)));
  // With room for nodes again, the freed blocks are found and reused.
  REQUIRE(arena_set_commit_limit(a.arena, ~std::size_t{0}) == MPS_RES_OK);
  const std::size_t total = pool_total_size(pool);
  b = make_ap(pool);
  std::vector<Addr> again;
  for (std::size_t i = 0; i < blocks.size() / 4; ++i) {
    REQUIRE(ap_alloc(&p, b, size) == MPS_RES_OK);
    again.push_back(p);
  }
  CHECK(pool_total_size(pool) == total);
  pool_buffer_destroy(b);
  for (Addr q : again) pool_free(pool, q, size);
  for (std::size_t i = 0; i < blocks.size(); i += 2) pool_free(pool, blocks[i], size);
  CHECK(pool_total_size(pool) == 0);  // depth 0: everything went back
  pool_destroy(pool);
}

TEST_CASE("MVT: in fragmented mode consecutive allocations stay adjacent") {
  MVTTestArena a;
  const std::size_t grain = arena_grain_size(a.arena);
  // Frag limit 0: always first fit once anything is free.
  Pool* pool = make_mvt(a.arena, {.mean = 64, .max = grain, .frag = 0.0});
  Buffer* b = make_ap(pool);
  std::vector<Addr> blocks;
  Addr p;
  for (unsigned i = 0; i < 4 * grain / 64; ++i) {
    REQUIRE(ap_alloc(&p, b, 64) == MPS_RES_OK);
    blocks.push_back(p);
  }
  pool_buffer_destroy(b);
  const std::size_t total = pool_total_size(pool);
  // Free a run of 32 blocks in the middle of the first grain.
  for (unsigned i = 16; i < 48; ++i) pool_free(pool, blocks[i], 64);
  b = make_ap(pool);
  Addr prev;
  REQUIRE(ap_alloc(&prev, b, 64) == MPS_RES_OK);
  CHECK(prev == blocks[16]);  // first fit: the lowest hole
  for (unsigned i = 17; i < 48; ++i) {
    REQUIRE(ap_alloc(&p, b, 64) == MPS_RES_OK);
    CHECK(p == prev + 64);
    prev = p;
  }
  CHECK(pool_total_size(pool) == total);  // reused, not grown
  pool_buffer_destroy(b);
  pool_destroy(pool);
}

TEST_CASE("MVT: keyword arguments are checked") {
  MVTTestArena a;
  Pool* pool = make_mvt(a.arena, {.align = 64, .min = 64, .mean = 128, .max = 256, .depth = 10, .frag = 0.5});
  CHECK(pool->alignment == 64);
  Buffer* b = make_ap(pool);
  Addr p;
  REQUIRE(ap_alloc(&p, b, 64) == MPS_RES_OK);
  CHECK(addr_is_aligned(p, 64));
  CHECK_ASSERTS(Addr q; (void)pool_buffer_fill(&q, b, 72), "not a multiple of the pool's alignment");
  pool_buffer_destroy(b);
  pool_free(pool, p, 64);
  pool_destroy(pool);
  CHECK_ASSERTS((void)make_mvt(a.arena, {.min = 64, .mean = 32}), "MIN_SIZE is larger than");
  CHECK_ASSERTS((void)make_mvt(a.arena, {.mean = 64, .max = 32}), "MEAN_SIZE is larger than");
  CHECK_ASSERTS((void)make_mvt(a.arena, {.frag = 1.5}), "FRAG_LIMIT");
  CHECK_ASSERTS((void)make_mvt(a.arena, {.align = 24}), "MPS_KEY_ALIGN");
}

TEST_CASE("MVT: freeing memory that is not an allocated block is reported") {
  MVTTestArena a;
  Pool* pool = make_mvt(a.arena);
  Buffer* b = make_ap(pool);
  Addr p, q;
  REQUIRE(ap_alloc(&p, b, 64) == MPS_RES_OK);
  REQUIRE(ap_alloc(&q, b, 64) == MPS_RES_OK);
  pool_buffer_destroy(b);
  pool_free(pool, q, 64);
  CHECK_ASSERTS(pool_free(pool, q, 64), "double free");
  std::uint8_t outside[64];
  CHECK_ASSERTS(pool_free(pool, addr_align_up(outside, 16), 16), "not in this MVT pool");
  pool_free(pool, p, 64);
  pool_destroy(pool);
}

TEST_CASE("MVT: varargs convert the percentage fragmentation limit") {
  mps_arg_s args[MPS_ARGS_MAX];
  auto fill = [&](int dummy, ...) {
    va_list ap;
    va_start(ap, dummy);
    kMVTPoolClass.varargs(args, ap);
    va_end(ap);
  };
  fill(0, std::size_t{16}, std::size_t{64}, std::size_t{1024}, mps_word_t{100}, mps_word_t{45});
  CHECK(args[0].key == MPS_KEY_MIN_SIZE);
  CHECK(args[0].val.size == 16);
  CHECK(args[1].val.size == 64);
  CHECK(args[2].val.size == 1024);
  CHECK(args[3].key == MPS_KEY_MVT_RESERVE_DEPTH);
  CHECK(args[3].val.count == 100);
  CHECK(args[4].key == MPS_KEY_MVT_FRAG_LIMIT);
  CHECK(args[4].val.d == doctest::Approx(0.45));
  CHECK(args[5].key == MPS_KEY_ARGS_END);
  MVTTestArena a;
  Pool* pool;
  REQUIRE(pool_create(&pool, a.arena, &kMVTPoolClass, ArgList(args)) == MPS_RES_OK);
  pool_destroy(pool);
}
