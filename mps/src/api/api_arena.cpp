// api_arena.cpp -- arenas through the C interface: classes, creation and
// destruction, extension, accounting and tuning, introspection
// (mps-interface.md 2.1, 2.2, 2.4).
//
// Collection control (clamp, park, collect...) is in api_arena_state.cpp;
// the deprecated varargs and byte-spare forms in api_deprecated.cpp.
#include "api/api_internal.hpp"
#include "mpsacl.h"
#include "mpsavm.h"
#include "pool/amc.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/trace.hpp"

using namespace mps;
using namespace mps::api;

namespace {

// mps_arena_class_vmnz() (removed from the manual, still declared) is the VM
// class with MPS_KEY_ARENA_ZONED false.  Its handle is this marker; creation
// translates it (see create_vmnz).
constexpr char kVMNZArenaClassMarker = 'z';

mps_arena_class_t vmnz_handle() {
  return reinterpret_cast<mps_arena_class_t>(const_cast<char*>(&kVMNZArenaClassMarker));
}

const ArenaClass* arena_class_of(mps_arena_class_t handle) {
  return reinterpret_cast<const ArenaClass*>(handle);
}

// Creates a VM arena with ARENA_ZONED false unless the caller says
// otherwise, keeping the rule that used keys leave the caller's list.
Res create_vmnz(Arena** arena_o, mps_arg_s args[]) {
  mps_arg_s local[MPS_ARGS_MAX];
  unsigned n = 0;
  bool caller_said_zoned = false;
  for (; args[n].key != MPS_KEY_ARGS_END; ++n) {
    local[n] = args[n];
    if (args[n].key == MPS_KEY_ARENA_ZONED) caller_said_zoned = true;
  }
  const bool add_zoned = !caller_said_zoned && n + 1 < MPS_ARGS_MAX;
  if (add_zoned) {
    local[n].key = MPS_KEY_ARENA_ZONED;
    local[n].val.b = 0;
    ++n;
  }
  local[n].key = MPS_KEY_ARGS_END;
  Res res = arena_create(arena_o, &kVMArenaClass, ArgList(local));
  // Copy back what is left, minus the key we added.
  unsigned out = 0;
  for (unsigned i = 0; local[i].key != MPS_KEY_ARGS_END; ++i) {
    if (add_zoned && local[i].key == MPS_KEY_ARENA_ZONED) continue;
    args[out++] = local[i];
  }
  args[out].key = MPS_KEY_ARGS_END;
  return res;
}

}  // namespace

// --- Classes ------------------------------------------------------------------

extern "C" MPS_EXPORT mps_arena_class_t mps_arena_class_vm(void) {
  return reinterpret_cast<mps_arena_class_t>(const_cast<ArenaClass*>(&kVMArenaClass));
}

extern "C" MPS_EXPORT mps_arena_class_t mps_arena_class_vmnz(void) { return vmnz_handle(); }

extern "C" MPS_EXPORT mps_arena_class_t mps_arena_class_cl(void) {
  return reinterpret_cast<mps_arena_class_t>(const_cast<ArenaClass*>(&kClientArenaClass));
}

// --- Creation and destruction ---------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_arena_create_k(mps_arena_t* arena_o, mps_arena_class_t arena_class,
                                                   mps_arg_s args[]) {
  API_CHECK_NOT_NULL("mps_arena_create_k", arena_o);
  API_ASSERT(arena_class == mps_arena_class_vm() || arena_class == mps_arena_class_cl() ||
                     arena_class == vmnz_handle(),
                 "mps_arena_create_k: arena_class is not an arena class (use mps_arena_class_vm() or "
                 "mps_arena_class_cl())");
  ArgList list(args);
  list.check();
  Arena* arena = nullptr;
  Res res = arena_class == vmnz_handle() ? create_vmnz(&arena, args)
                                         : arena_create(&arena, arena_class_of(arena_class), list);
  if (res != MPS_RES_OK) return res;
  *arena_o = handle_of(arena);
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_arena_destroy(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_destroy", arena);
  {
    os::LockGuard guard(arena_lock(arena));
    API_ASSERT(arena_pool_ring(arena)->is_empty(),
                   "mps_arena_destroy: the arena still has pools (destroy them first)");
    API_ASSERT(arena_format_ring(arena)->is_empty(),
                   "mps_arena_destroy: the arena still has object formats (destroy them first)");
    API_ASSERT(arena_chain_ring(arena)->is_empty(),
                   "mps_arena_destroy: the arena still has generation chains (destroy them first)");
    API_ASSERT(arena_root_ring(arena)->is_empty(),
                   "mps_arena_destroy: the arena still has roots (destroy them first)");
    API_ASSERT(arena_thread_ring(arena)->is_empty(),
                   "mps_arena_destroy: the arena still has registered threads (deregister them first)");
    // The layers above the arena free their per-arena state (collector_hooks.hpp).
    ld_finish(arena);
    messages_finish(arena);
    finalization_finish(arena);
    collector_finish(arena);
  }
  arena_destroy(arena);  // the lock lives in the arena: released above
}

extern "C" MPS_EXPORT mps_res_t mps_arena_extend(mps_arena_t handle, mps_addr_t base, size_t size) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_extend", arena);
  API_CHECK_NOT_NULL("mps_arena_extend", base);
  API_ASSERT(size > 0, "mps_arena_extend: size is zero");
  os::LockGuard guard(arena_lock(arena));
  API_ASSERT(!arena_is_vm(arena), "mps_arena_extend: only client arenas can be extended");
  return arena_extend(arena, addr_of(base), size);
}

