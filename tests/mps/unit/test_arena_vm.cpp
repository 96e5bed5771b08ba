// test_arena_vm.cpp -- the VM arena: keys and defaults, accounting,
// extension and its callbacks, the page table, spare memory, the commit
// limit, and misuse.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "support.hpp"
#include "test_arena_support.hpp"

using namespace mps;
using arena_test::FakePools;
using arena_test::Keys;
using arena_test::make_vm_arena;

namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

// A small arena (one chunk of about 1 MiB) so tests reach its edges quickly.
Arena* make_small_arena(Keys keys = Keys()) {
  return make_vm_arena(keys.size(MPS_KEY_ARENA_SIZE, kMiB));
}

bool in_global_ring(Arena* arena) {
  os::LockGuard guard(os::global_lock());
  Ring* head = global_arena_ring();
  for (Ring* r = head->next; r != head; r = r->next) {
    if (arena_of_global_link(r) == arena) return true;
  }
  return false;
}

// The EXTENDED / CONTRACTED callbacks record what they were given.
struct Event {
  bool extended;
  mps_arena_t arena;
  void* base;
  std::size_t size;
};
std::vector<Event> events;
void on_extended(mps_arena_t arena, void* base, std::size_t size) {
  events.push_back({true, arena, base, size});
}
void on_contracted(mps_arena_t arena, void* base, std::size_t size) {
  events.push_back({false, arena, base, size});
}

}  // namespace

TEST_CASE("arena/vm: defaults when no keys are given") {
  Arena* arena = make_vm_arena();
  REQUIRE(arena != nullptr);
  CHECK(arena_check(arena));
  CHECK(arena_is_vm(arena));
  CHECK(arena_grain_size(arena) == os::page_size());
  CHECK(arena_reserved(arena) >= (std::size_t{1} << 28));
  CHECK(arena_commit_limit(arena) == ~std::size_t{0});
  CHECK(arena_spare(arena) == 0.75);
  CHECK(arena_pause_time(arena) == 0.1);
  CHECK(arena_committed(arena) > 0);  // the arena's own structures
  CHECK(arena_committed(arena) < arena_reserved(arena));
  CHECK(arena_spare_committed(arena) == 0);
  CHECK(arena_pool_ring(arena)->is_empty());
  CHECK(arena_format_ring(arena)->is_empty());
  CHECK(arena_chain_ring(arena)->is_empty());
  CHECK(arena_root_ring(arena)->is_empty());
  CHECK(arena_thread_ring(arena)->is_empty());
  CHECK(in_global_ring(arena));
  CHECK_FALSE(arena_lock(arena).is_held());
  arena_destroy(arena);
  CHECK_FALSE(in_global_ring(arena));
}

TEST_CASE("arena/vm: every key is taken and unknown keys are left") {
  events.clear();
  Keys keys;
  keys.size(MPS_KEY_ARENA_SIZE, 4 * kMiB)
      .size(MPS_KEY_ARENA_GRAIN_SIZE, 2 * os::page_size())
      .size(MPS_KEY_COMMIT_LIMIT, 64 * kMiB)
      .d(MPS_KEY_SPARE, 0.25)
      .d(MPS_KEY_PAUSE_TIME, 0.5)
      .b(MPS_KEY_ARENA_ZONED, false)
      .fun(MPS_KEY_ARENA_EXTENDED, reinterpret_cast<mps_fun_t>(on_extended))
      .fun(MPS_KEY_ARENA_CONTRACTED, reinterpret_cast<mps_fun_t>(on_contracted))
      .b(MPS_KEY_VMW3_TOP_DOWN, true)
      .size(MPS_KEY_EXTEND_BY, 12345);  // not an arena key
  Arena* arena = nullptr;
  REQUIRE(arena_create(&arena, &kVMArenaClass, keys.args()) == MPS_RES_OK);
  CHECK(keys.raw()[0].key == MPS_KEY_EXTEND_BY);
  CHECK(keys.raw()[0].val.size == 12345);
  CHECK(keys.raw()[1].key == MPS_KEY_ARGS_END);
  CHECK(arena_grain_size(arena) == 2 * os::page_size());
  CHECK(arena_reserved(arena) == 4 * kMiB);
  CHECK(arena_commit_limit(arena) == 64 * kMiB);
  CHECK(arena_spare(arena) == 0.25);
  CHECK(arena_pause_time(arena) == 0.5);
  arena_destroy(arena);
  CHECK(events.size() == 2);
}

