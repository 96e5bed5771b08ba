// heap_check.cpp -- the heap consistency check; see heap_check.hpp.
#include "trace/heap_check.hpp"

#include "base/check.hpp"
#include "seg/seg.hpp"
#include "seg/shield.hpp"
#include "trace/trace.hpp"

namespace mps {

Res heap_check_fix(ScanState* ss, mps_addr_t* ref_io) noexcept {
  mps_addr_t ref = *ref_io;
  Seg* seg = seg_of_addr(ss->arena, ref);
  if (seg == nullptr) {
    MPS_ASSERT_MSG(!arena_has_addr(ss->arena, ref) || arena_addr_pool(ss->arena, ref) != nullptr,
                   "heap check: an exact reference points to unallocated MPS memory");
    return MPS_RES_OK;
  }
  MPS_ASSERT_MSG(seg->klass->is_object != nullptr && seg->klass->is_object(seg, ref),
                 "heap check: an exact reference does not point to the start of a live object");
  return MPS_RES_OK;
}

void collector_heap_check(Arena* arena) noexcept {
  ShieldGuard shield(arena);
  ScanState ss;
  scan_state_init(&ss, arena, nullptr, kRankExact, kZoneSetUniverse);
  ss.fix = heap_check_fix;
  Ring* head = &seg_registry(arena)->segs;
  for (Ring* node = head->next; node != head; node = node->next) {
    Seg* seg = seg_of_arena_link(node);
    if (seg->klass->scan == nullptr) continue;
    shield_expose(seg);  // a client scanner may store each reference back
    seg->scanned_to = seg->base;
    const Res res = seg->klass->scan(&ss, seg);
    MPS_ASSERT(res == MPS_RES_OK);
    seg->scanned_to = seg->base;
  }
  Ring* roots = arena_root_ring(arena);
  for (Ring* node = roots->next; node != roots; node = node->next) {
    RootBase* root = root_base_of_link(node);
    if (root->rank != kRankExact) continue;
    const Res res = root->scan(&ss, root);
    MPS_ASSERT(res == MPS_RES_OK);
  }
  scan_state_finish(&ss);
}

}  // namespace mps
