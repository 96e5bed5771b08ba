// test_mfs.cpp -- unit tests of the MFS pool class through the C++ internals.
#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <vector>

#include "arena/arena.hpp"
#include "mpscmfs.h"
#include "pool/mfs.hpp"
#include "pool/pool.hpp"
#include "support.hpp"

using namespace mps;

namespace {

struct MFSTestArena {
  Arena* arena = nullptr;
  MFSTestArena() {
    mps_arg_s args[1];
    args[0].key = MPS_KEY_ARGS_END;
    REQUIRE(arena_create(&arena, &kVMArenaClass, ArgList(args)) == MPS_RES_OK);
  }
  ~MFSTestArena() { arena_destroy(arena); }
};

Pool* make_mfs(Arena* arena, std::size_t unit, std::size_t extend_by = 0) {
  mps_arg_s args[3];
  unsigned n = 0;
  args[n].key = MPS_KEY_MFS_UNIT_SIZE;
  args[n++].val.size = unit;
  if (extend_by != 0) {
    args[n].key = MPS_KEY_EXTEND_BY;
    args[n++].val.size = extend_by;
  }
  args[n].key = MPS_KEY_ARGS_END;
  Pool* pool = nullptr;
  REQUIRE(pool_create(&pool, arena, &kMFSPoolClass, ArgList(args)) == MPS_RES_OK);
  CHECK(args[0].key == MPS_KEY_ARGS_END);  // every key was consumed
  return pool;
}

void fill_pattern(Addr p, std::size_t size, unsigned tag) {
  for (std::size_t i = 0; i < size; ++i) p[i] = static_cast<std::uint8_t>(tag * 31 + i);
}
bool has_pattern(Addr p, std::size_t size, unsigned tag) {
  for (std::size_t i = 0; i < size; ++i)
    if (p[i] != static_cast<std::uint8_t>(tag * 31 + i)) return false;
  return true;
}

}  // namespace

TEST_CASE("MFS: units are distinct, aligned, and reused after free") {
  MFSTestArena a;
  Pool* pool = make_mfs(a.arena, 24);
  CHECK(pool_total_size(pool) == 0);
  Addr p, q;
  REQUIRE(pool_alloc(&p, pool, 24) == MPS_RES_OK);
  REQUIRE(pool_alloc(&q, pool, 24) == MPS_RES_OK);
  CHECK(p != q);
  CHECK(addr_is_aligned(p, MPS_PF_ALIGN));
  CHECK(addr_is_aligned(q, MPS_PF_ALIGN));
  CHECK(addr_offset(p < q ? p : q, p < q ? q : p) >= 24);
  CHECK(arena_addr_pool(a.arena, p) == pool);
  // Extends by the default 64 KiB, rounded to grains.
  CHECK(pool_total_size(pool) >= 65536);
  CHECK(pool_free_size(pool) == pool_total_size(pool) - 2 * align_up(24, MPS_PF_ALIGN));
  pool_free(pool, q, 24);
  Addr r;
  REQUIRE(pool_alloc(&r, pool, 24) == MPS_RES_OK);
  CHECK(r == q);  // a free stack: last freed, first reused
  pool_free(pool, r, 24);
  pool_free(pool, p, 24);
  CHECK(pool_free_size(pool) == pool_total_size(pool));
  pool_destroy(pool);
}

TEST_CASE("MFS: unit size is rounded up to MPS_PF_ALIGN and both sizes are accepted") {
  MFSTestArena a;
  const std::size_t given = MPS_PF_ALIGN + 1;
  Pool* pool = make_mfs(a.arena, given);
  Addr p, q;
  REQUIRE(pool_alloc(&p, pool, given) == MPS_RES_OK);
  REQUIRE(pool_alloc(&q, pool, align_up(given, MPS_PF_ALIGN)) == MPS_RES_OK);
  CHECK(addr_offset(p < q ? p : q, p < q ? q : p) >= 2 * MPS_PF_ALIGN);
  pool_free(pool, p, given);
  pool_free(pool, q, 2 * MPS_PF_ALIGN);
  pool_destroy(pool);
}

TEST_CASE("MFS: EXTEND_BY controls the size of each extension") {
  MFSTestArena a;
  const std::size_t grain = arena_grain_size(a.arena);
  Pool* pool = make_mfs(a.arena, 64, grain);
  Addr p;
  REQUIRE(pool_alloc(&p, pool, 64) == MPS_RES_OK);
  CHECK(pool_total_size(pool) == grain);
  // Allocate until the pool has to extend again.
  std::vector<Addr> blocks{p};
  while (pool_total_size(pool) == grain) {
    REQUIRE(pool_alloc(&p, pool, 64) == MPS_RES_OK);
    blocks.push_back(p);
  }
  CHECK(pool_total_size(pool) == 2 * grain);
  CHECK(blocks.size() > grain / 64 - 4);  // small header overhead only
  for (Addr b : blocks) pool_free(pool, b, 64);
  CHECK(pool_total_size(pool) == 2 * grain);  // never returned while alive
  pool_destroy(pool);
}

TEST_CASE("MFS: units larger than EXTEND_BY still fit one per extent") {
  MFSTestArena a;
  const std::size_t unit = 3 * arena_grain_size(a.arena);
  Pool* pool = make_mfs(a.arena, unit, unit);
  Addr p, q;
  REQUIRE(pool_alloc(&p, pool, unit) == MPS_RES_OK);
  REQUIRE(pool_alloc(&q, pool, unit) == MPS_RES_OK);
  std::memset(p, 1, unit);
  std::memset(q, 2, unit);
  CHECK(p[unit - 1] == 1);
  pool_free(pool, p, unit);
  pool_free(pool, q, unit);
  pool_destroy(pool);
}