TEST_CASE("arena/vm: grain size is rounded up to the page size and aligns allocations") {
  Arena* small = make_small_arena(Keys().size(MPS_KEY_ARENA_GRAIN_SIZE, 8));
  REQUIRE(small != nullptr);
  CHECK(arena_grain_size(small) == os::page_size());
  arena_destroy(small);

  const std::size_t big_grain = 64 * 1024;
  Arena* big = make_small_arena(Keys().size(MPS_KEY_ARENA_GRAIN_SIZE, big_grain));
  REQUIRE(big != nullptr);
  CHECK(arena_grain_size(big) == big_grain);
  FakePools pools;
  Addr p;
  REQUIRE(arena_alloc(&p, big, big_grain, &pools.a) == MPS_RES_OK);
  CHECK(addr_is_aligned(p, big_grain));
  arena_free(big, p, big_grain);
  arena_destroy(big);
}

TEST_CASE("arena/vm: the arena size is raised to at least MPS_WORD_WIDTH grains") {
  Arena* arena = make_vm_arena(Keys().size(MPS_KEY_ARENA_SIZE, 1));
  REQUIRE(arena != nullptr);
  CHECK(arena_reserved(arena) >= MPS_WORD_WIDTH * arena_grain_size(arena));
  arena_destroy(arena);
}

TEST_CASE("arena/vm: SPARE_COMMIT_LIMIT is a fraction of the commit limit, and SPARE wins") {
  Arena* half = make_small_arena(Keys()
                                     .size(MPS_KEY_COMMIT_LIMIT, 8 * kMiB)
                                     .size(MPS_KEY_SPARE_COMMIT_LIMIT, 2 * kMiB));
  REQUIRE(half != nullptr);
  CHECK(arena_spare(half) == 0.25);
  arena_destroy(half);

  Arena* whole = make_small_arena(Keys()
                                      .size(MPS_KEY_COMMIT_LIMIT, 8 * kMiB)
                                      .size(MPS_KEY_SPARE_COMMIT_LIMIT, 9 * kMiB));
  REQUIRE(whole != nullptr);
  CHECK(arena_spare(whole) == 1.0);
  arena_destroy(whole);

  Arena* both = make_small_arena(Keys()
                                     .d(MPS_KEY_SPARE, 0.5)
                                     .size(MPS_KEY_COMMIT_LIMIT, 8 * kMiB)
                                     .size(MPS_KEY_SPARE_COMMIT_LIMIT, 2 * kMiB));
  REQUIRE(both != nullptr);
  CHECK(arena_spare(both) == 0.5);
  arena_destroy(both);
}

TEST_CASE("arena/vm: committed grows by exactly the grains allocated") {
  Arena* arena = make_small_arena(Keys().d(MPS_KEY_SPARE, 0.0));
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  const std::size_t reserved = arena_reserved(arena);
  // The first allocation also commits the page-table page describing it.
  Addr first;
  REQUIRE(arena_alloc(&first, arena, grain, &pools.a) == MPS_RES_OK);
  const std::size_t before = arena_committed(arena);
  Addr p;
  REQUIRE(arena_alloc(&p, arena, 5 * grain, &pools.b) == MPS_RES_OK);
  CHECK(arena_committed(arena) == before + 5 * grain);
  CHECK(arena_reserved(arena) == reserved);
  arena_free(arena, p, 5 * grain);  // spare 0: all returned
  CHECK(arena_committed(arena) == before);
  CHECK(arena_spare_committed(arena) == 0);
  arena_free(arena, first, grain);
  arena_destroy(arena);
}

