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

#include <atomic>
#include <cstddef>

#include "arena/arena.hpp"
#include "arena/chain.hpp"
#include "arena/zone.hpp"
#include "base/ring.hpp"
#include "os/lock.hpp"
#include "os/thread_team.hpp"
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
  Word serial;                 // traces run before this one: names its forwarding segments
  // Parallel scanning (trace_parallel.cpp).  While workers > 1, `lock`
  // guards the grey ring, every segment's grey/scanning/rescan flags, the
  // nailboards, segment creation and the tallies; `shared_grey` counts the
  // grey ring for idle workers to poll; `deferred` holds segments nailed
  // whole meanwhile (accounted and scanned once the workers are done).
  unsigned workers;
  os::Lock lock;
  std::atomic<unsigned> shared_grey;
  Ring deferred;
};

// Holds the trace's lock for its lifetime while the trace scans in
// parallel; does nothing when it scans serially.
class TraceGuard {
 public:
  explicit TraceGuard(Trace* trace) : trace_(trace->workers > 1 ? trace : nullptr) {
    if (trace_ != nullptr) trace_->lock.claim();
  }
  ~TraceGuard() {
    if (trace_ != nullptr) trace_->lock.release();
  }
  TraceGuard(const TraceGuard&) = delete;
  TraceGuard& operator=(const TraceGuard&) = delete;

 private:
  Trace* trace_;
};

// While the trace scans in parallel, a fix that may copy or forward an
// object of white segment `seg` holds that segment's copy lock (one of a
// fixed set of spin locks, chosen by address), so that two scanners never
// both copy one object: the format's isfwd and fwd are plain reads and
// writes.  Taking a lock is a locked instruction, which waits for every
// store before it (the copies just made), so a scanner keeps the lock it
// has for the next few fixes into the same segment; it lets it go for
// another segment's, after a few dozen fixes, and when a segment's scan
// ends (trace_drop_copy_lock).  It never holds two, so it cannot deadlock.
void trace_lock_for_copy(ScanState* ss, const Seg* seg) noexcept;
void trace_drop_copy_lock(ScanState* ss) noexcept;

// The arena's collection state (mps-interface.md 2.3).
enum class ArenaState { unclamped, clamped, parked, postmortem };

struct CollectorState {
  ArenaState state;
  bool stress;       // MPS_STRESS=1: full collection at every refill of a collected pool
  bool tracing;      // a trace is running (the collector must not be re-entered)
  Word traces_run;   // statistics
  // Scanning threads: 0 = automatic (one per registered thread, at most one
  // per processor), else what MPS_GC_WORKERS said (1 = always serial).
  unsigned workers_requested;
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

// For pools: a segment has become grey (it was nailed, or an exact fix
// reached a nailed segment's object).  Idempotent.  In a parallel scan a
// segment being scanned is marked for another pass instead.
void trace_grey_seg(Trace* trace, Seg* seg) noexcept;
// The same, by a caller that holds the trace's lock (a TraceGuard).
void trace_grey_seg_held(Trace* trace, Seg* seg) noexcept;
// A segment only `ss`'s scanner copies into (its forwarding segment) has
// become grey: it waits on that scanner's own ring, unseen by the others,
// so that nobody scans it while copies still land in it.
void trace_grey_owned(ScanState* ss, Seg* seg) noexcept;
// `ss`'s scanner will copy no more into `seg`: if it waits to be scanned,
// any scanner may now take it.
void trace_release_owned(ScanState* ss, Seg* seg) noexcept;
// A segment nailed whole while the trace scans in parallel: kept for
// trace_finish_deferred, after the scanners are done.
void trace_defer_nailed(Trace* trace, Seg* seg) noexcept;

// The grey closure at `rank` on up to `workers` threads (the caller and
// helpers made for it): trace_parallel.cpp.  Returns with trace->workers
// == 1, leaving on the grey ring what must be finished serially.
void scan_grey_in_parallel(Trace* trace, Rank rank, unsigned workers) noexcept;
// How many threads should scan this trace's grey segments (after its
// flip): MPS_GC_WORKERS if set; else one per registered thread of the
// arena, at most one per processor (a single-threaded client's format
// methods are never called on another thread), and only when the
// collection is expected to keep enough to pay for starting helpers.
unsigned trace_choose_workers(Trace* trace) noexcept;
// Scans one grey segment with `ss` and sets its summary (trace.cpp).
void trace_scan_segment(Trace* trace, ScanState* ss, Seg* seg) noexcept;

// Cool variety: every exact reference in every scannable segment and exact
// root points to the start of a live object.  Runs at the end of every
// collection in stress mode.
void collector_heap_check(Arena* arena) noexcept;

}  // namespace mps