TEST_CASE("MFS: random allocate and free keeps every live block intact") {
  const auto seed = mps_test::test_seed("MFS random");
  std::mt19937_64 rng(seed);
  MFSTestArena a;
  const std::size_t unit = 8 * (1 + rng() % 8);
  Pool* pool = make_mfs(a.arena, unit, 4096 * (1 + rng() % 4));
  struct Live { Addr p; unsigned tag; };
  std::vector<Live> live;
  for (unsigned step = 0; step < 20000; ++step) {
    if (live.empty() || rng() % 3 != 0) {
      Addr p;
      REQUIRE(pool_alloc(&p, pool, unit) == MPS_RES_OK);
      fill_pattern(p, unit, step);
      live.push_back({p, step});
    } else {
      std::size_t i = rng() % live.size();
      REQUIRE(has_pattern(live[i].p, unit, live[i].tag));
      pool_free(pool, live[i].p, unit);
      live[i] = live.back();
      live.pop_back();
    }
  }
  for (const Live& l : live) CHECK(has_pattern(l.p, unit, l.tag));
  CHECK(pool_free_size(pool) == pool_total_size(pool) - live.size() * unit);
  for (const Live& l : live) pool_free(pool, l.p, unit);
  pool_destroy(pool);
}

TEST_CASE("MFS: commit limit exhaustion returns MPS_RES_COMMIT_LIMIT and keeps blocks") {
  MFSTestArena a;
  Pool* pool = make_mfs(a.arena, 32, arena_grain_size(a.arena));
  std::vector<Addr> blocks;
  Addr p;
  REQUIRE(pool_alloc(&p, pool, 32) == MPS_RES_OK);
  blocks.push_back(p);
  REQUIRE(arena_set_commit_limit(a.arena, arena_committed(a.arena) + 4 * arena_grain_size(a.arena)) ==
          MPS_RES_OK);
  Res res;
  while ((res = pool_alloc(&p, pool, 32)) == MPS_RES_OK) {
    fill_pattern(p, 32, static_cast<unsigned>(blocks.size()));
    blocks.push_back(p);
    REQUIRE(blocks.size() < 100000);
  }
  CHECK(res == MPS_RES_COMMIT_LIMIT);
  for (std::size_t i = 1; i < blocks.size(); ++i) CHECK(has_pattern(blocks[i], 32, static_cast<unsigned>(i)));
  // Freeing makes room again without asking the arena.
  pool_free(pool, blocks.back(), 32);
  blocks.pop_back();
  REQUIRE(pool_alloc(&p, pool, 32) == MPS_RES_OK);
  blocks.push_back(p);
  for (Addr b : blocks) pool_free(pool, b, 32);
  pool_destroy(pool);
}

TEST_CASE("MFS: misuse is reported") {
  MFSTestArena a;
  Pool* pool = make_mfs(a.arena, 2 * MPS_PF_ALIGN);
  Addr p;
  REQUIRE(pool_alloc(&p, pool, 16) == MPS_RES_OK);
  CHECK_ASSERTS(Addr q; (void)pool_alloc(&q, pool, 32), "not the MFS pool's unit size");
  CHECK_ASSERTS(pool_free(pool, p, 8), "not the MFS pool's unit size");
  std::uint8_t outside[64];
  CHECK_ASSERTS(pool_free(pool, addr_align_up(outside, 16), 16), "not in this MFS pool");
  CHECK_ASSERTS(Buffer* b; (void)pool_buffer_create(&b, pool, ArgList(nullptr)), "allocation points");
  if constexpr (mps_test::kCool) {
    CHECK_ASSERTS(pool_free(pool, p + MPS_PF_ALIGN, 16), "not the start of a block");
    CHECK_ASSERTS({ pool_free(pool, p, 16); pool_free(pool, p, 16); }, "double free");
  }
  CHECK_ASSERTS({
    mps_arg_s none[1];
    none[0].key = MPS_KEY_ARGS_END;
    Pool* bad;
    (void)pool_create(&bad, a.arena, &kMFSPoolClass, ArgList(none));
  }, "MFS_UNIT_SIZE");
  CHECK_ASSERTS((void)make_mfs(a.arena, 4), "smaller than one word");
  CHECK_ASSERTS((void)make_mfs(a.arena, 4096, 1024), "EXTEND_BY");
  pool_free(pool, p, 16);
  pool_destroy(pool);
}

TEST_CASE("MFS: varargs give extend_by then unit_size") {
  MFSTestArena a;
  mps_arg_s args[MPS_ARGS_MAX];
  auto fill = [&](int dummy, ...) {
    va_list ap;
    va_start(ap, dummy);
    kMFSPoolClass.varargs(args, ap);
    va_end(ap);
  };
  fill(0, std::size_t{8192}, std::size_t{40});
  CHECK(args[0].key == MPS_KEY_EXTEND_BY);
  CHECK(args[0].val.size == 8192);
  CHECK(args[1].key == MPS_KEY_MFS_UNIT_SIZE);
  CHECK(args[1].val.size == 40);
  CHECK(args[2].key == MPS_KEY_ARGS_END);
  Pool* pool;
  REQUIRE(pool_create(&pool, a.arena, &kMFSPoolClass, ArgList(args)) == MPS_RES_OK);
  Addr p;
  REQUIRE(pool_alloc(&p, pool, 40) == MPS_RES_OK);
  pool_free(pool, p, 40);
  pool_destroy(pool);
}
