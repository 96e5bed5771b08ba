// test_finalize.cpp -- unit tests of finalization registrations
// (trace/finalize.{hpp,cpp}) driven by a fake trace: which registrations a
// trace consumes, that each gives at most one message, that references are
// updated when blocks move, and that the table grows and goes back to
// control memory.  The real trace is exercised by tests/mps/api/test_gc_finalize.c.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "arena/arena.hpp"
#include "arena/arena_internal.hpp"
#include "mpscmvff.h"
#include "support.hpp"
#include "test_arena_support.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/finalize.hpp"
#include "trace/message.hpp"

using namespace mps;

namespace {

// The fake trace: `condemned` blocks are white; a white block is dead until
// fixed; fixing a block that `moves` stores its new address.
struct FakeTrace {
  std::set<Word> condemned;
  std::set<Word> reached;
  std::map<Word, Word> moves;  // old -> new
  unsigned fixes = 0;
};
FakeTrace* fake = nullptr;

bool fake_is_dead(Trace*, mps_addr_t ref) {
  const Word w = word_of(ref);
  return fake->condemned.count(w) != 0 && fake->reached.count(w) == 0;
}

Res fake_fix(ScanState*, mps_addr_t* ref_io) {
  ++fake->fixes;
  const Word w = word_of(*ref_io);
  if (fake->condemned.count(w) == 0) return MPS_RES_OK;
  fake->reached.insert(w);
  auto it = fake->moves.find(w);
  if (it != fake->moves.end()) {
    fake->reached.insert(it->second);
    *ref_io = reinterpret_cast<mps_addr_t>(it->second);
  }
  return MPS_RES_OK;
}

constexpr FinalizationTraceOps kFakeOps{fake_is_dead, fake_fix};

mps_addr_t ref_of(Word w) { return reinterpret_cast<mps_addr_t>(w); }
Word block(Word n) { return 0x7000000000 + 0x40 * n; }  // all in one zone

struct FinalizeArena {
  Arena* arena = arena_test::make_vm_arena();
  FakeTrace trace;
  FinalizeArena() {
    REQUIRE(arena != nullptr);
    fake = &trace;
    message_type_enable(arena, kMessageTypeFinalization);
  }
  ~FinalizeArena() {
    finalization_finish(arena);
    messages_finish(arena);
    CHECK(arena->control.bytes_in_use == 0);
    arena_destroy(arena);
    fake = nullptr;
  }
  // Runs the finalization step of a trace with white set `white`.
  void preserve(ZoneSet white = kZoneSetUniverse) {
    ScanState ss{};
    scan_state_init(&ss, arena, nullptr, kRankFinal, white);
    REQUIRE(finalization_preserve_with(&ss, kFakeOps) == MPS_RES_OK);
  }
  // Takes every finalization message; returns their references.
  std::vector<Word> take_messages() {
    std::vector<Word> refs;
    Message* message = nullptr;
    while (message_get(&message, arena, kMessageTypeFinalization)) {
      refs.push_back(word_of(message->ref));
      message_discard(arena, message);
    }
    return refs;
  }
};

}  // namespace

TEST_CASE("finalize: definalize removes one registration each and fails when none is left") {
  FinalizeArena t;
  CHECK(finalization_deregister(t.arena, ref_of(block(1))) == MPS_RES_FAIL);
  REQUIRE(finalization_register(t.arena, ref_of(block(1))) == MPS_RES_OK);
  REQUIRE(finalization_register(t.arena, ref_of(block(1))) == MPS_RES_OK);
  REQUIRE(finalization_register(t.arena, ref_of(block(2))) == MPS_RES_OK);
  CHECK(finalization_count(t.arena) == 3);
  CHECK(finalization_deregister(t.arena, ref_of(block(1))) == MPS_RES_OK);
  CHECK(finalization_deregister(t.arena, ref_of(block(1))) == MPS_RES_OK);
  CHECK(finalization_deregister(t.arena, ref_of(block(1))) == MPS_RES_FAIL);
  CHECK(finalization_count(t.arena) == 1);
}

TEST_CASE("finalize: a dead registered block is preserved, messaged once, and its registration consumed") {
  FinalizeArena t;
  REQUIRE(finalization_register(t.arena, ref_of(block(1))) == MPS_RES_OK);  // dead, moves
  REQUIRE(finalization_register(t.arena, ref_of(block(2))) == MPS_RES_OK);  // alive, moves
  REQUIRE(finalization_register(t.arena, ref_of(block(3))) == MPS_RES_OK);  // not condemned
  t.trace.condemned = {block(1), block(2)};
  t.trace.moves = {{block(1), block(101)}, {block(2), block(102)}};
  t.trace.reached = {block(2), block(102)};  // found by the exact closure
  t.preserve();
  CHECK(t.trace.reached.count(block(1)) == 1);  // kept alive by the fix
  CHECK(t.take_messages() == std::vector<Word>{block(101)});
  CHECK(finalization_count(t.arena) == 2);
  // The live registration followed its block; the old address is gone.
  CHECK(finalization_deregister(t.arena, ref_of(block(2))) == MPS_RES_FAIL);
  CHECK(finalization_deregister(t.arena, ref_of(block(102))) == MPS_RES_OK);
  CHECK(finalization_deregister(t.arena, ref_of(block(3))) == MPS_RES_OK);
  // A second finalization pass in the same trace finds nothing new.
  t.preserve();
  CHECK(t.take_messages().empty());
}

