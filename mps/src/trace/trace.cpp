// trace.cpp -- one trace, run to completion: condemn, flip, scan grey,
// finalization, reclaim.  See trace.hpp and docs/design/trace.md.
#include "trace/trace.hpp"

#include "arena/thread.hpp"
#include "base/check.hpp"
#include "seg/shield.hpp"
#include "trace/collector_hooks.hpp"

namespace mps {

namespace {

Ring* segs_of(Arena* arena) { return &seg_registry(arena)->segs; }

// --- Condemn -------------------------------------------------------------------
// Segments of the chosen generations become white; the white set is the
// union of their zones.  Other collectable segments count as not condemned.
bool is_condemned_by(const Seg* seg, const void* p) {
  const auto* trace = static_cast<const Trace*>(p);
  if (seg->klass->whiten == nullptr) return false;
  return trace->full || (seg->chain == trace->chain && seg->gen <= trace->top);
}

void condemn(Trace* trace) {
  Ring* head = segs_of(trace->arena);
  for (Ring* node = head->next; node != head; node = node->next) {
    Seg* seg = seg_of_arena_link(node);
    if (seg->klass->whiten == nullptr) continue;
    if (is_condemned_by(seg, trace)) {
      // Forwarding writes into white objects: lower the barrier first
      // (with its condemned neighbours', one system call for them all).
      shield_expose_run(trace->arena, seg, is_condemned_by, trace);
      trace->condemned += seg->klass->whiten(seg, trace);
      if (seg->white) trace->white |= zone_set_of_range(seg->base, seg->limit);
    } else if (seg->klass->used_size != nullptr) {
      trace->not_condemned += seg->klass->used_size(seg);
    }
  }
}

// A serial scan state: segments it copies into wait on the grey ring.
void init_scan(ScanState* ss, Trace* trace, Rank rank) {
  scan_state_init(ss, trace->arena, trace, rank, trace->white);
  ss->own_grey = &trace->grey;
}

// Scans every root of `rank`.  Ambiguous roots come first in a trace, so
// that every nail is known before an exact fix copies anything.
void scan_roots(Trace* trace, Rank rank) {
  ScanState ss;
  init_scan(&ss, trace, rank);
  Ring* head = arena_root_ring(trace->arena);
  for (Ring* node = head->next; node != head; node = node->next) {
    RootBase* root = root_base_of_link(node);
    if (root->rank != rank) continue;
    const Res res = root->scan(&ss, root);
    MPS_ASSERT_MSG(res == MPS_RES_OK, "trace: a root's scan function returned an error");
  }
  scan_state_finish(&ss);
}

// --- Flip --------------------------------------------------------------------------
// Trap the allocation points of scannable pools; a non-white scannable
// segment is grey only if its summary meets the white set (the write
// barrier keeps summaries sound: shield.hpp); advance the epoch if objects
// may move; scan the roots.
void flip(Trace* trace) {
  Arena* arena = trace->arena;
  Ring* head = segs_of(arena);
  for (Ring* node = head->next; node != head; node = node->next) {
    Seg* seg = seg_of_arena_link(node);
    if (seg->buffer != nullptr && seg->klass->trap_buffer != nullptr) seg->klass->trap_buffer(seg);
    seg->scanned_to = seg->base;
    if (!seg->white && seg->klass->scan != nullptr && zone_sets_intersect(seg->summary, trace->white)) {
      trace_grey_seg(trace, seg);
    }
  }
  if (trace->condemned > 0) {
    [[maybe_unused]] const Res res = ld_flip(arena, trace->white);
    MPS_ASSERT_MSG(res == MPS_RES_OK, "trace: location dependency state could not be made");
  }
  scan_roots(trace, kRankAmbig);
  scan_roots(trace, kRankExact);
  ScanState ss;
  init_scan(&ss, trace, kRankExact);
  [[maybe_unused]] const Res res = finalization_scan_messages(&ss);
  MPS_ASSERT(res == MPS_RES_OK);
  scan_state_finish(&ss);
}

// --- Scan grey ----------------------------------------------------------------------
// Invariant: a white segment is on the grey ring only if nailed.
// Summaries: a scan that starts at the segment's base sees every reference
// in it, so its summary replaces the segment's; a later piece (copies that
// landed after an earlier scan) adds to it.  A piece's summary is the zones
// of the references fixed (where they point now) plus the zones of those
// MPS_FIX1 let through as not white (unchanged by the scan).
void scan_grey_to_closure(Trace* trace, Rank rank) {
  ScanState ss;
  init_scan(&ss, trace, rank);
  while (!trace->grey.is_empty()) {
    Seg* seg = seg_of_grey_link(trace->grey.next);
    seg->grey_link.remove();
    seg->grey = false;
    trace_scan_segment(trace, &ss, seg);
  }
  scan_state_finish(&ss);
}

void preserve_finalizable(Trace* trace) {
  ScanState ss;
  init_scan(&ss, trace, kRankFinal);
  [[maybe_unused]] const Res res = finalization_preserve(&ss);
  MPS_ASSERT(res == MPS_RES_OK);
  scan_state_finish(&ss);
}

// --- Reclaim -------------------------------------------------------------------------
void reclaim(Trace* trace) {
  MPS_RING_FOR(node, next, segs_of(trace->arena)) {
    Seg* seg = seg_of_arena_link(node);
    if (seg->white) seg->klass->reclaim(seg, trace);  // may destroy seg
  }
  // Invariant: after reclaim nothing is white, grey or nailed.
  if constexpr (kVariety == Variety::cool) {
    Ring* head = segs_of(trace->arena);
    for (Ring* node = head->next; node != head; node = node->next) {
      Seg* seg = seg_of_arena_link(node);
      MPS_ASSERT(!seg->white && !seg->grey && !seg->nailed);
    }
  }
  if (trace->full) {
    chains_note_full_collection(trace->arena, trace->preserved);
  } else {
    const double mortality =
        trace->condemned == 0 ? -1.0
                              : 1.0 - static_cast<double>(trace->preserved) / static_cast<double>(trace->condemned);
    chain_note_condemned(trace->chain, trace->top, mortality < 0.0 ? 0.0 : mortality);
  }
}

}  // namespace

const char* trace_why_string(TraceWhy why) noexcept {
  switch (why) {
    case TraceWhy::chain_capacity:
      return "Generation 0 of a chain has reached capacity: start a minor collection.";
    case TraceWhy::full_due:
      return "A full collection must start now, or memory will run out: the oldest generation has doubled.";
    case TraceWhy::client_full_incremental:
      return "Client requests: start incremental full collection now.";
    case TraceWhy::client_full_block:
      return "Client requests: immediate full collection.";
    case TraceWhy::opportunism:
      return "Opportunism: client predicts plenty of idle time, so start full collection.";
    case TraceWhy::walk:
      return "Walking all live objects.";
  }
  return "Unknown reason.";
}

void trace_scan_segment(Trace* trace, ScanState* ss, Seg* seg) noexcept {
  MPS_ASSERT(!seg->white || seg->nailed);
  shield_expose(seg);  // the scan fixes references in place
  const bool from_start = seg->scanned_to <= seg->base;
  ss->ss._ufs = kZoneSetEmpty;
  ss->fixed_summary = kZoneSetEmpty;
  [[maybe_unused]] const Res res = seg->klass->scan(ss, seg);
  MPS_ASSERT_MSG(res == MPS_RES_OK, "trace: a format's scan method returned an error");
  const ZoneSet piece = ss->fixed_summary | (ss->ss._ufs & ~trace->white);
  // A nursery segment (nailed, so kept) is condemned again by the next
  // collection of its chain: a narrow summary would only buy a protect
  // now and an expose then, each a page-table change that every other
  // core running the process must be told of.
  const bool nursery = seg->chain != nullptr && seg->gen == 0;
  shield_set_summary(seg, nursery ? kZoneSetUniverse : from_start ? piece : (seg->summary | piece));
}

void trace_grey_seg(Trace* trace, Seg* seg) noexcept {
  if (seg->klass->scan == nullptr) return;
  TraceGuard guard(trace);
  trace_grey_seg_held(trace, seg);
}

void trace_grey_seg_held(Trace* trace, Seg* seg) noexcept {
  if (seg->klass->scan == nullptr) return;
  if (seg->scanning) {
    seg->rescan = true;
    return;
  }
  if (seg->grey) return;
  seg->grey = true;
  trace->grey.append(&seg->grey_link);
  if (trace->workers > 1) trace->shared_grey.fetch_add(1, std::memory_order_relaxed);
}

void trace_grey_owned(ScanState* ss, Seg* seg) noexcept {
  if (seg->grey || seg->klass->scan == nullptr) return;
  seg->grey = true;
  ss->own_grey->append(&seg->grey_link);
}

void trace_release_owned(ScanState* ss, Seg* seg) noexcept {
  Trace* trace = ss->trace;
  // If its owner is scanning it now (this very fix is part of that scan),
  // the scan goes on until the last copy is covered, and no other scanner
  // may start on it meanwhile: it stays on the owner's ring.
  if (ss->own_grey == &trace->grey || !seg->grey || seg->scanning) return;
  seg->grey_link.remove();
  seg->grey = false;
  trace_grey_seg(trace, seg);
}

void trace_defer_nailed(Trace* trace, Seg* seg) noexcept {
  TraceGuard guard(trace);
  MPS_ASSERT(!seg->grey && !seg->scanning);  // white and not nailed until now: on no ring
  trace->deferred.append(&seg->grey_link);
}

bool trace_is_dead(Trace* trace, mps_addr_t addr) noexcept {
  Seg* seg = seg_of_addr(trace->arena, addr);
  if (seg == nullptr || !seg->white) return false;
  return !seg->klass->is_preserved(seg, addr);
}

namespace {

// The collection proper, run with every other registered thread stopped.
void run_trace(void* p) {
  Trace* trace = static_cast<Trace*>(p);
  {
    ShieldGuard shield(trace->arena);
    condemn(trace);
    if (trace->messages != nullptr) messages_post_gc_start(trace->arena, trace->messages, trace_why_string(trace->why));
    flip(trace);
    const unsigned workers = trace_choose_workers(trace);
    if (workers > 1) scan_grey_in_parallel(trace, kRankExact, workers);
    scan_grey_to_closure(trace, kRankExact);  // all of it when serial; what was deferred otherwise
    preserve_finalizable(trace);
    scan_grey_to_closure(trace, kRankExact);
    scan_roots(trace, kRankWeak);
    reclaim(trace);
  }
  // The stress-mode heap check lowers barriers to scan, so it too must run
  // before the other threads go on: a mutator writing a segment it had
  // exposed would escape the write barrier (and race the fault handler).
  if constexpr (kVariety == Variety::cool) {
    if (collector_state(trace->arena)->stress) collector_heap_check(trace->arena);
  }
}

}  // namespace

Res trace_collect(Arena* arena, TraceWhy why, Chain* chain, unsigned top) noexcept {
  CollectorState* state = collector_state(arena);
  if (state == nullptr) return MPS_RES_MEMORY;
  MPS_ASSERT_MSG(!state->tracing, "trace: a collection was started from inside a collection");
  MPS_ASSERT(state->state != ArenaState::postmortem);
  TraceMessages* messages = nullptr;
  const bool have_messages = messages_begin_trace(arena, &messages);

  Trace trace{};
  trace.sig = kTraceSig;
  trace.arena = arena;
  trace.grey.init();
  trace.full = chain == nullptr;
  trace.chain = chain;
  trace.top = top;
  trace.why = why;
  trace.messages = have_messages ? messages : nullptr;
  trace.serial = state->traces_run;
  trace.workers = 1;
  trace.lock.init();
  trace.shared_grey.store(0, std::memory_order_relaxed);
  trace.deferred.init();
  state->tracing = true;
  threads_stop_and_run(arena, run_trace, &trace);
  state->tracing = false;
  ++state->traces_run;
  trace.lock.finish();
  trace.sig = kSigInvalid;
  if (have_messages) {
    messages_post_gc(arena, messages, trace.preserved, trace.condemned, trace.not_condemned);
  }
  return MPS_RES_OK;
}

Res trace_collect_full(Arena* arena, TraceWhy why) noexcept { return trace_collect(arena, why, nullptr, 0); }

}  // namespace mps
