// trace.hpp -- the tracing collector: one trace at a time, run to
// completion (docs/design/trace.md, docs/design/collector.md).
//
// Phases: condemn (segments of the chosen generations become white) ->
// flip (trap allocation points, scan roots: ambiguous, then exact) -> scan
// grey segments until none is left -> finalization, then closure again ->
// weak roots -> reclaim.  Each phase is a function of its own so that
// increments can be cut between them later.
//
// Also the per-arena collector state (clamped/parked...), the policy entry
// points (poll at AP refills, step), and stress mode.
#pragma once

#include <cstddef>

#include "arena/arena.hpp"
#include "arena/chain.hpp"
#include "arena/zone.hpp"
#include "base/ring.hpp"
#include "seg/seg.hpp"
#include "trace/scan_state.hpp"

namespace mps {

inline constexpr Sig kTraceSig = 0x5197ACE;

// Why a trace started: the gc_start message's reason (mps-interface.md 12).
enum class TraceWhy {
  chain_capacity,       // generation 0 (or more) of a chain reached capacity
  full_due,             // the top generation outgrew the heap that survived the last full collection
  client_full_incremental,
  client_full_block,
  opportunism,
  walk,
};
const char* trace_why_string(TraceWhy why) noexcept;

struct TraceMessages;  // trace/message.cpp

struct Trace {
  Sig sig;
  Arena* arena;
  ZoneSet white;               // zones of the white segments
  Ring grey;                   // grey segments not yet scanned
  bool full;                   // condemns every collectable segment
  Chain* chain;                // otherwise: this chain's generations 0..top
  unsigned top;
  std::size_t condemned;       // bytes condemned
  std::size_t preserved;       // bytes of condemned objects kept (copied or nailed)
  std::size_t not_condemned;   // bytes in collected pools not condemned
  TraceWhy why;                // for the gc_start message
  TraceMessages* messages;     // the reserved gc_start/gc pair, or null
};

// The arena's collection state (mps-interface.md 2.3).
enum class ArenaState { unclamped, clamped, parked, postmortem };

struct CollectorState {
  ArenaState state;
  bool stress;       // MPS_STRESS=1: full collection at every refill of a collected pool
  bool tracing;      // a trace is running (the collector must not be re-entered)
  Word traces_run;   // statistics
};
// Made on first use (reading MPS_STRESS then); null if out of memory.
CollectorState* collector_state(Arena* arena) noexcept;
// Frees the collector's per-arena state, the segment registry and the
// chains' state.  The api calls it before arena_destroy.
void collector_finish(Arena* arena) noexcept;

// Runs a whole collection.  Full: every collectable segment; otherwise
// generations 0..top of `chain`.  Res from the message layer's setup only;
// the trace itself cannot fail (copying falls back to nailing).
Res trace_collect(Arena* arena, TraceWhy why, Chain* chain, unsigned top) noexcept;
Res trace_collect_full(Arena* arena, TraceWhy why) noexcept;

// The policy: if the arena is unclamped, run the collection that is due
// (stress mode: a full one).  Called at allocation-point refills of
// collected pools and by mps_arena_release.  True if one ran.
bool collector_poll(Arena* arena) noexcept;
// mps_arena_step: run the due collection whatever the state.  True if one ran.
bool collector_step(Arena* arena) noexcept;

// For pools: a segment has become grey (copies were made into it, or it was
// nailed).  Idempotent.
void trace_grey_seg(Trace* trace, Seg* seg) noexcept;

// Cool variety: every exact reference in every scannable segment and exact
// root points to the start of a live object.  Runs at the end of every
// collection in stress mode.
void collector_heap_check(Arena* arena) noexcept;

}  // namespace mps
