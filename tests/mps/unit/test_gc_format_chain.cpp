// test_gc_format_chain.cpp -- object formats (alloc/format) and generation
// chains with their policy (arena/chain): absent methods assert with their
// name; destroy order is enforced; new size, capacity and the chain picked.
#include <doctest/doctest.h>

#include "alloc/format.hpp"
#include "arena/chain.hpp"
#include "support.hpp"
#include "test_arena_support.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/trace.hpp"

using namespace mps;

namespace {

mps_addr_t skip_two_words(mps_addr_t addr) { return static_cast<char*>(addr) + 2 * sizeof(Word); }

}  // namespace

TEST_CASE("gc.format: given methods are kept and absent ones report their name") {
  Arena* arena = arena_test::make_vm_arena();
  FormatMethods methods;
  methods.align = 16;
  methods.header_size = 8;
  methods.skip = skip_two_words;
  Format* format = nullptr;
  REQUIRE(format_create(&format, arena, methods) == MPS_RES_OK);
  CHECK(format_check(format));
  CHECK(format->align == 16);
  CHECK(format->header_size == 8);
  Word object[2] = {0x1234, 0};
  CHECK(format_skip(format, object) == object + 2);
  CHECK(format->klass(object) == reinterpret_cast<mps_addr_t>(Word{0x1234}));  // default: first word
  CHECK_ASSERTS(format->fwd(object, object), "format has no fwd method");
  CHECK_ASSERTS(format->isfwd(object), "format has no isfwd method");
  CHECK_ASSERTS(format->pad(object, 16), "format has no pad method");
  CHECK_ASSERTS((void)format->scan(nullptr, object, object + 2), "format has no scan method");
  CHECK(!format_has_scan(format));
  CHECK(arena_format_ring(arena)->length() == 1);
  format->pool_count = 1;  // as a pool would
  CHECK_ASSERTS(format_destroy(format), "a pool still uses the format");
  format->pool_count = 0;
  format_destroy(format);
  CHECK(arena_format_ring(arena)->is_empty());
  mps_test::destroy_collected_arena(arena);
}

TEST_CASE("gc.format: a fixed format's objects are all `align` bytes") {
  Arena* arena = arena_test::make_vm_arena();
  FormatMethods methods;
  methods.align = 32;
  methods.fixed_size = 32;
  Format* format = nullptr;
  REQUIRE(format_create(&format, arena, methods) == MPS_RES_OK);
  char block[64];
  CHECK(format_skip(format, block) == block + 32);
  format_destroy(format);
  mps_test::destroy_collected_arena(arena);
}

TEST_CASE("gc.chain: new size over capacity picks the chain and the highest generation over") {
  Arena* arena = arena_test::make_vm_arena();
  const mps_gen_param_s params[3] = {{100, 0.8}, {200, 0.5}, {400, 0.2}};
  Chain* chain = nullptr;
  REQUIRE(chain_create(&chain, arena, 3, params) == MPS_RES_OK);
  CHECK(chain->gens[0].capacity == 100 * 1024);  // capacities are in KiB
  Chain* picked = nullptr;
  unsigned top = 99;
  CHECK(!chain_policy_pick(&picked, &top, arena));
  chain_note_allocated(chain, 100 * 1024);
  CHECK(!chain_policy_pick(&picked, &top, arena));  // at capacity is not over
  chain_note_allocated(chain, 1);
  REQUIRE(chain_policy_pick(&picked, &top, arena));
  CHECK(picked == chain);
  CHECK(top == 0);
  chain_note_promoted(chain, 2, 401 * 1024);
  REQUIRE(chain_policy_pick(&picked, &top, arena));
  CHECK(top == 2);
  chain_note_condemned(chain, 2, 0.5);
  CHECK(!chain_policy_pick(&picked, &top, arena));
  CHECK(chain->gens[0].mortality == doctest::Approx(0.65));  // moving average
  // Survivors of the last generation go to the arena's top generation.
  CHECK(chain_next_generation(chain, 1) == 2);
  CHECK(chain_next_generation(chain, 2) == chain_top_index(chain));
  CHECK(chain_next_generation(chain, chain_top_index(chain)) == chain_top_index(chain));
  chain->pool_count = 1;
  CHECK_ASSERTS(chain_destroy(chain), "a pool still uses the chain");
  chain->pool_count = 0;
  chain_destroy(chain);
  mps_test::destroy_collected_arena(arena);
}

TEST_CASE("gc.chain: the default chain is made once, off the client's ring") {
  Arena* arena = arena_test::make_vm_arena();
  Chain* first = nullptr;
  Chain* second = nullptr;
  REQUIRE(chain_default(&first, arena) == MPS_RES_OK);
  REQUIRE(chain_default(&second, arena) == MPS_RES_OK);
  CHECK(first == second);
  CHECK(first->gen_count == 2);
  CHECK(first->gens[0].capacity == 8u * 1024 * 1024);
  CHECK(first->gens[1].capacity == 36u * 1024 * 1024);
  CHECK(arena_chain_ring(arena)->is_empty());
  mps_test::destroy_collected_arena(arena);
}
