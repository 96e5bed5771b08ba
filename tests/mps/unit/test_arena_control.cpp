// test_arena_control.cpp -- the arena's control allocator (descriptors):
// sizes, alignment, zeroing, reuse, accounting and the commit limit.
#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <vector>

#include "arena/control_alloc.hpp"
#include "support.hpp"
#include "test_arena_support.hpp"

using namespace mps;
using arena_test::Keys;

namespace {

struct Block {
  void* p;
  std::size_t size;
  unsigned char tag;
};

bool all_bytes(const void* p, std::size_t size, unsigned char value) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < size; ++i) {
    if (b[i] != value) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("arena/control: blocks of many sizes are zeroed, aligned, disjoint and not a pool's") {
  Arena* arena = arena_test::make_vm_arena();
  REQUIRE(arena != nullptr);
  std::mt19937_64 rng(mps_test::test_seed("arena/control sizes"));
  std::vector<Block> blocks;
  for (unsigned i = 0; i < 600; ++i) {
    // Mostly small descriptors, some larger than a grain.
    const std::size_t size = i % 10 == 9 ? 1 + rng() % (3 * arena_grain_size(arena))
                                         : 1 + rng() % kControlSmallLimit;
    void* p = nullptr;
    REQUIRE(arena_control_alloc(&p, arena, size) == MPS_RES_OK);
    CHECK(addr_is_aligned(p, 16));
    CHECK(all_bytes(p, size, 0));
    CHECK(arena_has_addr(arena, p));
    CHECK(arena_addr_pool(arena, p) == nullptr);
    CHECK(arena_page_slot(arena, p) == nullptr);
    const auto tag = static_cast<unsigned char>(1 + i % 250);
    std::memset(p, tag, size);
    blocks.push_back({p, size, tag});
  }
  for (const Block& b : blocks) CHECK(all_bytes(b.p, b.size, b.tag));
  for (const Block& b : blocks) arena_control_free(arena, b.p, b.size);
  arena_destroy(arena);
}

TEST_CASE("arena/control: freed blocks are reused, and come back zeroed") {
  Arena* arena = arena_test::make_vm_arena();
  REQUIRE(arena != nullptr);
  void* a = nullptr;
  REQUIRE(arena_control_alloc(&a, arena, 100) == MPS_RES_OK);
  std::memset(a, 0xAB, 100);
  arena_control_free(arena, a, 100);
  void* b = nullptr;
  REQUIRE(arena_control_alloc(&b, arena, 100) == MPS_RES_OK);
  CHECK(b == a);
  CHECK(all_bytes(b, 100, 0));
  arena_control_free(arena, b, 100);

  // Whole grains for large sizes: freed and reused too.
  const std::size_t large = 2 * arena_grain_size(arena) + 1;
  REQUIRE(arena_control_alloc(&a, arena, large) == MPS_RES_OK);
  CHECK(addr_is_aligned(a, arena_grain_size(arena)));
  std::memset(a, 0xCD, large);
  const std::size_t committed = arena_committed(arena);
  arena_control_free(arena, a, large);
  REQUIRE(arena_control_alloc(&b, arena, large) == MPS_RES_OK);
  CHECK(all_bytes(b, large, 0));
  CHECK(arena_committed(arena) == committed);
  arena_control_free(arena, b, large);
  arena_destroy(arena);
}

TEST_CASE("arena/control: control memory is committed memory and obeys the commit limit") {
  Arena* arena = arena_test::make_vm_arena(Keys().d(MPS_KEY_SPARE, 0.0));
  REQUIRE(arena != nullptr);
  const std::size_t grain = arena_grain_size(arena);
  void* warm = nullptr;
  REQUIRE(arena_control_alloc(&warm, arena, 3 * grain) == MPS_RES_OK);  // page table page
  const std::size_t before = arena_committed(arena);
  void* p = nullptr;
  REQUIRE(arena_control_alloc(&p, arena, 2 * grain) == MPS_RES_OK);
  CHECK(arena_committed(arena) == before + 2 * grain);
  arena_control_free(arena, p, 2 * grain);
  CHECK(arena_committed(arena) == before);

  REQUIRE(arena_set_commit_limit(arena, arena_committed(arena)) == MPS_RES_OK);
  CHECK(arena_control_alloc(&p, arena, 2 * grain) == MPS_RES_COMMIT_LIMIT);
  // Small sizes need a fresh grain for an empty class: also refused.
  CHECK(arena_control_alloc(&p, arena, 24) == MPS_RES_COMMIT_LIMIT);
  arena_control_free(arena, warm, 3 * grain);
  arena_destroy(arena);
}

TEST_CASE("arena/control: misuse is reported") {
  Arena* arena = arena_test::make_vm_arena();
  REQUIRE(arena != nullptr);
  int local = 0;
  CHECK_ASSERTS(arena_control_free(arena, &local, sizeof local), "arena_control_free");
  mps::Pool pool{};
  Addr grain_block;
  REQUIRE(arena_alloc(&grain_block, arena, arena_grain_size(arena), &pool) == MPS_RES_OK);
  CHECK_ASSERTS(arena_control_free(arena, grain_block, 64), "not in the arena's control memory");
  arena_free(arena, grain_block, arena_grain_size(arena));
  arena_destroy(arena);
}
