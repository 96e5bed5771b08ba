// api_sac.cpp -- segregated allocation caches through the C interface
// (mps-interface.md 7).
//
// A cache sits on a pool that supports mps_alloc and mps_free (MFS, MVFF);
// alloc/sac.* reaches the pool through a SacBackend whose functions are the
// generic pool_alloc / pool_free.  Every function here takes the arena lock:
// only the MPS_SAC_*_FAST macros run without it (a cache's synchronisation
// is the client's job).  Pool::sac_count keeps the pool from being destroyed
// under a live cache.
#include "api/api_internal.hpp"

using namespace mps;
using namespace mps::api;

namespace {

Res backend_alloc(Addr* p_o, void* pool, std::size_t size) {
  return pool_alloc(p_o, static_cast<Pool*>(pool), size);
}

void backend_free(void* pool, Addr p, std::size_t size) { pool_free(static_cast<Pool*>(pool), p, size); }

Pool* pool_of_sac(const Sac* sac) { return static_cast<Pool*>(sac_pool(sac)); }

}  // namespace

extern "C" MPS_EXPORT mps_res_t mps_sac_create(mps_sac_t* sac_o, mps_pool_t pool_handle, size_t classes_count,
                                               mps_sac_class_s* classes) {
  Pool* pool = pool_of(pool_handle);
  API_CHECK_NOT_NULL("mps_sac_create", sac_o);
  API_CHECK_POOL("mps_sac_create", pool);
  API_CHECK_NOT_NULL("mps_sac_create", classes);
  API_ASSERT(classes_count >= 1, "mps_sac_create: classes_count is zero (at least one class is needed)");
  API_ASSERT(pool_class_supports_sac(pool->klass),
                 "mps_sac_create: the pool's class does not support allocation caches (only MFS and MVFF do)");
  SacBackend backend{};
  backend.pool = pool;
  backend.arena = pool->arena;
  backend.alloc = backend_alloc;
  backend.free = backend_free;
  backend.alignment = pool->alignment;
  Sac* sac = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(pool->arena));
    res = sac_create(&sac, backend, classes_count, classes);
    if (res == MPS_RES_OK) ++pool->sac_count;
  }
  if (res != MPS_RES_OK) return res;
  *sac_o = handle_of_sac(sac);
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_sac_destroy(mps_sac_t handle) {
  Sac* sac = sac_of_handle(handle);
  API_CHECK_SAC("mps_sac_destroy", sac);
  Pool* pool = pool_of_sac(sac);
  os::LockGuard guard(arena_lock(pool->arena));
  sac_destroy(sac);  // flushes the cached blocks back to the pool first
  MPS_ASSERT(pool->sac_count > 0);
  --pool->sac_count;
}

extern "C" MPS_EXPORT void mps_sac_flush(mps_sac_t handle) {
  Sac* sac = sac_of_handle(handle);
  API_CHECK_SAC("mps_sac_flush", sac);
  os::LockGuard guard(arena_lock(pool_of_sac(sac)->arena));
  sac_flush(sac);
}

extern "C" MPS_EXPORT mps_res_t mps_sac_alloc(mps_addr_t* p_o, mps_sac_t handle, size_t size, mps_bool_t) {
  Sac* sac = sac_of_handle(handle);
  API_CHECK_NOT_NULL("mps_sac_alloc", p_o);
  API_CHECK_SAC("mps_sac_alloc", sac);
  API_ASSERT(size > 0, "mps_sac_alloc: size is zero");
  Addr p = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(pool_of_sac(sac)->arena));
    res = sac_alloc(&p, sac, size);
  }
  if (res != MPS_RES_OK) return res;
  *p_o = p;
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_sac_free(mps_sac_t handle, mps_addr_t p, size_t size) {
  Sac* sac = sac_of_handle(handle);
  API_CHECK_SAC("mps_sac_free", sac);
  API_CHECK_NOT_NULL("mps_sac_free", p);
  API_ASSERT(size > 0, "mps_sac_free: size is zero");
  os::LockGuard guard(arena_lock(pool_of_sac(sac)->arena));
  sac_free(sac, addr_of(p), size);
}

extern "C" MPS_EXPORT mps_res_t mps_sac_fill(mps_addr_t* p_o, mps_sac_t handle, size_t size, mps_bool_t) {
  Sac* sac = sac_of_handle(handle);
  API_CHECK_NOT_NULL("mps_sac_fill", p_o);
  API_CHECK_SAC("mps_sac_fill", sac);
  API_ASSERT(size > 0, "mps_sac_fill: size is zero");
  Addr p = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(pool_of_sac(sac)->arena));
    res = sac_fill(&p, sac, size);
  }
  if (res != MPS_RES_OK) return res;
  *p_o = p;
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_sac_empty(mps_sac_t handle, mps_addr_t p, size_t size) {
  Sac* sac = sac_of_handle(handle);
  API_CHECK_SAC("mps_sac_empty", sac);
  API_CHECK_NOT_NULL("mps_sac_empty", p);
  API_ASSERT(size > 0, "mps_sac_empty: size is zero");
  os::LockGuard guard(arena_lock(pool_of_sac(sac)->arena));
  sac_empty(sac, addr_of(p), size);
}
