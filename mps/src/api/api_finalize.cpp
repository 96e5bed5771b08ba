// api_finalize.cpp -- finalization (mps-interface.md 13): mps_finalize and
// mps_definalize.
//
// Both take the arena lock and pass the reference indirectly (so the
// client's stack need not be a root).  The check that a block may be
// registered lives here because it asks the pool, and pool/ is above the
// trace layer that keeps the registrations (trace/finalize.hpp).  See
// docs/design/finalize.md.
#include "api/api_internal.hpp"
#include "trace/finalize.hpp"

using namespace mps;
using namespace mps::api;

namespace {

// Blocks of automatically managed (formatted) pools may be registered: the
// trace is what finds them finalizable.  Manual pools have no format.
bool pool_allows_finalization(const Pool* pool) { return pool != nullptr && pool->format != nullptr; }

}  // namespace

extern "C" MPS_EXPORT mps_res_t mps_finalize(mps_arena_t handle, mps_addr_t* ref_p) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_finalize", arena);
  API_CHECK_NOT_NULL("mps_finalize", ref_p);
  os::LockGuard guard(arena_lock(arena));
  const mps_addr_t ref = *ref_p;
  API_ASSERT(pool_allows_finalization(arena_addr_pool(arena, ref)),
             "mps_finalize: block is not in an automatically managed pool");
  return finalization_register(arena, ref);
}

extern "C" MPS_EXPORT mps_res_t mps_definalize(mps_arena_t handle, mps_addr_t* ref_p) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_definalize", arena);
  API_CHECK_NOT_NULL("mps_definalize", ref_p);
  os::LockGuard guard(arena_lock(arena));
  return finalization_deregister(arena, *ref_p);
}
