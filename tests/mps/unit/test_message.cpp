// test_message.cpp -- unit tests of the message queue (trace/message.{hpp,cpp})
// and of its C interface (api/api_message.cpp): enabled types, posting
// order, get by type, purge on disable, the trace's gc_start/gc pair, and
// that every message goes back to control memory.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "arena/arena.hpp"
#include "arena/arena_internal.hpp"
#include "support.hpp"
#include "test_arena_support.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/message.hpp"

using namespace mps;

namespace {

struct MessageArena {
  Arena* arena = arena_test::make_vm_arena();
  mps_arena_t handle() const { return reinterpret_cast<mps_arena_t>(arena); }
  MessageArena() { REQUIRE(arena != nullptr); }
  ~MessageArena() {
    messages_finish(arena);
    CHECK(arena->control.bytes_in_use == 0);  // nothing leaked, whatever state we left
    arena_destroy(arena);
  }
};

mps_addr_t fake_ref(Word n) { return reinterpret_cast<mps_addr_t>(0x100000 * n + 0x10); }

// Takes every queued message, in queue order, and returns their types.
std::vector<unsigned> drain(Arena* arena) {
  std::vector<unsigned> types;
  MessageType type;
  while (message_queue_type(&type, arena)) {
    Message* message = nullptr;
    REQUIRE(message_get(&message, arena, type));
    types.push_back(type);
    message_discard(arena, message);
  }
  return types;
}

// Runs a fake trace's message protocol.
void fake_trace(Arena* arena, const char* why, std::size_t live, std::size_t condemned) {
  TraceMessages* pair = nullptr;
  REQUIRE(messages_begin_trace(arena, &pair));
  messages_post_gc_start(arena, pair, why);
  messages_post_gc(arena, pair, live, condemned, 100);
}

}  // namespace

TEST_CASE("message: every type starts disabled and disabled messages are dropped") {
  MessageArena t;
  for (unsigned type = 0; type < kMessageTypeCount; ++type) {
    CHECK_FALSE(message_type_enabled(t.arena, static_cast<MessageType>(type)));
  }
  REQUIRE(message_post_finalization(t.arena, fake_ref(1)) == MPS_RES_OK);
  fake_trace(t.arena, "why", 1, 2);
  CHECK(message_queue_empty(t.arena));
  CHECK(mps_message_poll(t.handle()) == 0);
  mps_message_type_t type = 99;
  CHECK(mps_message_queue_type(&type, t.handle()) == 0);
  CHECK(type == 99);  // out-parameter untouched
}

TEST_CASE("message: a gc_start and gc pair arrive in order with their contents") {
  MessageArena t;
  mps_message_type_enable(t.handle(), mps_message_type_gc());
  mps_message_type_enable(t.handle(), mps_message_type_gc_start());
  char why[64];
  std::strcpy(why, "client asked");
  TraceMessages* pair = nullptr;
  REQUIRE(messages_begin_trace(t.arena, &pair));
  messages_post_gc_start(t.arena, pair, why);
  std::strcpy(why, "overwritten");  // the message keeps its own copy
  messages_post_gc(t.arena, pair, 300, 1000, 50);

  CHECK(mps_message_poll(t.handle()) == 1);
  mps_message_type_t type;
  REQUIRE(mps_message_queue_type(&type, t.handle()) == 1);
  CHECK(type == mps_message_type_gc_start());
  mps_message_t start, end;
  REQUIRE(mps_message_get(&start, t.handle(), mps_message_type_gc_start()) == 1);
  REQUIRE(mps_message_get(&end, t.handle(), mps_message_type_gc()) == 1);
  CHECK(mps_message_poll(t.handle()) == 0);
  CHECK(mps_message_type(t.handle(), start) == mps_message_type_gc_start());
  CHECK(std::string(mps_message_gc_start_why(t.handle(), start)) == "client asked");
  CHECK(mps_message_gc_live_size(t.handle(), end) == 300);
  CHECK(mps_message_gc_condemned_size(t.handle(), end) == 1000);
  CHECK(mps_message_gc_not_condemned_size(t.handle(), end) == 50);
  CHECK(mps_message_clock(t.handle(), start) <= mps_message_clock(t.handle(), end));
  CHECK(mps_message_clock(t.handle(), end) != 0);
  mps_message_discard(t.handle(), start);
  mps_message_discard(t.handle(), end);
}

TEST_CASE("message: get takes the oldest of its type and leaves the rest in order") {
  MessageArena t;
  message_type_enable(t.arena, kMessageTypeFinalization);
  message_type_enable(t.arena, kMessageTypeGc);
  message_type_enable(t.arena, kMessageTypeGcStart);
  REQUIRE(message_post_finalization(t.arena, fake_ref(1)) == MPS_RES_OK);
  fake_trace(t.arena, "a", 1, 2);
  REQUIRE(message_post_finalization(t.arena, fake_ref(2)) == MPS_RES_OK);
  CHECK(message_queue_length(t.arena) == 4);

  Message* fin = nullptr;
  REQUIRE(message_get(&fin, t.arena, kMessageTypeFinalization));
  mps_addr_t ref = nullptr;
  mps_message_finalization_ref(&ref, t.handle(), handle_of(fin));
  CHECK(ref == fake_ref(1));
  CHECK(mps_message_clock(t.handle(), handle_of(fin)) == 0);
  message_discard(t.arena, fin);

  REQUIRE(message_get(&fin, t.arena, kMessageTypeFinalization));
  mps_message_finalization_ref(&ref, t.handle(), handle_of(fin));
  CHECK(ref == fake_ref(2));
  message_discard(t.arena, fin);
  CHECK_FALSE(message_get(&fin, t.arena, kMessageTypeFinalization));
  CHECK(drain(t.arena) == std::vector<unsigned>{kMessageTypeGcStart, kMessageTypeGc});
}

