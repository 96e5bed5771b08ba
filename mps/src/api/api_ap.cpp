// api_ap.cpp -- allocation points through the C interface
// (mps-interface.md 6): creation and destruction, the out-of-line halves of
// reserve and commit (mps_ap_fill, mps_ap_trip), the function forms
// (mps_reserve) and (mps_commit), allocation frames and patterns.
//
// The fast paths (the mps_reserve and mps_commit macros, and the function
// forms here) take no lock: an allocation point belongs to one thread.  The
// slow paths, which reach the pool, take the arena lock.
#include <atomic>

#include "api/api_internal.hpp"

using namespace mps;
using namespace mps::api;

extern "C" MPS_EXPORT mps_res_t mps_ap_create_k(mps_ap_t* ap_o, mps_pool_t pool_handle, mps_arg_s args[]) {
  Pool* pool = pool_of(pool_handle);
  API_CHECK_NOT_NULL("mps_ap_create_k", ap_o);
  API_CHECK_POOL("mps_ap_create_k", pool);
  ArgList list(args);
  list.check();
  Buffer* buffer = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(pool->arena));
    res = pool_buffer_create(&buffer, pool, list);
  }
  if (res != MPS_RES_OK) return res;
  *ap_o = ap_of_buffer(buffer);
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_ap_destroy(mps_ap_t ap) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_AP("mps_ap_destroy", buffer);
  os::LockGuard guard(arena_lock(buffer->pool->arena));
  pool_buffer_destroy(buffer);
}

extern "C" MPS_EXPORT mps_res_t mps_ap_fill(mps_addr_t* p_o, mps_ap_t ap, size_t size) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_NOT_NULL("mps_ap_fill", p_o);
  API_CHECK_AP("mps_ap_fill", buffer);
  Addr p = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(buffer->pool->arena));
    res = pool_buffer_fill(&p, buffer, size);
  }
  if (res != MPS_RES_OK) return res;
  *p_o = p;
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT mps_bool_t mps_ap_trip(mps_ap_t ap, mps_addr_t p, size_t size) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_AP("mps_ap_trip", buffer);
  os::LockGuard guard(arena_lock(buffer->pool->arena));
  return pool_buffer_trip(buffer, addr_of(p), size) ? 1 : 0;
}

// --- Function forms of the macros -------------------------------------------------
// Same steps as the macros in mps.h, with the checks the original made.

extern "C" MPS_EXPORT mps_res_t(mps_reserve)(mps_addr_t* p_o, mps_ap_t ap, size_t size) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_NOT_NULL("mps_reserve", p_o);
  API_CHECK_AP("mps_reserve", buffer);
  API_ASSERT(ap->init == ap->alloc,
                 "mps_reserve: the allocation point already has a reserved block (reserve without commit)");
  API_ASSERT(size > 0, "mps_reserve: size is zero");
  API_ASSERT(is_aligned(size, buffer->pool->alignment),
                 "mps_reserve: size is not a multiple of the pool's alignment");
  const Word alloc = word_of(ap->alloc);
  const Word next = alloc + size;
  if (next > alloc && next <= word_of(ap->limit)) {
    ap->alloc = addr_from_word(next);
    *p_o = ap->init;
    return MPS_RES_OK;
  }
  return mps_ap_fill(p_o, ap, size);
}

extern "C" MPS_EXPORT mps_bool_t(mps_commit)(mps_ap_t ap, mps_addr_t p, size_t size) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_AP("mps_commit", buffer);
  API_ASSERT(p != nullptr && p == ap->init && addr_of(p) + size == addr_of(ap->alloc),
                 "mps_commit: the block does not match the last mps_reserve on this allocation point");
  // The client's initialising stores and the init update must be visible
  // before limit is read (mps-interface.md 6.2): a full fence.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  ap->init = ap->alloc;
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (ap->limit != nullptr) return 1;
  return mps_ap_trip(ap, p, size);
}

// --- Allocation frames (mps-interface.md 6.3) ---------------------------------------
// Every class built so far accepts and ignores frames (only SNC gives them
// meaning, and SNC arrives with the collector).  The frame handle is the
// allocation point's committed frontier at the push: opaque to the client.

extern "C" MPS_EXPORT mps_res_t(mps_ap_frame_push)(mps_frame_t* frame_o, mps_ap_t ap) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_NOT_NULL("mps_ap_frame_push", frame_o);
  API_CHECK_AP("mps_ap_frame_push", buffer);
  if (buffer_is_reserved(buffer)) return MPS_RES_FAIL;  // between reserve and commit
  *frame_o = reinterpret_cast<mps_frame_t>(ap->init);
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT mps_res_t(mps_ap_frame_pop)(mps_ap_t ap, mps_frame_t) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_AP("mps_ap_frame_pop", buffer);
  API_ASSERT(!buffer_is_reserved(buffer), "mps_ap_frame_pop: called between mps_reserve and mps_commit");
  return MPS_RES_OK;  // the blocks are only "probably dead": a hint manual pools ignore
}

// --- Allocation patterns (mps-interface.md 6.4) -------------------------------------
// Only AMC acts on patterns; every other class ignores them.  The nesting
// depth is kept so that an end without a begin is reported.

namespace {

constexpr char kRampPattern = 'r';
constexpr char kRampCollectAllPattern = 'c';

mps_alloc_pattern_t pattern_handle(const char* marker) {
  return reinterpret_cast<mps_alloc_pattern_t>(const_cast<char*>(marker));
}

bool pattern_valid(mps_alloc_pattern_t pattern) {
  return pattern == pattern_handle(&kRampPattern) || pattern == pattern_handle(&kRampCollectAllPattern);
}

}  // namespace

extern "C" MPS_EXPORT mps_alloc_pattern_t mps_alloc_pattern_ramp(void) { return pattern_handle(&kRampPattern); }

extern "C" MPS_EXPORT mps_alloc_pattern_t mps_alloc_pattern_ramp_collect_all(void) {
  return pattern_handle(&kRampCollectAllPattern);
}

extern "C" MPS_EXPORT mps_res_t mps_ap_alloc_pattern_begin(mps_ap_t ap, mps_alloc_pattern_t pattern) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_AP("mps_ap_alloc_pattern_begin", buffer);
  API_ASSERT(pattern_valid(pattern), "mps_ap_alloc_pattern_begin: pattern is not an allocation pattern");
  ++buffer->alloc_pattern_depth;
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT mps_res_t mps_ap_alloc_pattern_end(mps_ap_t ap, mps_alloc_pattern_t pattern) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_AP("mps_ap_alloc_pattern_end", buffer);
  API_ASSERT(pattern_valid(pattern), "mps_ap_alloc_pattern_end: pattern is not an allocation pattern");
  if (buffer->alloc_pattern_depth == 0) return MPS_RES_FAIL;  // no matching begin
  --buffer->alloc_pattern_depth;
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT mps_res_t mps_ap_alloc_pattern_reset(mps_ap_t ap) {
  Buffer* buffer = buffer_of_ap(ap);
  API_CHECK_AP("mps_ap_alloc_pattern_reset", buffer);
  buffer->alloc_pattern_depth = 0;
  return MPS_RES_OK;
}
