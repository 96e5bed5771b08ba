// test_arena_client.cpp -- the client arena: memory the client supplies,
// exhaustion, extension, accounting without spare memory, misuse.
#include <doctest/doctest.h>

#include <cstdlib>
#include <vector>

#include "support.hpp"
#include "test_arena_support.hpp"

using namespace mps;
using arena_test::FakePools;
using arena_test::Keys;

namespace {

constexpr std::size_t kBlockSize = std::size_t{1} << 20;

// A client block from the heap, deliberately not grain-aligned.
struct ClientBlock {
  void* raw;
  std::size_t size;
  explicit ClientBlock(std::size_t bytes) : raw(std::malloc(bytes + 64)), size(bytes) {}
  ~ClientBlock() { std::free(raw); }
  void* base() const { return static_cast<char*>(raw) + 16; }
};

Arena* make_client_arena(const ClientBlock& block, Keys keys = Keys()) {
  keys.addr(MPS_KEY_ARENA_CL_BASE, block.base()).size(MPS_KEY_ARENA_SIZE, block.size);
  Arena* arena = nullptr;
  const Res res = arena_create(&arena, &kClientArenaClass, keys.args());
  return res == MPS_RES_OK ? arena : nullptr;
}

bool inside(const ClientBlock& block, const void* p, std::size_t size) {
  return p >= block.base() && static_cast<const char*>(p) + size <=
                                  static_cast<const char*>(block.base()) + block.size;
}

}  // namespace

TEST_CASE("arena/client: defaults, and the arena lives inside the client's block") {
  ClientBlock block(kBlockSize);
  Keys keys;
  keys.addr(MPS_KEY_ARENA_CL_BASE, block.base()).size(MPS_KEY_ARENA_SIZE, block.size);
  Arena* arena = nullptr;
  REQUIRE(arena_create(&arena, &kClientArenaClass, keys.args()) == MPS_RES_OK);
  CHECK(keys.raw()[0].key == MPS_KEY_ARGS_END);
  CHECK(inside(block, arena, 1));
  CHECK_FALSE(arena_is_vm(arena));
  CHECK(arena_grain_size(arena) == 8192);
  CHECK(arena_reserved(arena) <= kBlockSize);
  CHECK(arena_reserved(arena) >= kBlockSize - 2 * 8192);  // alignment loses at most that
  CHECK(arena_commit_limit(arena) == ~std::size_t{0});
  CHECK(arena_pause_time(arena) == 0.1);
  CHECK(arena_committed(arena) > 0);
  CHECK(arena_spare_committed(arena) == 0);
  CHECK(arena_has_addr(arena, arena));
  CHECK_FALSE(arena_has_addr(arena, static_cast<char*>(block.base()) + block.size));
  arena_destroy(arena);
}

TEST_CASE("arena/client: optional keys are taken") {
  ClientBlock block(kBlockSize);
  Arena* arena = make_client_arena(block, Keys()
                                              .size(MPS_KEY_ARENA_GRAIN_SIZE, 16384)
                                              .size(MPS_KEY_COMMIT_LIMIT, 512 * 1024)
                                              .d(MPS_KEY_PAUSE_TIME, 0.0));
  REQUIRE(arena != nullptr);
  CHECK(arena_grain_size(arena) == 16384);
  CHECK(arena_commit_limit(arena) == 512 * 1024);
  CHECK(arena_pause_time(arena) == 0.0);
  arena_destroy(arena);
}

TEST_CASE("arena/client: allocation stays in the block until it is exhausted, then extend adds room") {
  ClientBlock block(kBlockSize);
  Arena* arena = make_client_arena(block);
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  std::vector<Addr> blocks;
  for (;;) {
    const std::size_t committed = arena_committed(arena);
    Addr p;
    const Res res = arena_alloc(&p, arena, grain, &pools.a);
    if (res != MPS_RES_OK) {
      CHECK(res == MPS_RES_RESOURCE);
      CHECK(arena_committed(arena) == committed);
      break;
    }
    CHECK(inside(block, p, grain));
    CHECK(arena_addr_pool(arena, p) == &pools.a);
    arena_test::fill(p, grain, static_cast<unsigned>(blocks.size()));
    blocks.push_back(p);
    REQUIRE(blocks.size() < kBlockSize / grain);
  }
  CHECK(blocks.size() > kBlockSize / grain / 2);

  ClientBlock more(kBlockSize);
  REQUIRE(arena_extend(arena, addr_of(more.base()), more.size) == MPS_RES_OK);
  CHECK(arena_reserved(arena) > kBlockSize);
  Addr p;
  REQUIRE(arena_alloc(&p, arena, 4 * grain, &pools.b) == MPS_RES_OK);
  CHECK(inside(more, p, 4 * grain));
  CHECK(arena_has_addr(arena, more.base()) == addr_is_aligned(more.base(), grain));
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    CHECK(arena_test::intact(blocks[i], grain, static_cast<unsigned>(i)));
  }
  arena_destroy(arena);
}

