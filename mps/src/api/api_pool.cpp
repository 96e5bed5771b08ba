// api_pool.cpp -- pools through the C interface: creation, destruction,
// sizes, manual allocation and the debugging checks (mps-interface.md 3.1,
// 3.12).  Pool classes are in api_pool_classes.cpp; the deprecated varargs
// creation in api_deprecated.cpp.
#include "api/api_internal.hpp"

using namespace mps;
using namespace mps::api;

namespace mps::api {

mps_res_t create_pool(mps_pool_t* pool_o, mps_arena_t arena_handle, mps_pool_class_t class_handle,
                      mps_arg_s args[]) noexcept {
  Arena* arena = arena_of(arena_handle);
  const auto* klass = reinterpret_cast<const PoolClass*>(class_handle);
  ArgList list(args);
  list.check();
  // Classes of later issues: nothing to create, whatever the keys say.
  if (pool_class_unbuilt(klass)) return MPS_RES_UNIMPL;
  Pool* pool = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(arena));
    res = pool_create(&pool, arena, klass, list);
  }
  if (res != MPS_RES_OK) return res;
  *pool_o = handle_of(pool);
  return MPS_RES_OK;
}

}  // namespace mps::api

extern "C" MPS_EXPORT mps_res_t mps_pool_create_k(mps_pool_t* pool_o, mps_arena_t arena_handle,
                                                  mps_pool_class_t pool_class, mps_arg_s args[]) {
  API_CHECK_NOT_NULL("mps_pool_create_k", pool_o);
  API_CHECK_ARENA("mps_pool_create_k", arena_of(arena_handle));
  API_ASSERT(pool_class != nullptr && pool_class_known(reinterpret_cast<const PoolClass*>(pool_class)),
                 "mps_pool_create_k: pool_class is not a pool class (use an mps_class_X() function)");
  return create_pool(pool_o, arena_handle, pool_class, args);
}

extern "C" MPS_EXPORT void mps_pool_destroy(mps_pool_t handle) {
  Pool* pool = pool_of(handle);
  API_CHECK_POOL("mps_pool_destroy", pool);
  Arena* arena = pool->arena;
  os::LockGuard guard(arena_lock(arena));
  pool_destroy(pool);
}

extern "C" MPS_EXPORT size_t mps_pool_total_size(mps_pool_t handle) {
  Pool* pool = pool_of(handle);
  API_CHECK_POOL("mps_pool_total_size", pool);
  os::LockGuard guard(arena_lock(pool->arena));
  return pool_total_size(pool);
}

extern "C" MPS_EXPORT size_t mps_pool_free_size(mps_pool_t handle) {
  Pool* pool = pool_of(handle);
  API_CHECK_POOL("mps_pool_free_size", pool);
  os::LockGuard guard(arena_lock(pool->arena));
  return pool_free_size(pool);
}

extern "C" MPS_EXPORT mps_res_t mps_alloc(mps_addr_t* p_o, mps_pool_t handle, size_t size) {
  Pool* pool = pool_of(handle);
  API_CHECK_NOT_NULL("mps_alloc", p_o);
  API_CHECK_POOL("mps_alloc", pool);
  API_ASSERT(size > 0, "mps_alloc: size is zero");
  Addr p = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(pool->arena));
    res = pool_alloc(&p, pool, size);
  }
  if (res != MPS_RES_OK) return res;
  *p_o = p;
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_free(mps_pool_t handle, mps_addr_t addr, size_t size) {
  Pool* pool = pool_of(handle);
  API_CHECK_POOL("mps_free", pool);
  API_CHECK_NOT_NULL("mps_free", addr);
  API_ASSERT(size > 0, "mps_free: size is zero");
  os::LockGuard guard(arena_lock(pool->arena));
  pool_free(pool, addr_of(addr), size);
}

// Do nothing on pools that are not debugging pools (the class has no check).
extern "C" MPS_EXPORT void mps_pool_check_fenceposts(mps_pool_t handle) {
  Pool* pool = pool_of(handle);
  API_CHECK_POOL("mps_pool_check_fenceposts", pool);
  os::LockGuard guard(arena_lock(pool->arena));
  if (pool->klass->check_fenceposts != nullptr) pool->klass->check_fenceposts(pool);
}

extern "C" MPS_EXPORT void mps_pool_check_free_space(mps_pool_t handle) {
  Pool* pool = pool_of(handle);
  API_CHECK_POOL("mps_pool_check_free_space", pool);
  os::LockGuard guard(arena_lock(pool->arena));
  if (pool->klass->check_free_space != nullptr) pool->klass->check_free_space(pool);
}