TEST_CASE("message: disabling purges queued messages of that type only, enable and disable are idempotent") {
  MessageArena t;
  for (int i = 0; i < 2; ++i) {
    message_type_enable(t.arena, kMessageTypeFinalization);
    message_type_enable(t.arena, kMessageTypeGc);
    message_type_enable(t.arena, kMessageTypeGcStart);
  }
  for (Word i = 0; i < 5; ++i) {
    REQUIRE(message_post_finalization(t.arena, fake_ref(i + 1)) == MPS_RES_OK);
    fake_trace(t.arena, "x", 1, 1);
  }
  CHECK(message_queue_length(t.arena) == 15);
  message_type_disable(t.arena, kMessageTypeGcStart);
  message_type_disable(t.arena, kMessageTypeGcStart);
  CHECK(message_queue_length(t.arena) == 10);
  // Posting while disabled: the gc half of a pair still arrives.
  fake_trace(t.arena, "y", 1, 1);
  std::vector<unsigned> expected;
  for (int i = 0; i < 5; ++i) {
    expected.push_back(kMessageTypeFinalization);
    expected.push_back(kMessageTypeGc);
  }
  expected.push_back(kMessageTypeGc);
  CHECK(drain(t.arena) == expected);
}

TEST_CASE("message: retrieved messages survive disable and are freed at finish") {
  MessageArena t;
  message_type_enable(t.arena, kMessageTypeFinalization);
  REQUIRE(message_post_finalization(t.arena, fake_ref(7)) == MPS_RES_OK);
  REQUIRE(message_post_finalization(t.arena, fake_ref(8)) == MPS_RES_OK);
  Message* fin = nullptr;
  REQUIRE(message_get(&fin, t.arena, kMessageTypeFinalization));
  message_type_disable(t.arena, kMessageTypeFinalization);
  CHECK(message_queue_empty(t.arena));
  CHECK(message_check(fin));  // the client's until discarded
  // A trace that reserved its pair and never posted it: freed at finish too.
  TraceMessages* pair = nullptr;
  REQUIRE(messages_begin_trace(t.arena, &pair));
}

TEST_CASE("message: finalization references are visited while queued or retrieved, not after discard") {
  MessageArena t;
  message_type_enable(t.arena, kMessageTypeFinalization);
  message_type_enable(t.arena, kMessageTypeGc);
  for (Word i = 1; i <= 3; ++i) REQUIRE(message_post_finalization(t.arena, fake_ref(i)) == MPS_RES_OK);
  fake_trace(t.arena, "z", 0, 0);
  Message* first = nullptr;
  REQUIRE(message_get(&first, t.arena, kMessageTypeFinalization));  // retrieved, undiscarded
  Message* second = nullptr;
  REQUIRE(message_get(&second, t.arena, kMessageTypeFinalization));
  message_discard(t.arena, second);
  std::vector<mps_addr_t> seen;
  auto record = [](ScanState*, mps_addr_t* ref_io, void* closure) -> Res {
    static_cast<std::vector<mps_addr_t>*>(closure)->push_back(*ref_io);
    *ref_io = reinterpret_cast<mps_addr_t>(word_of(*ref_io) + 8);  // "moved"
    return MPS_RES_OK;
  };
  REQUIRE(message_fix_finalization_refs(t.arena, nullptr, record, &seen) == MPS_RES_OK);
  CHECK(seen == std::vector<mps_addr_t>{fake_ref(1), fake_ref(3)});
  mps_addr_t ref = nullptr;
  mps_message_finalization_ref(&ref, t.handle(), handle_of(first));
  CHECK(ref == reinterpret_cast<mps_addr_t>(word_of(fake_ref(1)) + 8));
  message_discard(t.arena, first);
}

TEST_CASE("message: misuse is reported with words") {
  MessageArena t;
  message_type_enable(t.arena, kMessageTypeFinalization);
  message_type_enable(t.arena, kMessageTypeGc);
  message_type_enable(t.arena, kMessageTypeGcStart);
  REQUIRE(message_post_finalization(t.arena, fake_ref(1)) == MPS_RES_OK);
  fake_trace(t.arena, "w", 0, 0);
  Message *fin = nullptr, *start = nullptr, *gc = nullptr;
  REQUIRE(message_get(&fin, t.arena, kMessageTypeFinalization));
  REQUIRE(message_get(&start, t.arena, kMessageTypeGcStart));
  REQUIRE(message_get(&gc, t.arena, kMessageTypeGc));
  mps_arena_t a = t.handle();
  CHECK_ASSERTS(mps_message_gc_live_size(a, handle_of(fin)), "mps_message_gc_live_size: message is not a gc message");
  CHECK_ASSERTS(mps_message_gc_condemned_size(a, handle_of(start)), "is not a gc message");
  CHECK_ASSERTS(mps_message_gc_start_why(a, handle_of(gc)), "is not a gc_start message");
  mps_addr_t ref;
  CHECK_ASSERTS(mps_message_finalization_ref(&ref, a, handle_of(gc)), "is not a finalization message");
  CHECK_ASSERTS(mps_message_type_enable(a, 3), "mps_message_type_enable: type is not a message type");
  CHECK_ASSERTS(mps_message_discard(a, nullptr), "mps_message_discard: message is not a valid message");
  CHECK_ASSERTS(mps_message_type(nullptr, handle_of(gc)), "mps_message_type: arena is not a valid arena");
  Message* spare = gc;
  CHECK_ASSERTS((mps_message_discard(a, handle_of(spare)), mps_message_discard(a, handle_of(spare))),
                "message is not a valid message of this arena");
  message_discard(t.arena, fin);
  message_discard(t.arena, start);
  message_discard(t.arena, gc);
}
