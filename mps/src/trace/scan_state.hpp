// scan_state.hpp -- the scan state behind mps_ss_t, and ranks.
//
// A ScanState is what the collector hands a scanner (a format's scan method,
// a root's scan function, an area scanner).  Its first member is the public
// mps_ss_s whose three words the MPS_SCAN_BEGIN / MPS_FIX1 / MPS_SCAN_END
// macros read and write in client code; _mps_fix2 recovers the ScanState
// from the mps_ss_t by a cast (static_assert below).
#pragma once

#include <atomic>
#include <cstddef>
#include <type_traits>

#include "arena/zone.hpp"
#include "base/ring.hpp"
#include "base/word.hpp"
#include "mps.h"

namespace mps {

struct Arena;
struct Chain;
struct Seg;
struct Trace;

// Ranks, in the order a trace processes them (mps-interface.md 1.7).
enum Rank : unsigned { kRankAmbig = 0, kRankExact = 1, kRankFinal = 2, kRankWeak = 3 };
inline constexpr unsigned kRankCount = 4;

inline constexpr Sig kScanStateSig = 0x5195CA55;

struct ScanState {
  mps_ss_s ss;           // must stay first; _zs, _w, _ufs (see mps.h)
  Sig sig;
  Arena* arena;
  Trace* trace;
  Rank rank;             // rank of the references being fixed now
  ZoneSet fixed_summary; // zones of references that passed MPS_FIX1 and were fixed
  std::size_t fix_count; // references handed to _mps_fix2 (statistics)
  void* closure;         // private to whoever set the scan up (walkers)
  // The segment of the last reference fixed, or null: consecutive
  // references often point into one segment, and this saves the page-table
  // lookup for them.  Sound because no segment is destroyed while a trace's
  // scan states live (reclaim comes after every scan).
  Seg* last_seg;
  // Which of the trace's scanning threads owns this scan state (0 when the
  // trace scans serially, 1 + the helper index in a parallel scan), and
  // where segments it alone copies into wait to
  // be scanned: the trace's grey ring when serial, a ring of its own when
  // parallel (trace.hpp, trace_grey_owned).
  unsigned worker;
  Ring* own_grey;
  std::atomic<bool>* copy_lock;  // held by this scanner (trace_lock_for_copy), or null
  unsigned copy_lock_uses;
  // Tallies kept here rather than in shared counters, so that parallel
  // scanners never write one cache line; scan_state_finish adds them to the
  // trace and the chains.
  std::size_t preserved;  // bytes of condemned objects this scan state copied
  struct Promotion {
    Chain* chain;
    unsigned gen;
    std::size_t bytes;
  };
  static constexpr unsigned kPromotionSlots = 4;
  Promotion promoted[kPromotionSlots];
  unsigned promoted_count;
  // Walkers and tests: when set, trace_fix (the body of _mps_fix2) hands
  // every fix to it (root/root.cpp's roots walk; unit tests with a fake
  // trace).  scan_state_init sets it null.
  Res (*fix)(ScanState* ss, mps_addr_t* ref_io);
};

static_assert(std::is_standard_layout_v<ScanState>, "ScanState must be standard-layout");
static_assert(offsetof(ScanState, ss) == 0, "mps_ss_s must be at offset 0 of ScanState");

inline ScanState* scan_state_of(mps_ss_t ss) { return reinterpret_cast<ScanState*>(ss); }
inline mps_ss_t ss_of_scan_state(ScanState* s) { return &s->ss; }

// What the trace needs of a root.  The root layer (above this one) embeds a
// RootBase at offset 0 of each root descriptor and links `arena_link` on
// arena_root_ring(); the trace scans the roots of each rank through `scan`,
// with ss->rank == rank.
struct RootBase {
  Sig sig;
  Ring arena_link;
  Rank rank;
  Res (*scan)(ScanState* ss, RootBase* root);
};
inline RootBase* root_base_of_link(Ring* link) { return ring_owner<RootBase, &RootBase::arena_link>(link); }

// Sets up a scan state for `trace` at `rank`: zone shift, white set.
void scan_state_init(ScanState* ss, Arena* arena, Trace* trace, Rank rank, ZoneSet white) noexcept;
// Adds the scan state's tallies to its trace and chains (in a parallel
// scan, under the trace's lock) and invalidates it.
void scan_state_finish(ScanState* ss) noexcept;
// `bytes` were copied into generation `gen` of `chain` (chain_note_promoted,
// deferred to scan_state_finish).
void scan_state_note_promoted(ScanState* ss, Chain* chain, unsigned gen, std::size_t bytes) noexcept;

// The body of _mps_fix2: see mps-interface.md 5.1 for the contract.
Res trace_fix(ScanState* ss, mps_addr_t* ref_io) noexcept;

}  // namespace mps