TEST_CASE("finalize: a block registered twice gives one message per trace that finds it dead") {
  FinalizeArena t;
  REQUIRE(finalization_register(t.arena, ref_of(block(5))) == MPS_RES_OK);
  REQUIRE(finalization_register(t.arena, ref_of(block(5))) == MPS_RES_OK);
  t.trace.condemned = {block(5)};
  t.preserve();
  CHECK(t.take_messages() == std::vector<Word>{block(5)});
  CHECK(finalization_count(t.arena) == 1);
  t.trace.reached.clear();  // the next trace: dead again
  t.preserve();
  CHECK(t.take_messages() == std::vector<Word>{block(5)});
  CHECK(finalization_count(t.arena) == 0);
  t.trace.reached.clear();
  t.preserve();
  CHECK(t.take_messages().empty());
}

TEST_CASE("finalize: with the type disabled the registration is consumed and no message posted") {
  FinalizeArena t;
  message_type_disable(t.arena, kMessageTypeFinalization);
  REQUIRE(finalization_register(t.arena, ref_of(block(1))) == MPS_RES_OK);
  t.trace.condemned = {block(1)};
  t.preserve();
  CHECK(finalization_count(t.arena) == 0);
  CHECK(message_queue_empty(t.arena));
}

TEST_CASE("finalize: registrations outside the white zones are not examined") {
  FinalizeArena t;
  REQUIRE(finalization_register(t.arena, ref_of(block(1))) == MPS_RES_OK);
  t.trace.condemned = {block(1)};  // (a fake that disagrees with the zones)
  t.preserve(~zone_set_of_addr(ref_of(block(1))));
  CHECK(t.trace.fixes == 0);
  CHECK(finalization_count(t.arena) == 1);
}

TEST_CASE("finalize: messages keep their blocks current until discarded") {
  FinalizeArena t;
  REQUIRE(finalization_register(t.arena, ref_of(block(1))) == MPS_RES_OK);
  REQUIRE(finalization_register(t.arena, ref_of(block(2))) == MPS_RES_OK);
  t.trace.condemned = {block(1), block(2)};
  t.preserve();
  Message* held = nullptr;
  REQUIRE(message_get(&held, t.arena, kMessageTypeFinalization));  // retrieved, not discarded
  // The next trace moves both blocks; the messages are scanned at exact rank.
  FakeTrace next;
  next.condemned = {block(1), block(2)};
  next.moves = {{block(1), block(201)}, {block(2), block(202)}};
  fake = &next;
  ScanState ss{};
  scan_state_init(&ss, t.arena, nullptr, kRankExact, kZoneSetUniverse);
  REQUIRE(finalization_scan_messages_with(&ss, kFakeOps) == MPS_RES_OK);
  CHECK(next.reached.count(block(1)) == 1);
  CHECK(next.reached.count(block(2)) == 1);
  const Word held_ref = word_of(held->ref);
  CHECK((held_ref == block(201) || held_ref == block(202)));
  const std::vector<Word> queued = t.take_messages();
  REQUIRE(queued.size() == 1);
  CHECK(queued[0] + held_ref == block(201) + block(202));
  message_discard(t.arena, held);
  fake = &t.trace;
}

TEST_CASE("finalize: many registrations, each finalized exactly once (randomised)") {
  FinalizeArena t;
  std::mt19937_64 rng(mps_test::test_seed("finalize many"));
  const Word n = 3000;
  std::map<Word, int> registrations;  // block -> registrations left
  for (Word i = 0; i < n; ++i) {
    const Word b = block(rng() % 1000);
    REQUIRE(finalization_register(t.arena, ref_of(b)) == MPS_RES_OK);
    ++registrations[b];
  }
  std::map<Word, int> messages;
  for (int round = 0; round < 5000 && finalization_count(t.arena) > 0; ++round) {
    t.trace.condemned.clear();
    t.trace.reached.clear();
    for (const auto& [b, left] : registrations) {
      if (rng() % 3 == 0) t.trace.condemned.insert(b);
    }
    t.preserve();
    for (Word b : t.take_messages()) ++messages[b];
  }
  CHECK(finalization_count(t.arena) == 0);
  CHECK(messages == registrations);
}

TEST_CASE("finalize: mps_finalize rejects blocks of manual pools") {
  FinalizeArena t;
  mps_arena_t a = reinterpret_cast<mps_arena_t>(t.arena);
  mps_pool_t pool;
  REQUIRE(mps_pool_create_k(&pool, a, mps_class_mvff(), mps_args_none) == MPS_RES_OK);
  mps_addr_t p;
  REQUIRE(mps_alloc(&p, pool, 64) == MPS_RES_OK);
  CHECK_ASSERTS(mps_finalize(a, &p), "mps_finalize: block is not in an automatically managed pool");
  mps_addr_t outside = &p;
  CHECK_ASSERTS(mps_finalize(a, &outside), "mps_finalize: block is not in an automatically managed pool");
  CHECK(mps_definalize(a, &p) == MPS_RES_FAIL);
  CHECK_ASSERTS(mps_finalize(a, nullptr), "mps_finalize: ref_p is NULL");
  mps_free(pool, p, 64);
  mps_pool_destroy(pool);
}
