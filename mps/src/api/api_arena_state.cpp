// api_arena_state.cpp -- arena states and collection control
// (mps-interface.md 2.3): clamp, release, park, postmortem, collect,
// start_collect, step, mps_collections, and the removed expose/restore
// calls.
//
// There is no collector yet and every pool that exists is manual, so there
// is never a collection in progress, nothing to collect, and nothing moves.
// In that world the four states are indistinguishable to a client, and each
// call below is honest as it stands: a full collection of an arena with no
// automatic pools is trivially complete; a step finds no work; no flip has
// ever moved an object.  The calls still check their arena and take its lock
// so that misuse is caught now.  The collector issue gives the arena a state
// and replaces these bodies (docs/compat.md).
#include "api/api_internal.hpp"

using namespace mps;
using namespace mps::api;

namespace {

// Checks the handle and passes through the lock: the common body of the
// state changes while there is no collector to start or stop.
void pass_through_lock(Arena* arena) {
  os::LockGuard guard(arena_lock(arena));
}

}  // namespace

extern "C" MPS_EXPORT void mps_arena_clamp(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_clamp", arena);
  pass_through_lock(arena);  // no collections can start: none ever do yet
}

extern "C" MPS_EXPORT void mps_arena_release(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_release", arena);
  pass_through_lock(arena);  // no pending work to poll for
}

extern "C" MPS_EXPORT void mps_arena_park(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_park", arena);
  pass_through_lock(arena);  // no collection in progress to finish
}

// "Call from the thread holding the arena lock, if any": takes no lock.
extern "C" MPS_EXPORT void mps_arena_postmortem(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_postmortem", arena);
  // No barriers to remove and nothing that could move: nothing to freeze.
}

extern "C" MPS_EXPORT mps_res_t mps_arena_start_collect(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_start_collect", arena);
  pass_through_lock(arena);
  return MPS_RES_OK;  // with no automatic pools the collection is complete at once
}

extern "C" MPS_EXPORT mps_res_t mps_arena_collect(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_collect", arena);
  pass_through_lock(arena);
  return MPS_RES_OK;  // trivially complete; the arena is (indistinguishably) parked
}

extern "C" MPS_EXPORT mps_bool_t mps_arena_step(mps_arena_t handle, double interval, double multiplier) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_step", arena);
  API_ASSERT(interval >= 0.0, "mps_arena_step: interval is negative (or not a number)");
  API_ASSERT(multiplier >= 0.0, "mps_arena_step: multiplier is negative (or not a number)");
  pass_through_lock(arena);
  return 0;  // there was no work to do
}

// Lock-free, like the original.  Nothing has ever moved.
extern "C" MPS_EXPORT mps_word_t mps_collections(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_collections", arena);
  return 0;
}

// --- Removed interfaces (mps-interface.md 19) ----------------------------------
// expose = park and remove all barriers; there are no barriers yet.

extern "C" MPS_EXPORT void mps_arena_expose(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_expose", arena);
  pass_through_lock(arena);
}

extern "C" MPS_EXPORT void mps_arena_unsafe_expose_remember_protection(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_unsafe_expose_remember_protection", arena);
  pass_through_lock(arena);
}

extern "C" MPS_EXPORT void mps_arena_unsafe_restore_protection(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_unsafe_restore_protection", arena);
  pass_through_lock(arena);
}
