// api_message.cpp -- messages (mps-interface.md 12): enabling types, polling,
// retrieving and discarding messages, and the accessors of each type.
//
// Every function takes the arena lock: the queue changes under it when a
// collection posts.  A message handle is the Message descriptor itself
// (trace/message.hpp); accessors check that it is a live message of this
// arena and of the type they read.  See docs/design/message.md.
#include "api/api_internal.hpp"
#include "trace/message.hpp"

using namespace mps;
using namespace mps::api;

namespace {

bool type_valid(mps_message_type_t type) { return type < kMessageTypeCount; }

// True if `message` is an undiscarded message of `arena`.
bool message_valid(const Message* message, const Arena* arena) {
  return message_check(message) && message->arena == arena;
}

}  // namespace

#define API_CHECK_MESSAGE_TYPE(fn, type) \
  API_ASSERT(type_valid(type), fn ": type is not a message type (use mps_message_type_gc() etc.)")
#define API_CHECK_MESSAGE(fn, message, arena) \
  API_ASSERT(message_valid(message, arena),  \
             fn ": message is not a valid message of this arena (null, discarded, or never retrieved)")

extern "C" MPS_EXPORT void mps_message_type_enable(mps_arena_t handle, mps_message_type_t type) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_message_type_enable", arena);
  API_CHECK_MESSAGE_TYPE("mps_message_type_enable", type);
  os::LockGuard guard(arena_lock(arena));
  message_type_enable(arena, static_cast<MessageType>(type));
}

extern "C" MPS_EXPORT void mps_message_type_disable(mps_arena_t handle, mps_message_type_t type) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_message_type_disable", arena);
  API_CHECK_MESSAGE_TYPE("mps_message_type_disable", type);
  os::LockGuard guard(arena_lock(arena));
  message_type_disable(arena, static_cast<MessageType>(type));
}

extern "C" MPS_EXPORT mps_bool_t mps_message_poll(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_message_poll", arena);
  os::LockGuard guard(arena_lock(arena));
  return message_queue_empty(arena) ? 0 : 1;
}

extern "C" MPS_EXPORT mps_bool_t mps_message_queue_type(mps_message_type_t* type_o, mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_NOT_NULL("mps_message_queue_type", type_o);
  API_CHECK_ARENA("mps_message_queue_type", arena);
  os::LockGuard guard(arena_lock(arena));
  MessageType type;
  if (!message_queue_type(&type, arena)) return 0;
  *type_o = type;
  return 1;
}

extern "C" MPS_EXPORT mps_bool_t mps_message_get(mps_message_t* message_o, mps_arena_t handle,
                                                 mps_message_type_t type) {
  Arena* arena = arena_of(handle);
  API_CHECK_NOT_NULL("mps_message_get", message_o);
  API_CHECK_ARENA("mps_message_get", arena);
  API_CHECK_MESSAGE_TYPE("mps_message_get", type);
  os::LockGuard guard(arena_lock(arena));
  Message* message = nullptr;
  if (!message_get(&message, arena, static_cast<MessageType>(type))) return 0;
  *message_o = handle_of(message);
  return 1;
}

extern "C" MPS_EXPORT void mps_message_discard(mps_arena_t handle, mps_message_t message_handle) {
  Arena* arena = arena_of(handle);
  Message* message = message_of(message_handle);
  API_CHECK_ARENA("mps_message_discard", arena);
  os::LockGuard guard(arena_lock(arena));
  API_CHECK_MESSAGE("mps_message_discard", message, arena);
  message_discard(arena, message);
}

extern "C" MPS_EXPORT mps_message_type_t mps_message_type(mps_arena_t handle, mps_message_t message_handle) {
  Arena* arena = arena_of(handle);
  Message* message = message_of(message_handle);
  API_CHECK_ARENA("mps_message_type", arena);
  os::LockGuard guard(arena_lock(arena));
  API_CHECK_MESSAGE("mps_message_type", message, arena);
  return message->type;
}

extern "C" MPS_EXPORT mps_clock_t mps_message_clock(mps_arena_t handle, mps_message_t message_handle) {
  Arena* arena = arena_of(handle);
  Message* message = message_of(message_handle);
  API_CHECK_ARENA("mps_message_clock", arena);
  os::LockGuard guard(arena_lock(arena));
  API_CHECK_MESSAGE("mps_message_clock", message, arena);
  return message->clock;
}

// The reference is read under the lock: a collection may have moved the
// block (and updated the message) since the message was posted.
extern "C" MPS_EXPORT void mps_message_finalization_ref(mps_addr_t* ref_o, mps_arena_t handle,
                                                        mps_message_t message_handle) {
  Arena* arena = arena_of(handle);
  Message* message = message_of(message_handle);
  API_CHECK_NOT_NULL("mps_message_finalization_ref", ref_o);
  API_CHECK_ARENA("mps_message_finalization_ref", arena);
  os::LockGuard guard(arena_lock(arena));
  API_CHECK_MESSAGE("mps_message_finalization_ref", message, arena);
  API_ASSERT(message->type == kMessageTypeFinalization,
             "mps_message_finalization_ref: message is not a finalization message");
  *ref_o = message->ref;
}

namespace {

// The common body of the three gc accessors.
const Message* gc_message(Arena* arena, Message* message, const char* not_valid, const char* not_gc) {
  API_ASSERT(message_valid(message, arena), not_valid);
  API_ASSERT(message->type == kMessageTypeGc, not_gc);
  (void)not_valid;
  (void)not_gc;
  return message;
}

#define GC_WORDS(fn)                                                                          \
  fn ": message is not a valid message of this arena (null, discarded, or never retrieved)", \
      fn ": message is not a gc message (mps_message_type_gc)"

}  // namespace

extern "C" MPS_EXPORT size_t mps_message_gc_live_size(mps_arena_t handle, mps_message_t message_handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_message_gc_live_size", arena);
  os::LockGuard guard(arena_lock(arena));
  return gc_message(arena, message_of(message_handle), GC_WORDS("mps_message_gc_live_size"))->live;
}

extern "C" MPS_EXPORT size_t mps_message_gc_condemned_size(mps_arena_t handle, mps_message_t message_handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_message_gc_condemned_size", arena);
  os::LockGuard guard(arena_lock(arena));
  return gc_message(arena, message_of(message_handle), GC_WORDS("mps_message_gc_condemned_size"))->condemned;
}

extern "C" MPS_EXPORT size_t mps_message_gc_not_condemned_size(mps_arena_t handle,
                                                               mps_message_t message_handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_message_gc_not_condemned_size", arena);
  os::LockGuard guard(arena_lock(arena));
  return gc_message(arena, message_of(message_handle), GC_WORDS("mps_message_gc_not_condemned_size"))
      ->not_condemned;
}

// The string is the message's own copy: valid until the message is discarded.
extern "C" MPS_EXPORT const char* mps_message_gc_start_why(mps_arena_t handle, mps_message_t message_handle) {
  Arena* arena = arena_of(handle);
  Message* message = message_of(message_handle);
  API_CHECK_ARENA("mps_message_gc_start_why", arena);
  os::LockGuard guard(arena_lock(arena));
  API_CHECK_MESSAGE("mps_message_gc_start_why", message, arena);
  API_ASSERT(message->type == kMessageTypeGcStart,
             "mps_message_gc_start_why: message is not a gc_start message (mps_message_type_gc_start)");
  return message->why;
}