TEST_CASE("arena/vm: extension adds chunks, with one callback each way per chunk") {
  events.clear();
  Arena* arena = make_small_arena(
      Keys()
          .fun(MPS_KEY_ARENA_EXTENDED, reinterpret_cast<mps_fun_t>(on_extended))
          .fun(MPS_KEY_ARENA_CONTRACTED, reinterpret_cast<mps_fun_t>(on_contracted)));
  REQUIRE(arena != nullptr);
  REQUIRE(events.size() == 1);  // the first chunk, at creation
  CHECK(events[0].extended);
  CHECK(events[0].arena == reinterpret_cast<mps_arena_t>(arena));
  CHECK(events[0].size == arena_reserved(arena));

  FakePools pools;
  std::vector<Addr> blocks;
  const std::size_t block = 3 * kMiB;  // larger than the whole first chunk
  for (int i = 0; i < 3; ++i) {
    Addr p;
    REQUIRE(arena_alloc(&p, arena, block, &pools.a) == MPS_RES_OK);
    arena_test::fill(p, block, static_cast<unsigned>(i));
    blocks.push_back(p);
  }
  REQUIRE(events.size() >= 2);
  std::size_t reserved = 0;
  for (const Event& e : events) {
    CHECK(e.extended);
    reserved += e.size;
    // Every chunk is in the arena from its first byte to its last.
    CHECK(arena_has_addr(arena, e.base));
    CHECK(arena_has_addr(arena, static_cast<char*>(e.base) + e.size - 1));
  }
  // Just past a chunk is outside the arena unless another chunk starts there
  // (the OS may place reservations side by side).
  for (const Event& e : events) {
    char* past = static_cast<char*>(e.base) + e.size;
    bool next_chunk = false;
    for (const Event& f : events) next_chunk = next_chunk || f.base == past;
    CHECK(arena_has_addr(arena, past) == next_chunk);
  }
  CHECK(arena_reserved(arena) == reserved);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    CHECK(arena_test::intact(blocks[i], block, static_cast<unsigned>(i)));
    CHECK(arena_addr_pool(arena, blocks[i] + block - 1) == &pools.a);
  }

  // Addresses outside the arena.
  void* heap = std::malloc(64);
  int local = 0;
  CHECK_FALSE(arena_has_addr(arena, heap));
  CHECK_FALSE(arena_has_addr(arena, &local));
  CHECK_FALSE(arena_has_addr(arena, nullptr));
  CHECK(arena_addr_pool(arena, heap) == nullptr);
  std::free(heap);

  for (Addr p : blocks) arena_free(arena, p, block);
  const std::size_t extensions = events.size();
  arena_destroy(arena);
  // Contractions match extensions one to one.
  REQUIRE(events.size() == 2 * extensions);
  for (std::size_t i = 0; i < extensions; ++i) {
    bool matched = false;
    for (std::size_t j = extensions; j < events.size(); ++j) {
      CHECK_FALSE(events[j].extended);
      if (events[j].base == events[i].base && events[j].size == events[i].size) matched = true;
    }
    CHECK(matched);
  }
}

TEST_CASE("arena/vm: arena_vm_growth sets the size of later chunks") {
  events.clear();
  Arena* arena = make_small_arena(
      Keys().fun(MPS_KEY_ARENA_EXTENDED, reinterpret_cast<mps_fun_t>(on_extended)));
  REQUIRE(arena != nullptr);
  REQUIRE(arena_vm_growth(arena, 16 * kMiB, kMiB) == MPS_RES_OK);
  FakePools pools;
  Addr p;
  REQUIRE(arena_alloc(&p, arena, 2 * kMiB, &pools.a) == MPS_RES_OK);
  REQUIRE(events.size() == 2);
  CHECK(events[1].size >= 16 * kMiB);
  arena_free(arena, p, 2 * kMiB);
  arena_destroy(arena);
}

