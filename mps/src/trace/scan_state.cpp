// scan_state.cpp -- scan states and the body of _mps_fix2 (mps-interface.md
// 5.1).  See scan_state.hpp.
#include "trace/scan_state.hpp"

#include "arena/arena.hpp"
#include "base/check.hpp"
#include "seg/seg.hpp"
#include "trace/collector_hooks.hpp"

namespace mps {

void scan_state_init(ScanState* ss, Arena* arena, Trace* trace, Rank rank, ZoneSet white) noexcept {
  ss->ss._zs = kZoneShift;
  ss->ss._w = white;
  ss->ss._ufs = kZoneSetEmpty;
  ss->sig = kScanStateSig;
  ss->arena = arena;
  ss->trace = trace;
  ss->rank = rank;
  ss->fixed_summary = kZoneSetEmpty;
  ss->fix_count = 0;
  ss->closure = nullptr;
  ss->last_seg = nullptr;
  ss->fix = nullptr;
}

void scan_state_finish(ScanState* ss) noexcept { ss->sig = kSigInvalid; }

namespace {

// Outside MPS memory or not white: unchanged.  Ambiguous: the pool pins
// (never writes).  Exact/final: the pool keeps the object and stores its
// new address.  Weak: a dead target becomes null.
Res fix_in_trace(ScanState* ss, mps_addr_t* ref_io) {
  mps_addr_t ref = *ref_io;
  Seg* seg = ss->last_seg;
  if (seg == nullptr || !seg_contains(seg, ref)) seg = ss->last_seg = seg_of_addr(ss->arena, ref);
  if (seg == nullptr) {
    // An exact reference into this arena but into no pool's memory points
    // to nothing: a client bug (a stale or made-up pointer).
    MPS_ASSERT_COOL_MSG(ss->rank == kRankAmbig || !arena_has_addr(ss->arena, ref) ||
                            arena_addr_pool(ss->arena, ref) != nullptr,
                        "fix: exact reference does not point to an object (it points to unallocated MPS memory)");
    return MPS_RES_OK;
  }
  if (!seg->white) return MPS_RES_OK;
  if (ss->rank == kRankWeak && !seg->klass->is_preserved(seg, ref)) {
    *ref_io = nullptr;  // a weak reference to a dead object is splatted
    return MPS_RES_OK;
  }
  return seg->klass->fix(ss, seg, ref_io);
}

}  // namespace

// A scan state with no trace is the heap checker's.
Res trace_fix(ScanState* ss, mps_addr_t* ref_io) noexcept {
  MPS_ASSERT_COOL(ss->sig == kScanStateSig);
  ++ss->fix_count;
  if (ss->fix != nullptr) return ss->fix(ss, ref_io);  // a walker's, the heap check's or a test's fix
  if (ss->trace == nullptr) return MPS_RES_OK;
  const Res res = fix_in_trace(ss, ref_io);
  // The summary records where the reference points now (after a copy), so
  // that a scanned segment's summary is exact (trace.cpp, shield.hpp).
  ss->fixed_summary |= zone_set_of_addr(*ref_io);
  return res;
}

}  // namespace mps
