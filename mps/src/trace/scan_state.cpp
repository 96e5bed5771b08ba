// scan_state.cpp -- scan states and the body of _mps_fix2 (mps-interface.md
// 5.1).  See scan_state.hpp.
#include "trace/scan_state.hpp"

#include "arena/arena.hpp"
#include "arena/chain.hpp"
#include "base/check.hpp"
#include "seg/seg.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/trace.hpp"

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
  ss->worker = 0;
  ss->own_grey = nullptr;  // trace.cpp sets it for scans that may copy
  ss->copy_lock = nullptr;
  ss->copy_lock_uses = 0;
  ss->preserved = 0;
  ss->promoted_count = 0;
  ss->fix = nullptr;
}

namespace {

void flush_promotions(ScanState* ss) {
  for (unsigned i = 0; i < ss->promoted_count; ++i) {
    chain_note_promoted(ss->promoted[i].chain, ss->promoted[i].gen, ss->promoted[i].bytes);
  }
  ss->promoted_count = 0;
}

}  // namespace

void scan_state_finish(ScanState* ss) noexcept {
  if (ss->trace != nullptr) {
    ss->trace->preserved += ss->preserved;
    flush_promotions(ss);
  }
  ss->preserved = 0;
  ss->sig = kSigInvalid;
}

void scan_state_note_promoted(ScanState* ss, Chain* chain, unsigned gen, std::size_t bytes) noexcept {
  for (unsigned i = 0; i < ss->promoted_count; ++i) {
    ScanState::Promotion& p = ss->promoted[i];
    if (p.chain == chain && p.gen == gen) {
      p.bytes += bytes;
      return;
    }
  }
  // A fifth (pool, generation) pair in one scan is rare: the tallies go to
  // the chains now.
  if (ss->promoted_count == ScanState::kPromotionSlots) {
    TraceGuard guard(ss->trace);
    flush_promotions(ss);
  }
  ss->promoted[ss->promoted_count++] = ScanState::Promotion{chain, gen, bytes};
}

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