TEST_CASE("arena/vm: the page table names the owner of every grain, and nothing after free") {
  Arena* arena = make_small_arena();
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr a, b;
  REQUIRE(arena_alloc(&a, arena, 4 * grain, &pools.a) == MPS_RES_OK);
  REQUIRE(arena_alloc(&b, arena, 3 * grain, &pools.b) == MPS_RES_OK);
  for (std::size_t off = 0; off < 4 * grain; off += grain / 4) {
    CHECK(arena_addr_pool(arena, a + off) == &pools.a);
    REQUIRE(arena_page_slot(arena, a + off) != nullptr);
  }
  for (std::size_t off = 0; off < 3 * grain; off += grain / 4) {
    CHECK(arena_addr_pool(arena, b + off) == &pools.b);
  }
  // Each grain has its own slot, starting null.
  void** slot0 = arena_page_slot(arena, a);
  void** slot1 = arena_page_slot(arena, a + grain);
  CHECK(slot0 != slot1);
  CHECK(*slot0 == nullptr);
  CHECK(arena_page_slot(arena, a + grain - 1) == slot0);
  *slot1 = &pools;
  CHECK(*arena_page_slot(arena, a + grain + 8) == &pools);

  // Freeing part of a block frees just those grains.
  arena_free(arena, a + grain, 2 * grain);
  CHECK(arena_addr_pool(arena, a) == &pools.a);
  CHECK(arena_addr_pool(arena, a + grain) == nullptr);
  CHECK(arena_addr_pool(arena, a + 2 * grain) == nullptr);
  CHECK(arena_page_slot(arena, a + grain) == nullptr);
  CHECK(arena_addr_pool(arena, a + 3 * grain) == &pools.a);
  CHECK(arena_has_addr(arena, a + grain));  // still the arena's address space
  arena_free(arena, a, grain);
  arena_free(arena, a + 3 * grain, grain);
  arena_free(arena, b, 3 * grain);
  CHECK(arena_addr_pool(arena, b) == nullptr);
  arena_destroy(arena);
}

TEST_CASE("arena/vm: Placement::high allocates above Placement::low") {
  Arena* arena = make_small_arena();
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr low, high;
  REQUIRE(arena_alloc(&low, arena, grain, &pools.a, Placement::low) == MPS_RES_OK);
  REQUIRE(arena_alloc(&high, arena, 2 * grain, &pools.a, Placement::high) == MPS_RES_OK);
  CHECK(high > low);
  CHECK(arena_has_addr(arena, high + 2 * grain - 1));
  CHECK_FALSE(arena_has_addr(arena, high + 2 * grain));  // the very top of the chunk
  arena_free(arena, low, grain);
  arena_free(arena, high, 2 * grain);
  arena_destroy(arena);
}

TEST_CASE("arena/vm: freed memory is kept as spare up to the fraction, and dropped when lowered") {
  Arena* arena = make_small_arena(Keys().d(MPS_KEY_SPARE, 0.5));
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  std::vector<Addr> blocks;
  for (int i = 0; i < 40; ++i) {
    Addr p;
    REQUIRE(arena_alloc(&p, arena, 2 * grain, &pools.a) == MPS_RES_OK);
    blocks.push_back(p);
  }
  for (Addr p : blocks) {
    arena_free(arena, p, 2 * grain);
    CHECK(static_cast<double>(arena_spare_committed(arena)) <=
          0.5 * static_cast<double>(arena_committed(arena)));
  }
  CHECK(arena_spare_committed(arena) > 0);

  // Reallocating reuses spare memory without committing more.
  const std::size_t committed = arena_committed(arena);
  const std::size_t spare = arena_spare_committed(arena);
  Addr p;
  REQUIRE(arena_alloc(&p, arena, grain, &pools.a) == MPS_RES_OK);
  CHECK(arena_committed(arena) == committed);
  CHECK(arena_spare_committed(arena) == spare - grain);
  arena_free(arena, p, grain);

  arena_set_spare(arena, 0.1);
  CHECK(arena_spare(arena) == 0.1);
  CHECK(static_cast<double>(arena_spare_committed(arena)) <=
        0.1 * static_cast<double>(arena_committed(arena)));
  const std::size_t before = arena_committed(arena);
  const std::size_t dropped = arena_spare_committed(arena);
  arena_set_spare(arena, 0.0);
  CHECK(arena_spare_committed(arena) == 0);
  CHECK(arena_committed(arena) == before - dropped);
  arena_destroy(arena);
}