extern "C" MPS_EXPORT mps_res_t mps_arena_vm_growth(mps_arena_t handle, size_t desired, size_t minimum) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_vm_growth", arena);
  API_ASSERT(desired >= minimum, "mps_arena_vm_growth: desired is less than minimum");
  os::LockGuard guard(arena_lock(arena));
  API_ASSERT(arena_is_vm(arena), "mps_arena_vm_growth: the arena is not a VM arena");
  return arena_vm_growth(arena, desired, minimum);
}

// --- Accounting and tuning ----------------------------------------------------------

extern "C" MPS_EXPORT size_t mps_arena_reserved(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_reserved", arena);
  os::LockGuard guard(arena_lock(arena));
  return arena_reserved(arena);
}

extern "C" MPS_EXPORT size_t mps_arena_committed(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_committed", arena);
  os::LockGuard guard(arena_lock(arena));
  return arena_committed(arena);
}

extern "C" MPS_EXPORT size_t mps_arena_spare_committed(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_spare_committed", arena);
  os::LockGuard guard(arena_lock(arena));
  return arena_spare_committed(arena);
}

extern "C" MPS_EXPORT size_t mps_arena_commit_limit(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_commit_limit", arena);
  os::LockGuard guard(arena_lock(arena));
  return arena_commit_limit(arena);
}

extern "C" MPS_EXPORT mps_res_t mps_arena_commit_limit_set(mps_arena_t handle, size_t limit) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_commit_limit_set", arena);
  os::LockGuard guard(arena_lock(arena));
  return arena_set_commit_limit(arena, limit);
}

extern "C" MPS_EXPORT double mps_arena_spare(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_spare", arena);
  os::LockGuard guard(arena_lock(arena));
  return arena_spare(arena);
}

extern "C" MPS_EXPORT void mps_arena_spare_set(mps_arena_t handle, double spare) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_spare_set", arena);
  API_ASSERT(spare >= 0.0 && spare <= 1.0, "mps_arena_spare_set: spare is not between 0.0 and 1.0");
  os::LockGuard guard(arena_lock(arena));
  arena_set_spare(arena, spare);
}

extern "C" MPS_EXPORT double mps_arena_pause_time(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_pause_time", arena);
  os::LockGuard guard(arena_lock(arena));
  return arena_pause_time(arena);
}

extern "C" MPS_EXPORT void mps_arena_pause_time_set(mps_arena_t handle, double pause_time) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_pause_time_set", arena);
  API_ASSERT(pause_time >= 0.0, "mps_arena_pause_time_set: pause_time is negative (or not a number)");
  os::LockGuard guard(arena_lock(arena));
  arena_set_pause_time(arena, pause_time);
}

// --- Introspection -------------------------------------------------------------------

// Lock-free: may be called from walk callbacks (which run under the lock).
extern "C" MPS_EXPORT mps_bool_t mps_arena_has_addr(mps_arena_t handle, mps_addr_t addr) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_has_addr", arena);
  return arena_has_addr(arena, addr) ? 1 : 0;
}

// Takes no lock (that is its point): true iff some thread holds the lock.
extern "C" MPS_EXPORT mps_bool_t mps_arena_busy(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_busy", arena);
  return arena_lock(arena).is_held() ? 1 : 0;
}

namespace {

// True if `pool` is a client pool of `arena` (on its ring), so internal
// pools and control memory are never named.
bool arena_has_client_pool(Arena* arena, const Pool* pool) {
  Ring* head = arena_pool_ring(arena);
  for (Ring* node = head->next; node != head; node = node->next) {
    if (pool_of_link(node) == pool) return true;
  }
  return false;
}

bool addr_pool_locked(Pool** pool_o, Arena* arena, mps_addr_t addr) {
  Pool* pool = arena_addr_pool(arena, addr);
  if (pool == nullptr || !arena_has_client_pool(arena, pool)) return false;
  *pool_o = pool;
  return true;
}

}  // namespace

// Takes the lock unless this thread already holds it: the reference allows
// calls from walk callbacks, which run inside the MPS.
extern "C" MPS_EXPORT mps_bool_t mps_addr_pool(mps_pool_t* pool_o, mps_arena_t handle, mps_addr_t addr) {
  Arena* arena = arena_of(handle);
  API_CHECK_NOT_NULL("mps_addr_pool", pool_o);
  API_CHECK_ARENA("mps_addr_pool", arena);
  if (!arena_has_addr(arena, addr)) return 0;
  Pool* pool = nullptr;
  bool found;
  if (arena_lock(arena).held_by_me()) {
    found = addr_pool_locked(&pool, arena, addr);
  } else {
    os::LockGuard guard(arena_lock(arena));
    found = addr_pool_locked(&pool, arena, addr);
  }
  if (!found) return 0;
  *pool_o = handle_of(pool);
  return 1;
}

// Only the moving pools (AMC, AMCZ) map an interior pointer to its object
// (walking the segment with the format's skip); an address in another pool
// gets MPS_RES_UNIMPL, one outside every object MPS_RES_FAIL.
extern "C" MPS_EXPORT mps_res_t mps_addr_object(mps_addr_t* p_o, mps_arena_t handle, mps_addr_t addr) {
  Arena* arena = arena_of(handle);
  API_CHECK_NOT_NULL("mps_addr_object", p_o);
  API_CHECK_ARENA("mps_addr_object", arena);
  os::LockGuard guard(arena_lock(arena));
  Pool* pool = nullptr;
  if (!arena_has_addr(arena, addr) || !addr_pool_locked(&pool, arena, addr)) return MPS_RES_FAIL;
  if (!amc_is_amc_pool(pool)) return MPS_RES_UNIMPL;  // only the moving pools answer so far
  mps_addr_t object;
  if (!amc_object_of_addr(&object, pool, addr)) return MPS_RES_FAIL;
  *p_o = object;
  return MPS_RES_OK;
}
