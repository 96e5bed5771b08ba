// message.cpp -- the arena's message queue: enabled types, posting,
// retrieval, discarding, and the gc_start/gc pairs the trace reserves.
// See message.hpp and docs/design/message.md.
#include "trace/message.hpp"

#include <cstring>
#include <new>

#include "arena/arena.hpp"
#include "base/check.hpp"
#include "mpslib.h"
#include "trace/collector_hooks.hpp"

namespace mps {

namespace {

inline constexpr Sig kMessageStateSig = 0x519E55A5;
inline constexpr Sig kTraceMessagesSig = 0x5197A3E5;

// Per-arena state, in control memory, created on first use.
//   queue: posted, not yet retrieved messages, oldest first (posting order).
//   all: every posted, undiscarded message (queued or retrieved).  A message
//        is on `queue` only if it is on `all`.
//   pending: pairs reserved by messages_begin_trace with a message not yet
//        posted; messages on a pending pair are on neither ring.
struct MessageState {
  Sig sig;
  unsigned enabled;  // bit (1 << type) per enabled type
  Ring queue;
  Ring all;
  Ring pending;
};

Message* message_of_queue_link(Ring* link) { return ring_owner<Message, &Message::queue_link>(link); }
Message* message_of_all_link(Ring* link) { return ring_owner<Message, &Message::all_link>(link); }

MessageState* state_of(Arena* arena) noexcept {
  auto* state = static_cast<MessageState*>(arena_upper_state(arena)->messages);
  MPS_ASSERT_COOL(state == nullptr || state->sig == kMessageStateSig);
  return state;
}

Res state_ensure(MessageState** state_o, Arena* arena) noexcept {
  MessageState* state = state_of(arena);
  if (state == nullptr) {
    void* p = nullptr;
    const Res res = arena_control_alloc(&p, arena, sizeof(MessageState));
    if (res != MPS_RES_OK) return res;
    state = new (p) MessageState{};
    state->queue.init();
    state->all.init();
    state->pending.init();
    state->sig = kMessageStateSig;  // every type disabled
    arena_upper_state(arena)->messages = state;
  }
  *state_o = state;
  return MPS_RES_OK;
}

bool type_enabled(const MessageState* state, MessageType type) noexcept {
  return state != nullptr && (state->enabled & (1u << type)) != 0;
}

Res message_alloc(Message** message_o, Arena* arena, MessageType type) noexcept {
  void* p = nullptr;
  const Res res = arena_control_alloc(&p, arena, sizeof(Message));
  if (res != MPS_RES_OK) return res;
  auto* message = new (p) Message{};
  message->type = type;
  message->arena = arena;
  message->queue_link.init();
  message->all_link.init();
  message->sig = kMessageSig;
  *message_o = message;
  return MPS_RES_OK;
}

void message_free(Arena* arena, Message* message) noexcept {
  MPS_ASSERT(message->queue_link.is_single() && message->all_link.is_single());
  message->sig = kSigInvalid;  // a stale handle now fails message_check
  arena_control_free(arena, message, sizeof(Message));
}

// Queues `message` if its type is enabled, else frees it ("dropped").
void message_post(Arena* arena, MessageState* state, Message* message) noexcept {
  if (!type_enabled(state, message->type)) {
    message_free(arena, message);
    return;
  }
  state->queue.append(&message->queue_link);
  state->all.append(&message->all_link);
}

}  // namespace

bool message_check(const Message* message) noexcept {
  return message != nullptr && message->sig == kMessageSig && message->type < kMessageTypeCount &&
         message->arena != nullptr && !message->all_link.is_single();
}

// --- Types ----------------------------------------------------------------------------

void message_type_enable(Arena* arena, MessageType type) noexcept {
  MessageState* state = nullptr;
  if (state_ensure(&state, arena) != MPS_RES_OK) return;  // stays disabled: see message.hpp
  state->enabled |= 1u << type;
}

void message_type_disable(Arena* arena, MessageType type) noexcept {
  MessageState* state = state_of(arena);
  if (state == nullptr) return;  // never enabled
  state->enabled &= ~(1u << type);
  // Purge the queue; retrieved messages belong to the client until discarded.
  MPS_RING_FOR(link, next, &state->queue) {
    Message* message = message_of_queue_link(link);
    if (message->type != type) continue;
    message->queue_link.remove();
    message->all_link.remove();
    message_free(arena, message);
  }
}

bool message_type_enabled(Arena* arena, MessageType type) noexcept { return type_enabled(state_of(arena), type); }

// --- The queue ---------------------------------------------------------------------------

bool message_queue_empty(Arena* arena) noexcept {
  const MessageState* state = state_of(arena);
  return state == nullptr || state->queue.is_empty();
}

bool message_queue_type(MessageType* type_o, Arena* arena) noexcept {
  MessageState* state = state_of(arena);
  if (state == nullptr || state->queue.is_empty()) return false;
  *type_o = message_of_queue_link(state->queue.next)->type;
  return true;
}

bool message_get(Message** message_o, Arena* arena, MessageType type) noexcept {
  MessageState* state = state_of(arena);
  if (state == nullptr) return false;
  MPS_RING_FOR(link, next, &state->queue) {
    Message* message = message_of_queue_link(link);
    if (message->type != type) continue;
    message->queue_link.remove();  // stays on `all` until discarded
    *message_o = message;
    return true;
  }
  return false;
}

void message_discard(Arena* arena, Message* message) noexcept {
  MPS_ASSERT(message->queue_link.is_single());  // only retrieved messages are discarded
  message->all_link.remove();
  message_free(arena, message);
}

std::size_t message_queue_length(Arena* arena) noexcept {
  const MessageState* state = state_of(arena);
  return state == nullptr ? 0 : state->queue.length();
}

// --- Finalization messages --------------------------------------------------------------

Res message_post_finalization(Arena* arena, mps_addr_t ref) noexcept {
  MessageState* state = state_of(arena);
  if (!type_enabled(state, kMessageTypeFinalization)) return MPS_RES_OK;  // dropped
  Message* message = nullptr;
  const Res res = message_alloc(&message, arena, kMessageTypeFinalization);
  if (res != MPS_RES_OK) return res;
  message->ref = ref;
  message->clock = 0;  // mps-interface.md 12: finalization messages have no clock
  message_post(arena, state, message);
  return MPS_RES_OK;
}

Res message_fix_finalization_refs(Arena* arena, ScanState* ss, MessageRefFixer fix, void* closure) noexcept {
  MessageState* state = state_of(arena);
  if (state == nullptr) return MPS_RES_OK;
  MPS_RING_FOR(link, next, &state->all) {
    Message* message = message_of_all_link(link);
    if (message->type != kMessageTypeFinalization) continue;
    const Res res = fix(ss, &message->ref, closure);
    if (res != MPS_RES_OK) return res;
  }
  return MPS_RES_OK;
}

// --- The trace's pair (collector_hooks.hpp) ------------------------------------------------

// Invariant: `start` and `end` are null once posted; the pair is on the
// state's `pending` ring until both are, and is then freed.
struct TraceMessages {
  Sig sig;
  Ring link;
  Message* start;
  Message* end;
};

namespace {

TraceMessages* pair_of_link(Ring* link) { return ring_owner<TraceMessages, &TraceMessages::link>(link); }

void pair_free_if_done(Arena* arena, TraceMessages* pair) noexcept {
  if (pair->start != nullptr || pair->end != nullptr) return;
  pair->link.remove();
  pair->sig = kSigInvalid;
  arena_control_free(arena, pair, sizeof(TraceMessages));
}

}  // namespace

bool messages_begin_trace(Arena* arena, TraceMessages** pair_o) noexcept {
  MessageState* state = nullptr;
  if (state_ensure(&state, arena) != MPS_RES_OK) return false;
  void* p = nullptr;
  if (arena_control_alloc(&p, arena, sizeof(TraceMessages)) != MPS_RES_OK) return false;
  auto* pair = new (p) TraceMessages{};
  if (message_alloc(&pair->start, arena, kMessageTypeGcStart) != MPS_RES_OK) {
    arena_control_free(arena, pair, sizeof(TraceMessages));
    return false;
  }
  if (message_alloc(&pair->end, arena, kMessageTypeGc) != MPS_RES_OK) {
    message_free(arena, pair->start);
    arena_control_free(arena, pair, sizeof(TraceMessages));
    return false;
  }
  pair->sig = kTraceMessagesSig;
  pair->link.init();
  state->pending.append(&pair->link);
  *pair_o = pair;
  return true;
}

void messages_post_gc_start(Arena* arena, TraceMessages* pair, const char* why) noexcept {
  MPS_ASSERT(pair != nullptr && pair->sig == kTraceMessagesSig);
  MPS_ASSERT_MSG(pair->start != nullptr, "gc_start message posted twice for one trace");
  MPS_ASSERT(why != nullptr);
  Message* message = pair->start;
  pair->start = nullptr;
  // Copied, so the string lives exactly as long as the message.
  std::strncpy(message->why, why, kMessageWhyMax - 1);
  message->why[kMessageWhyMax - 1] = '\0';
  message->clock = mps_clock();
  message_post(arena, state_of(arena), message);
  pair_free_if_done(arena, pair);
}

void messages_post_gc(Arena* arena, TraceMessages* pair, std::size_t live, std::size_t condemned,
                      std::size_t not_condemned) noexcept {
  MPS_ASSERT(pair != nullptr && pair->sig == kTraceMessagesSig);
  MPS_ASSERT_MSG(pair->end != nullptr, "gc message posted twice for one trace");
  MPS_ASSERT_COOL(live <= condemned);
  Message* message = pair->end;
  pair->end = nullptr;
  message->live = live;
  message->condemned = condemned;
  message->not_condemned = not_condemned;
  message->clock = mps_clock();
  message_post(arena, state_of(arena), message);
  pair_free_if_done(arena, pair);
}

void messages_finish(Arena* arena) noexcept {
  MessageState* state = state_of(arena);
  if (state == nullptr) return;
  MPS_RING_FOR(link, next, &state->all) {  // queued and retrieved-but-undiscarded
    Message* message = message_of_all_link(link);
    message->queue_link.remove();
    message->all_link.remove();
    message_free(arena, message);
  }
  MPS_RING_FOR(link, next, &state->pending) {  // a trace that never posted its pair
    TraceMessages* pair = pair_of_link(link);
    if (pair->start != nullptr) message_free(arena, pair->start);
    if (pair->end != nullptr) message_free(arena, pair->end);
    pair->start = pair->end = nullptr;
    pair_free_if_done(arena, pair);
  }
  state->sig = kSigInvalid;
  arena_upper_state(arena)->messages = nullptr;
  arena_control_free(arena, state, sizeof(MessageState));
}

}  // namespace mps
