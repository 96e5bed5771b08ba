// message.hpp -- the arena's message queue (mps-interface.md 12; design
// note docs/design/message.md).
//
// Messages are how the collector tells the client about events it cannot
// report synchronously: a collection started (gc_start), a collection ended
// (gc), a registered block became finalizable (finalization).  Each message
// is a descriptor in arena control memory; the mps_message_t handle is the
// Message itself, checked by its signature.
//
// Life of a message: allocated (by messages_begin_trace, or by
// message_post_finalization) -> posted: queued, or freed at once if its type
// is disabled -> retrieved by mps_message_get (off the queue, still owned by
// the arena) -> discarded (freed).  Disabling a type frees its queued
// messages.  Every undiscarded message is on the state's `all` ring, so the
// arena can free them at messages_finish and finalization can fix the
// references finalization messages hold (message_scan_finalization_refs).
//
// Caller holds the arena lock for everything here.  The trace's half of the
// interface (messages_begin_trace, messages_post_gc_start, messages_post_gc,
// messages_finish) is declared in collector_hooks.hpp.
#pragma once

#include <cstddef>

#include "base/ring.hpp"
#include "base/word.hpp"
#include "mps.h"

namespace mps {

struct Arena;
struct ScanState;

enum MessageType : unsigned {
  kMessageTypeFinalization = _mps_MESSAGE_TYPE_FINALIZATION,
  kMessageTypeGc = _mps_MESSAGE_TYPE_GC,
  kMessageTypeGcStart = _mps_MESSAGE_TYPE_GC_START,
};
inline constexpr unsigned kMessageTypeCount = 3;

inline constexpr Sig kMessageSig = 0x519E55A6;

// Longest gc_start reason kept (longer ones are cut, still terminated).
inline constexpr std::size_t kMessageWhyMax = 128;

struct Message {
  Sig sig;
  MessageType type;
  Arena* arena;
  Ring queue_link;     // on the queue while posted and not yet retrieved; else single
  Ring all_link;       // on the state's ring of undiscarded messages while posted
  mps_clock_t clock;   // mps_clock() at posting (gc, gc_start); 0 for finalization
  mps_addr_t ref;      // finalization: the block (client pointer); fixed by traces
  std::size_t live;    // gc: condemned bytes that survived
  std::size_t condemned;
  std::size_t not_condemned;
  char why[kMessageWhyMax];  // gc_start: the reason, terminated
};

// True if `message` is a live message of `arena`: signature, a known type,
// posted (so on the arena's ring), not discarded.
bool message_check(const Message* message) noexcept;
inline Message* message_of(mps_message_t handle) { return reinterpret_cast<Message*>(handle); }
inline mps_message_t handle_of(Message* message) { return reinterpret_cast<mps_message_t>(message); }

// --- Types ----------------------------------------------------------------------------

// Enabling creates the arena's message state on first use: if control
// memory is exhausted then, the type stays disabled (the call is void in
// the interface; a later enable tries again).  Both are idempotent.
void message_type_enable(Arena* arena, MessageType type) noexcept;
// Disables `type` and frees every queued message of it.
void message_type_disable(Arena* arena, MessageType type) noexcept;
bool message_type_enabled(Arena* arena, MessageType type) noexcept;

// --- The queue ---------------------------------------------------------------------------

bool message_queue_empty(Arena* arena) noexcept;
// The type of the oldest queued message; false if the queue is empty.
bool message_queue_type(MessageType* type_o, Arena* arena) noexcept;
// Takes the oldest queued message of `type` off the queue; false if none.
bool message_get(Message** message_o, Arena* arena, MessageType type) noexcept;
// Frees a retrieved message.  For a finalization message this drops the
// arena's hold on its block, which is then an ordinary block.
void message_discard(Arena* arena, Message* message) noexcept;
// Messages on the queue (for tests and statistics).
std::size_t message_queue_length(Arena* arena) noexcept;

// --- Finalization messages --------------------------------------------------------------

// Posts a finalization message for `ref`.  If the type is disabled nothing
// is allocated and the result is OK (the message is "dropped").  Errors:
// those of arena_control_alloc, and then nothing is posted.
Res message_post_finalization(Arena* arena, mps_addr_t ref) noexcept;

// Calls fix(ss, &message->ref, closure) for every undiscarded finalization
// message, queued or retrieved; stops at the first error and returns it.
using MessageRefFixer = Res (*)(ScanState* ss, mps_addr_t* ref_io, void* closure);
Res message_fix_finalization_refs(Arena* arena, ScanState* ss, MessageRefFixer fix, void* closure) noexcept;

}  // namespace mps
