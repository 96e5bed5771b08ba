// api_fix.cpp -- fixing and heap walking through the C interface
// (mps-interface.md 5.1, 16; 19 for the deprecated walkers): _mps_fix2,
// mps_fix, mps_pool_walk, mps_arena_formatted_objects_walk, mps_amc_apply.
//
// _mps_fix2 runs inside a collection, under the arena lock the collector
// already holds: it takes no lock.  The walkers require a parked arena,
// which between calls always holds (collections run to completion).
#include "api/api_internal.hpp"
#include "arena/thread.hpp"
#include "mpscamc.h"
#include "pool/amc.hpp"
#include "seg/shield.hpp"
#include "trace/scan_state.hpp"
#include "trace/trace.hpp"

using namespace mps;
using namespace mps::api;

extern "C" MPS_EXPORT mps_res_t _mps_fix2(mps_ss_t ss, mps_addr_t* ref_io) {
  API_CHECK_NOT_NULL("_mps_fix2", ss);
  API_CHECK_NOT_NULL("_mps_fix2", ref_io);
  ScanState* state = scan_state_of(ss);
  API_ASSERT(state->sig == kScanStateSig, "_mps_fix2: ss is not a scan state the MPS gave to a scanner");
  return trace_fix(state, ref_io);
}

// Removed from the interface; kept as MPS_FIX12 (zone test, then fix).
extern "C" MPS_EXPORT mps_res_t mps_fix(mps_ss_t ss, mps_addr_t* ref_io) {
  API_CHECK_NOT_NULL("mps_fix", ss);
  API_CHECK_NOT_NULL("mps_fix", ref_io);
  ScanState* state = scan_state_of(ss);
  API_ASSERT(state->sig == kScanStateSig, "mps_fix: ss is not a scan state the MPS gave to a scanner");
  const Word zone_bit = Word{1} << ((word_of(*ref_io) >> ss->_zs) & (kWordBits - 1));
  ss->_ufs |= zone_bit;
  if ((ss->_w & zone_bit) == 0) return MPS_RES_OK;
  return trace_fix(state, ref_io);
}

namespace {

Res walk_fix(ScanState*, mps_addr_t*) { return MPS_RES_OK; }  // walks never move or keep

struct ObjectsWalk {
  mps_formatted_objects_stepper_t stepper;
  void* p;
  size_t s;
};

void visit_formatted(Seg* seg, mps_addr_t object, void* closure) {
  auto* walk = static_cast<ObjectsWalk*>(closure);
  auto* pool = static_cast<Pool*>(seg->pool);
  walk->stepper(object, reinterpret_cast<mps_fmt_t>(pool->format), handle_of(pool), walk->p, walk->s);
}

struct ApplyWalk {
  mps_amc_apply_stepper_t stepper;
  void* p;
  size_t s;
};

void visit_apply(Seg*, mps_addr_t object, void* closure) {
  auto* walk = static_cast<ApplyWalk*>(closure);
  walk->stepper(object, walk->p, walk->s);
}

// Walks lower barriers (a walker may store references back), so, like a
// collection, they run with the arena's other registered threads stopped:
// a mutator writing an exposed segment would escape the write barrier.
template <typename Body>
void with_threads_stopped(Arena* arena, Body body) {
  threads_stop_and_run(arena, [](void* p) { (*static_cast<Body*>(p))(); }, &body);
}

}  // namespace

extern "C" MPS_EXPORT mps_res_t mps_pool_walk(mps_pool_t handle, mps_area_scan_t scan_area, void* closure) {
  Pool* pool = pool_of(handle);
  API_CHECK_POOL("mps_pool_walk", pool);
  API_CHECK_NOT_NULL("mps_pool_walk", scan_area);
  if (!amc_is_amc_pool(pool)) return MPS_RES_UNIMPL;  // only AMC/AMCZ can be walked so far
  Arena* arena = pool->arena;
  os::LockGuard guard(arena_lock(arena));
  Res res = MPS_RES_OK;
  with_threads_stopped(arena, [&] {
    ShieldGuard shield(arena);
    const std::size_t header = amc_of_pool(pool)->format->header_size;
    ScanState ss;
    scan_state_init(&ss, arena, nullptr, kRankExact, kZoneSetUniverse);
    ss.fix = walk_fix;
    Ring* head = &seg_registry(arena)->segs;
    for (Ring* node = head->next; node != head && res == MPS_RES_OK; node = node->next) {
      Seg* seg = seg_of_arena_link(node);
      if (seg->pool != pool) continue;
      AMCSeg* as = amc_seg_of(seg);
      const Addr limit = amc_seg_committed_limit(as);
      shield_expose(seg);  // the area scanner may store references back
      if (as->objects_base < limit) res = scan_area(&ss.ss, as->objects_base + header, limit + header, closure);
    }
    scan_state_finish(&ss);
  });
  return res;
}

extern "C" MPS_EXPORT void mps_arena_formatted_objects_walk(mps_arena_t handle, mps_formatted_objects_stepper_t f,
                                                            void* p, size_t s) {
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_arena_formatted_objects_walk", arena);
  API_CHECK_NOT_NULL("mps_arena_formatted_objects_walk", f);
  os::LockGuard guard(arena_lock(arena));
  with_threads_stopped(arena, [&] {
    ShieldGuard shield(arena);
    ObjectsWalk walk{f, p, s};
    Ring* head = arena_pool_ring(arena);
    for (Ring* node = head->next; node != head; node = node->next) {
      Pool* pool = pool_of_link(node);
      if (amc_is_amc_pool(pool)) amc_walk(pool, visit_formatted, &walk);
    }
  });
}

extern "C" MPS_EXPORT void mps_amc_apply(mps_pool_t handle, mps_amc_apply_stepper_t f, void* p, size_t s) {
  Pool* pool = pool_of(handle);
  API_CHECK_POOL("mps_amc_apply", pool);
  API_CHECK_NOT_NULL("mps_amc_apply", f);
  API_ASSERT(amc_is_amc_pool(pool), "mps_amc_apply: pool is not an AMC or AMCZ pool");
  os::LockGuard guard(arena_lock(pool->arena));
  with_threads_stopped(pool->arena, [&] {
    ShieldGuard shield(pool->arena);
    ApplyWalk walk{f, p, s};
    amc_walk(pool, visit_apply, &walk);
  });
}