TEST_CASE("arena/vm: an allocation over the commit limit fails and every block stays intact") {
  Arena* arena = make_small_arena(Keys().d(MPS_KEY_SPARE, 0.0));
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr warm;
  REQUIRE(arena_alloc(&warm, arena, grain, &pools.a) == MPS_RES_OK);  // page table
  REQUIRE(arena_set_commit_limit(arena, arena_committed(arena) + 10 * grain) == MPS_RES_OK);

  Addr too_big;
  CHECK(arena_alloc(&too_big, arena, 11 * grain, &pools.a) == MPS_RES_COMMIT_LIMIT);
  std::vector<Addr> blocks;
  for (unsigned i = 0; i < 10; ++i) {
    Addr p;
    REQUIRE(arena_alloc(&p, arena, grain, &pools.b) == MPS_RES_OK);
    arena_test::fill(p, grain, i);
    blocks.push_back(p);
  }
  const std::size_t committed = arena_committed(arena);
  const std::size_t reserved = arena_reserved(arena);
  CHECK(committed == arena_commit_limit(arena));
  Addr p;
  CHECK(arena_alloc(&p, arena, grain, &pools.b) == MPS_RES_COMMIT_LIMIT);
  CHECK(arena_alloc(&p, arena, 8 * kMiB, &pools.b) == MPS_RES_COMMIT_LIMIT);  // not even a new chunk
  CHECK(arena_committed(arena) == committed);
  CHECK(arena_reserved(arena) == reserved);
  for (unsigned i = 0; i < blocks.size(); ++i) {
    CHECK(arena_test::intact(blocks[i], grain, i));
    CHECK(arena_addr_pool(arena, blocks[i]) == &pools.b);
  }
  // Freeing makes room again.
  arena_free(arena, blocks[3], grain);
  REQUIRE(arena_alloc(&p, arena, grain, &pools.c) == MPS_RES_OK);
  CHECK(arena_addr_pool(arena, p) == &pools.c);
  arena_destroy(arena);
}

TEST_CASE("arena/vm: spare memory is dropped to stay under the commit limit") {
  Arena* arena = make_small_arena(Keys().d(MPS_KEY_SPARE, 1.0));
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr a, b;
  REQUIRE(arena_alloc(&a, arena, 8 * grain, &pools.a) == MPS_RES_OK);
  REQUIRE(arena_alloc(&b, arena, 8 * grain, &pools.a) == MPS_RES_OK);
  arena_free(arena, a, 8 * grain);
  CHECK(arena_spare_committed(arena) == 8 * grain);
  REQUIRE(arena_set_commit_limit(arena, arena_committed(arena)) == MPS_RES_OK);
  // 6 more grains fit only if 6 of the 8 spare ones are dropped (or used).
  Addr c;
  REQUIRE(arena_alloc(&c, arena, 6 * grain, &pools.b) == MPS_RES_OK);
  CHECK(arena_committed(arena) <= arena_commit_limit(arena));
  CHECK(arena_spare_committed(arena) == 2 * grain);
  // 3 more cannot: only 2 spare grains are left to drop.
  Addr d;
  CHECK(arena_alloc(&d, arena, 3 * grain, &pools.b) == MPS_RES_COMMIT_LIMIT);
  CHECK(arena_spare_committed(arena) == 2 * grain);
  REQUIRE(arena_alloc(&d, arena, 2 * grain, &pools.b) == MPS_RES_OK);
  CHECK(arena_spare_committed(arena) == 0);
  arena_destroy(arena);
}

