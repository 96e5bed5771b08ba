// api_arena_state.cpp -- arena states and collection control
// (mps-interface.md 2.3): clamp, release, park, postmortem, collect,
// start_collect, step, mps_collections, and the removed expose/restore
// calls.
//
// Collections run to completion inside the call that starts them, so
// between calls no collection is ever in progress: "parked" differs from
// "clamped" only in what mps_arena_step leaves behind.  No collection
// starts while clamped or parked except those the client asks for
// (collect, start_collect, step).  See docs/design/trace.md.
#include "api/api_internal.hpp"
#include "seg/shield.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/trace.hpp"

using namespace mps;
using namespace mps::api;

namespace {

// The arena's collector state, made on first use.
CollectorState* state_of(Arena* arena) {
  CollectorState* state = collector_state(arena);
  MPS_ASSERT_MSG(state != nullptr, "arena: no memory for the collector's state");
  return state;
}

}  // namespace

extern "C" MPS_EXPORT void mps_arena_clamp(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_clamp", arena);
  os::LockGuard guard(arena_lock(arena));
  state_of(arena)->state = ArenaState::clamped;
}

// Unclamped again; polls at once for work that became due meanwhile.
extern "C" MPS_EXPORT void mps_arena_release(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_release", arena);
  os::LockGuard guard(arena_lock(arena));
  state_of(arena)->state = ArenaState::unclamped;
  (void)collector_poll(arena);
}

// Every collection is already finished (they run to completion).
extern "C" MPS_EXPORT void mps_arena_park(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_park", arena);
  os::LockGuard guard(arena_lock(arena));
  state_of(arena)->state = ArenaState::parked;
}

// "Call from the thread holding the arena lock, if any": takes no lock.
// Removes every barrier (shield_lower_all); nothing moves from now on.
extern "C" MPS_EXPORT void mps_arena_postmortem(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_postmortem", arena);
  if (CollectorState* state = collector_state(arena); state != nullptr) state->state = ArenaState::postmortem;
  shield_lower_all(arena);
}

// Requested incremental full collection: run now (it completes), unclamped.
extern "C" MPS_EXPORT mps_res_t mps_arena_start_collect(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_start_collect", arena);
  os::LockGuard guard(arena_lock(arena));
  CollectorState* state = state_of(arena);
  API_ASSERT(state->state != ArenaState::postmortem, "mps_arena_start_collect: the arena is in postmortem state");
  state->state = ArenaState::unclamped;
  return trace_collect_full(arena, TraceWhy::client_full_incremental);
}

extern "C" MPS_EXPORT mps_res_t mps_arena_collect(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_collect", arena);
  os::LockGuard guard(arena_lock(arena));
  CollectorState* state = state_of(arena);
  API_ASSERT(state->state != ArenaState::postmortem, "mps_arena_collect: the arena is in postmortem state");
  const Res res = trace_collect_full(arena, TraceWhy::client_full_block);
  state->state = ArenaState::parked;
  return res;
}

// Runs the collection the policy says is due, if any.  Afterwards clamped
// if the arena was parked or clamped, else unclamped.
extern "C" MPS_EXPORT mps_bool_t mps_arena_step(mps_arena_t handle, double interval, double multiplier) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_step", arena);
  API_ASSERT(interval >= 0.0, "mps_arena_step: interval is negative (or not a number)");
  API_ASSERT(multiplier >= 0.0, "mps_arena_step: multiplier is negative (or not a number)");
  os::LockGuard guard(arena_lock(arena));
  CollectorState* state = state_of(arena);
  if (state->state == ArenaState::postmortem) return 0;
  const bool worked = collector_step(arena);
  if (state->state == ArenaState::parked) state->state = ArenaState::clamped;
  return worked ? 1 : 0;
}

// Lock-free, like the original: the location-dependency epoch.
extern "C" MPS_EXPORT mps_word_t mps_collections(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_collections", arena);
  return ld_epoch(arena);
}

// --- Removed interfaces (mps-interface.md 19) ----------------------------------
// expose = park and remove all barriers (shield_lower_all: summaries
// widen, so nothing is lost; the next collection re-protects).  The
// "remember" variant cannot restore narrower summaries soundly after the
// client wrote freely, so it behaves like expose.

namespace {

void expose(Arena* arena) {
  os::LockGuard guard(arena_lock(arena));
  state_of(arena)->state = ArenaState::parked;
  shield_lower_all(arena);
}

}  // namespace

extern "C" MPS_EXPORT void mps_arena_expose(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_expose", arena);
  expose(arena);
}

extern "C" MPS_EXPORT void mps_arena_unsafe_expose_remember_protection(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_unsafe_expose_remember_protection", arena);
  expose(arena);
}

extern "C" MPS_EXPORT void mps_arena_unsafe_restore_protection(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_unsafe_restore_protection", arena);
  os::LockGuard guard(arena_lock(arena));
}