TEST_CASE("arena/client: committed is memory in use, and there is no spare memory") {
  ClientBlock block(kBlockSize);
  Arena* arena = make_client_arena(block, Keys().d(MPS_KEY_SPARE, 0.9));  // not a client key
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr warm;
  REQUIRE(arena_alloc(&warm, arena, grain, &pools.a) == MPS_RES_OK);
  const std::size_t before = arena_committed(arena);
  Addr p;
  REQUIRE(arena_alloc(&p, arena, 3 * grain, &pools.a) == MPS_RES_OK);
  CHECK(arena_committed(arena) == before + 3 * grain);
  arena_free(arena, p, 3 * grain);
  CHECK(arena_committed(arena) == before);
  CHECK(arena_spare_committed(arena) == 0);
  arena_set_spare(arena, 1.0);  // stored without effect
  CHECK(arena_spare(arena) == 1.0);
  REQUIRE(arena_alloc(&p, arena, 3 * grain, &pools.a) == MPS_RES_OK);
  arena_free(arena, p, 3 * grain);
  CHECK(arena_spare_committed(arena) == 0);
  CHECK(arena_committed(arena) == before);
  arena_destroy(arena);
}

TEST_CASE("arena/client: the commit limit gives MPS_RES_COMMIT_LIMIT before the block runs out") {
  ClientBlock block(kBlockSize);
  Arena* arena = make_client_arena(block);
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr warm;
  REQUIRE(arena_alloc(&warm, arena, grain, &pools.a) == MPS_RES_OK);
  REQUIRE(arena_set_commit_limit(arena, arena_committed(arena) + 2 * grain) == MPS_RES_OK);
  CHECK(arena_set_commit_limit(arena, arena_committed(arena) - 1) == MPS_RES_FAIL);  // no spare
  Addr p;
  CHECK(arena_alloc(&p, arena, 3 * grain, &pools.a) == MPS_RES_COMMIT_LIMIT);
  REQUIRE(arena_alloc(&p, arena, 2 * grain, &pools.a) == MPS_RES_OK);
  CHECK(arena_alloc(&p, arena, grain, &pools.a) == MPS_RES_COMMIT_LIMIT);
  arena_destroy(arena);
}

TEST_CASE("arena/client: a block too small for the arena's structures gives MPS_RES_MEMORY") {
  ClientBlock block(4096);
  Keys keys;
  keys.addr(MPS_KEY_ARENA_CL_BASE, block.base()).size(MPS_KEY_ARENA_SIZE, block.size);
  Arena* arena = nullptr;
  CHECK(arena_create(&arena, &kClientArenaClass, keys.args()) == MPS_RES_MEMORY);
  CHECK(arena == nullptr);

  ClientBlock big(kBlockSize);
  arena = make_client_arena(big);
  REQUIRE(arena != nullptr);
  CHECK(arena_extend(arena, addr_of(block.base()), block.size) == MPS_RES_MEMORY);
  arena_destroy(arena);
}

TEST_CASE("arena/client: misuse is reported") {
  ClientBlock block(kBlockSize);
  CHECK_ASSERTS(
      {
        Keys keys;
        keys.size(MPS_KEY_ARENA_SIZE, block.size);
        Arena* arena;
        (void)arena_create(&arena, &kClientArenaClass, keys.args());
      },
      "MPS_KEY_ARENA_CL_BASE");
  CHECK_ASSERTS(
      {
        Keys keys;
        keys.addr(MPS_KEY_ARENA_CL_BASE, block.base());
        Arena* arena;
        (void)arena_create(&arena, &kClientArenaClass, keys.args());
      },
      "MPS_KEY_ARENA_SIZE");
  Arena* arena = make_client_arena(block);
  REQUIRE(arena != nullptr);
  CHECK_ASSERTS((void)arena_extend(arena, addr_of(block.base()), block.size), "overlaps");
  arena_destroy(arena);
}

TEST_CASE("arena/client: arena_extend is for client arenas only") {
  Arena* arena = arena_test::make_vm_arena(Keys().size(MPS_KEY_ARENA_SIZE, kBlockSize));
  REQUIRE(arena != nullptr);
  ClientBlock block(kBlockSize);
  CHECK(arena_extend(arena, addr_of(block.base()), block.size) == MPS_RES_UNIMPL);
  arena_destroy(arena);
}
