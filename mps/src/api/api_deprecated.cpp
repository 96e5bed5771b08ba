// api_deprecated.cpp -- deprecated and removed interfaces that old clients
// still call (mps-interface.md 19): the varargs creation functions, the
// byte forms of the spare fraction, the reservoir, and mps_tramp.
// (mps_telemetry_control is in telemetry.cpp, mps_arena_expose and friends
// in api_arena_state.cpp, mps_arena_class_vmnz in api_arena.cpp.)
//
// Each varargs form converts its arguments to keywords and calls the _k
// form, so there is one implementation of each operation.
#include <cstdarg>

#include "api/api_internal.hpp"
#include "mpsacl.h"
#include "mpsavm.h"

using namespace mps;
using namespace mps::api;

// --- Arenas ---------------------------------------------------------------------
// VM (and VMNZ): (size_t arena_size).  Client: (size_t arena_size, mps_addr_t base).

extern "C" MPS_EXPORT mps_res_t mps_arena_create_v(mps_arena_t* arena_o, mps_arena_class_t arena_class,
                                                   va_list varargs) {
  mps_arg_s args[3];
  args[0].key = MPS_KEY_ARENA_SIZE;
  args[0].val.size = va_arg(varargs, size_t);
  args[1].key = MPS_KEY_ARGS_END;
  if (arena_class == mps_arena_class_cl()) {
    args[1].key = MPS_KEY_ARENA_CL_BASE;
    args[1].val.addr = va_arg(varargs, mps_addr_t);
    args[2].key = MPS_KEY_ARGS_END;
  }
  return mps_arena_create_k(arena_o, arena_class, args);
}

extern "C" MPS_EXPORT mps_res_t mps_arena_create(mps_arena_t* arena_o, mps_arena_class_t arena_class, ...) {
  va_list varargs;
  va_start(varargs, arena_class);
  mps_res_t res = mps_arena_create_v(arena_o, arena_class, varargs);
  va_end(varargs);
  return res;
}

// --- Pools ------------------------------------------------------------------------
// Each class converts its own argument list (PoolClass::varargs).

extern "C" MPS_EXPORT mps_res_t mps_pool_create_v(mps_pool_t* pool_o, mps_arena_t arena_handle,
                                                  mps_pool_class_t pool_class, va_list varargs) {
  const auto* klass = reinterpret_cast<const PoolClass*>(pool_class);
  API_CHECK_NOT_NULL("mps_pool_create_v", pool_o);
  API_CHECK_ARENA("mps_pool_create_v", arena_of(arena_handle));
  API_ASSERT(klass != nullptr && pool_class_known(klass),
                 "mps_pool_create_v: pool_class is not a pool class (use an mps_class_X() function)");
  if (pool_class_unbuilt(klass)) return MPS_RES_UNIMPL;
  API_ASSERT(klass->varargs != nullptr,
                 "mps_pool_create_v: this pool class has no varargs form (use mps_pool_create_k)");
  mps_arg_s args[MPS_ARGS_MAX];
  args[0].key = MPS_KEY_ARGS_END;
  klass->varargs(args, varargs);
  return create_pool(pool_o, arena_handle, pool_class, args);
}

extern "C" MPS_EXPORT mps_res_t mps_pool_create(mps_pool_t* pool_o, mps_arena_t arena,
                                                mps_pool_class_t pool_class, ...) {
  va_list varargs;
  va_start(varargs, pool_class);
  mps_res_t res = mps_pool_create_v(pool_o, arena, pool_class, varargs);
  va_end(varargs);
  return res;
}

// --- Allocation points -------------------------------------------------------------
// AMS (and AMS debug), AWL and SNC read one mps_rank_t; other classes read
// nothing, and extra arguments are ignored.

extern "C" MPS_EXPORT mps_res_t mps_ap_create_v(mps_ap_t* ap_o, mps_pool_t pool_handle, va_list varargs) {
  Pool* pool = pool_of(pool_handle);
  API_CHECK_POOL("mps_ap_create_v", pool);
  mps_arg_s args[2];
  args[0].key = MPS_KEY_ARGS_END;
  if (pool_class_ap_takes_rank(pool->klass)) {
    args[0].key = MPS_KEY_RANK;
    args[0].val.rank = va_arg(varargs, mps_rank_t);
    args[1].key = MPS_KEY_ARGS_END;
  }
  return mps_ap_create_k(ap_o, pool_handle, args);
}

extern "C" MPS_EXPORT mps_res_t mps_ap_create(mps_ap_t* ap_o, mps_pool_t pool, ...) {
  va_list varargs;
  va_start(varargs, pool);
  mps_res_t res = mps_ap_create_v(ap_o, pool, varargs);
  va_end(varargs);
  return res;
}

// --- Spare memory in bytes ------------------------------------------------------------
// get = committed x spare fraction; set: fraction = limit / committed,
// 1.0 if the limit is at least the committed memory.

extern "C" MPS_EXPORT size_t mps_arena_spare_commit_limit(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_spare_commit_limit", arena);
  os::LockGuard guard(arena_lock(arena));
  return static_cast<size_t>(static_cast<double>(arena_committed(arena)) * arena_spare(arena));
}

extern "C" MPS_EXPORT void mps_arena_spare_commit_limit_set(mps_arena_t handle, size_t limit) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_spare_commit_limit_set", arena);
  os::LockGuard guard(arena_lock(arena));
  const size_t committed = arena_committed(arena);
  const double spare =
      limit >= committed ? 1.0 : static_cast<double>(limit) / static_cast<double>(committed);
  arena_set_spare(arena, spare);
}

// --- The reservoir (removed): always empty, so its permits change nothing ---------------

extern "C" MPS_EXPORT mps_res_t mps_ap_fill_with_reservoir_permit(mps_addr_t* p_o, mps_ap_t ap, size_t size) {
  return mps_ap_fill(p_o, ap, size);
}

extern "C" MPS_EXPORT mps_res_t(mps_reserve_with_reservoir_permit)(mps_addr_t* p_o, mps_ap_t ap, size_t size) {
  return (mps_reserve)(p_o, ap, size);
}

extern "C" MPS_EXPORT void mps_reservoir_limit_set(mps_arena_t handle, size_t) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_reservoir_limit_set", arena);
}

extern "C" MPS_EXPORT size_t mps_reservoir_limit(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_reservoir_limit", arena);
  return 0;
}

extern "C" MPS_EXPORT size_t mps_reservoir_available(mps_arena_t handle) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_reservoir_available", arena);
  return 0;
}

// --- mps_tramp (removed): calls f(p, s) and stores its result -----------------------------

extern "C" MPS_EXPORT void mps_tramp(void** r_o, mps_tramp_t f, void* p, size_t s) {
  API_CHECK_NOT_NULL("mps_tramp", r_o);
  API_CHECK_NOT_NULL("mps_tramp", f);
  *r_o = f(p, s);
}