TEST_CASE("arena/vm: lowering the commit limit below committed succeeds only by dropping spare") {
  Arena* arena = make_small_arena(Keys().d(MPS_KEY_SPARE, 1.0));
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr a, b;
  REQUIRE(arena_alloc(&a, arena, 6 * grain, &pools.a) == MPS_RES_OK);
  REQUIRE(arena_alloc(&b, arena, 4 * grain, &pools.a) == MPS_RES_OK);
  arena_free(arena, a, 6 * grain);
  const std::size_t committed = arena_committed(arena);
  CHECK(arena_spare_committed(arena) == 6 * grain);

  // Below what is in use: refused, nothing changes.
  CHECK(arena_set_commit_limit(arena, committed - 7 * grain) == MPS_RES_FAIL);
  CHECK(arena_commit_limit(arena) == ~std::size_t{0});
  CHECK(arena_committed(arena) == committed);
  CHECK(arena_spare_committed(arena) == 6 * grain);

  // Within the spare memory: accepted, and enough spare is dropped.
  REQUIRE(arena_set_commit_limit(arena, committed - 2 * grain) == MPS_RES_OK);
  CHECK(arena_commit_limit(arena) == committed - 2 * grain);
  CHECK(arena_committed(arena) <= committed - 2 * grain);
  CHECK(arena_committed(arena) - arena_spare_committed(arena) == committed - 6 * grain);

  REQUIRE(arena_set_commit_limit(arena, ~std::size_t{0}) == MPS_RES_OK);
  arena_free(arena, b, 4 * grain);
  arena_destroy(arena);
}

TEST_CASE("arena/vm: a commit limit too small for the arena's structures fails creation") {
  Arena* arena = nullptr;
  Keys keys;
  keys.size(MPS_KEY_COMMIT_LIMIT, 1);
  CHECK(arena_create(&arena, &kVMArenaClass, keys.args()) == MPS_RES_COMMIT_LIMIT);
  CHECK(arena == nullptr);
}

TEST_CASE("arena/vm: misuse is reported") {
  CHECK_ASSERTS(make_vm_arena(Keys().size(MPS_KEY_ARENA_GRAIN_SIZE, 3000)), "ARENA_GRAIN_SIZE");
  CHECK_ASSERTS(make_vm_arena(Keys().d(MPS_KEY_SPARE, 1.5)), "SPARE");

  Arena* arena = make_small_arena();
  REQUIRE(arena != nullptr);
  FakePools pools;
  const std::size_t grain = arena_grain_size(arena);
  Addr p;
  REQUIRE(arena_alloc(&p, arena, 2 * grain, &pools.a) == MPS_RES_OK);
  CHECK_ASSERTS(arena_free(arena, p + 2 * grain, grain), "not allocated");
  int local;
  CHECK_ASSERTS(arena_free(arena, reinterpret_cast<Addr>(align_up(word_of(&local), grain)), grain),
                "not allocated");
  CHECK_ASSERTS(arena_free(arena, p, grain / 2), "grain size");
  CHECK_ASSERTS(arena_alloc(&p, arena, grain, nullptr), "owned by a pool");
  CHECK_ASSERTS(arena_set_spare(arena, -0.5), "between 0.0 and 1.0");
  arena_free(arena, p, 2 * grain);
  CHECK_ASSERTS(arena_free(arena, p, 2 * grain), "freed twice");
  arena_destroy(arena);
}
