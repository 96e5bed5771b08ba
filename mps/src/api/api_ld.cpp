// api_ld.cpp -- location dependency (mps-interface.md 11): mps_ld_reset,
// mps_ld_add, mps_ld_merge, mps_ld_isstale, mps_ld_isstale_any.
//
// Only reset takes the arena lock (it reads the epoch, which a flip changes
// under the lock).  add, merge and the staleness tests take none: they sit on
// the client's hash-table paths, and trace/ld.cpp makes the lock-free read of
// the epoch and movement history safe.  See docs/design/ld.md.
#include "api/api_internal.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/ld.hpp"

using namespace mps;
using namespace mps::api;

extern "C" MPS_EXPORT void mps_ld_reset(mps_ld_t ld, mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_ld_reset", arena);
  API_CHECK_NOT_NULL("mps_ld_reset", ld);
  os::LockGuard guard(arena_lock(arena));
  ld_reset(ld, arena);
}

extern "C" MPS_EXPORT void mps_ld_add(mps_ld_t ld, mps_arena_t handle, mps_addr_t addr) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_ld_add", arena);
  API_CHECK_NOT_NULL("mps_ld_add", ld);
  // A zero-filled or garbage ld usually fails this; a valid one never does.
  MPS_ASSERT_COOL_MSG(ld->_epoch <= ld_epoch(arena),
                      "mps_ld_add: ld was not reset (or was reset for another arena)");
  ld_add(ld, addr);
}

extern "C" MPS_EXPORT void mps_ld_merge(mps_ld_t dest_ld, mps_arena_t handle, mps_ld_t src_ld) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_ld_merge", arena);
  API_CHECK_NOT_NULL("mps_ld_merge", dest_ld);
  API_CHECK_NOT_NULL("mps_ld_merge", src_ld);
  MPS_ASSERT_COOL_MSG(dest_ld->_epoch <= ld_epoch(arena) && src_ld->_epoch <= ld_epoch(arena),
                      "mps_ld_merge: an ld was not reset (or was reset for another arena)");
  ld_merge(dest_ld, src_ld);
}

// `addr` is not consulted: an ld records zones, not blocks, so the answer
// is the same for every address (false positives are allowed).
extern "C" MPS_EXPORT mps_bool_t mps_ld_isstale(mps_ld_t ld, mps_arena_t handle, mps_addr_t addr) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_ld_isstale", arena);
  API_CHECK_NOT_NULL("mps_ld_isstale", ld);
  (void)addr;
  return ld_is_stale_any(ld, arena) ? 1 : 0;
}

extern "C" MPS_EXPORT mps_bool_t mps_ld_isstale_any(mps_ld_t ld, mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_ld_isstale_any", arena);
  API_CHECK_NOT_NULL("mps_ld_isstale_any", ld);
  return ld_is_stale_any(ld, arena) ? 1 : 0;
}
