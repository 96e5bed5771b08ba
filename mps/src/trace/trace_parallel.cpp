// trace_parallel.cpp -- the grey closure on several threads: the
// collecting thread and helpers made for it, while every mutator thread is
// stopped (docs/design/trace.md, "Parallel scanning").
//
// Work is whole segments.  The grey ring is shared; a scanner takes a
// segment off it under the trace's lock and marks it `scanning`, so no
// other scanner can take it until it is done; a segment greyed meanwhile
// (a nailboard hit) is marked `rescan` and goes back on the ring when the
// pass ends.  Each scanner copies into forwarding segments of its own
// (pool/amc_seg.cpp), which wait on its own ring, where no other scanner
// can see them while copies still land in them; a forwarding segment it
// has filled goes to the shared ring (trace_release_owned).
//
// A fix that may copy holds its segment's copy lock (trace_lock_for_copy),
// because the format's isfwd and fwd are plain reads and writes: two
// scanners must not both copy one object.
//
// Termination: a scanner with nothing of its own and an empty shared ring
// counts itself idle under the lock.  Only a busy scanner can make work,
// and it puts any work others may take on the shared ring, so when every
// scanner is idle there is none left anywhere.
#include <sched.h>

#include "arena/chain.hpp"
#include "arena/thread.hpp"
#include "base/check.hpp"
#include "seg/seg.hpp"
#include "trace/trace.hpp"

namespace mps {

namespace {

// ---- Copy locks -----------------------------------------------------------------
// A fixed table, by segment address.  Each is alone on its cache line, so
// taking one does not disturb the holders of its neighbours.
constexpr std::size_t kCopyLocks = 1024;
constexpr unsigned kCopyLockUses = 32;  // fixes under one claim before it is let go
struct alignas(64) CopyLock {
  std::atomic<bool> held{false};
};
CopyLock copy_locks[kCopyLocks];

std::atomic<bool>* copy_lock_of(const Seg* seg) {
  const Word a = word_of(seg->base) >> 16;  // segments are at least 64 KiB apart...
  return &copy_locks[(a ^ (a >> 10)) % kCopyLocks].held;  // ...or share a lock
}

void spin_pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// ---- Workers --------------------------------------------------------------------

struct ParallelScan {
  Trace* trace;
  Rank rank;
  unsigned workers;         // scanners taking part, set before `go`
  unsigned idle;            // under trace->lock
  std::atomic<bool> go;     // every helper that could be made has been
  std::atomic<bool> done;
};

// Waits for work on the shared ring or for the end.  Called and returns
// with the lock held; returns null at the end.
Seg* wait_for_shared(ParallelScan* job) {
  Trace* trace = job->trace;
  if (++job->idle == job->workers) {
    job->done.store(true, std::memory_order_release);
    return nullptr;
  }
  for (unsigned spins = 0;; ++spins) {
    trace->lock.release();
    while (!job->done.load(std::memory_order_acquire) &&
           trace->shared_grey.load(std::memory_order_relaxed) == 0) {
      if (++spins < 64) spin_pause();
      else sched_yield();
    }
    trace->lock.claim();
    if (job->done.load(std::memory_order_relaxed)) return nullptr;
    if (!trace->grey.is_empty()) {
      --job->idle;
      return seg_of_grey_link(trace->grey.next);
    }
  }
}

// Takes a segment off the shared ring (lock held).
void take_shared(Trace* trace, Seg* seg) {
  seg->grey_link.remove();
  seg->grey = false;
  seg->scanning = true;
  trace->shared_grey.fetch_sub(1, std::memory_order_relaxed);
}

void scan_worker(void* closure, unsigned index) {
  auto* job = static_cast<ParallelScan*>(closure);
  while (!job->go.load(std::memory_order_acquire)) sched_yield();
  Trace* trace = job->trace;
  Ring own;
  own.init();
  ScanState ss;
  scan_state_init(&ss, trace->arena, trace, job->rank, trace->white);
  ss.worker = 1 + index;  // 0 is the serial scans' (amc.hpp, kAMCScanners)
  ss.own_grey = &own;
  for (;;) {
    if (!own.is_empty()) {  // its own forwarding segments first: they are warm
      Seg* seg = seg_of_grey_link(own.next);
      seg->grey_link.remove();
      seg->grey = false;
      seg->scanning = true;  // only this scanner looks at it: no lock
      trace_scan_segment(trace, &ss, seg);
      seg->scanning = false;
      trace_drop_copy_lock(&ss);
      continue;
    }
    trace->lock.claim();
    Seg* seg = trace->grey.is_empty() ? wait_for_shared(job) : seg_of_grey_link(trace->grey.next);
    if (seg == nullptr) {
      scan_state_finish(&ss);  // its tallies, under the lock
      trace->lock.release();
      return;
    }
    take_shared(trace, seg);
    trace->lock.release();
    trace_scan_segment(trace, &ss, seg);
    trace_drop_copy_lock(&ss);
    trace->lock.claim();
    seg->scanning = false;
    if (seg->rescan) {
      seg->rescan = false;
      seg->grey = true;
      trace->grey.append(&seg->grey_link);
      trace->shared_grey.fetch_add(1, std::memory_order_relaxed);
    }
    trace->lock.release();
  }
}

// Registered threads that exist in this process (not ones that exited
// without deregistering); *forked_o is set if some are a parent's, seen
// after fork.
unsigned registered_threads(Arena* arena, bool* forked_o) {
  unsigned n = 0;
  *forked_o = false;
  Ring* head = arena_thread_ring(arena);
  for (Ring* node = head->next; node != head; node = node->next) {
    const os::ThreadState state = thread_of_link(node)->os.state.load(std::memory_order_relaxed);
    if (state == os::ThreadState::forked_away) *forked_o = true;
    else if (state != os::ThreadState::gone) ++n;
  }
  return n;
}

}  // namespace

void trace_lock_for_copy(ScanState* ss, const Seg* seg) noexcept {
  if (ss->trace->workers <= 1) return;
  std::atomic<bool>* lock = copy_lock_of(seg);
  if (ss->copy_lock == lock && ++ss->copy_lock_uses < kCopyLockUses) return;
  trace_drop_copy_lock(ss);
  for (;;) {
    if (!lock->exchange(true, std::memory_order_acquire)) break;
    while (lock->load(std::memory_order_relaxed)) spin_pause();
  }
  ss->copy_lock = lock;
  ss->copy_lock_uses = 0;
}

void trace_drop_copy_lock(ScanState* ss) noexcept {
  if (ss->copy_lock == nullptr) return;
  ss->copy_lock->store(false, std::memory_order_release);
  ss->copy_lock = nullptr;
}

// Below this many bytes expected to survive, a collection is scanned
// serially: making and joining a helper costs about a tenth of a
// millisecond, and scanning a few hundred KiB takes little more (the
// threads benchmark with trees of depth 10 was slower in parallel).
constexpr double kParallelMinSurvivors = 512.0 * 1024.0;

// Bytes a minor collection is expected to keep: what it condemned times
// what the nursery's measured mortality leaves.  Full collections are
// assumed big enough.
double expected_survivors(const Trace* trace) {
  if (trace->full) return kParallelMinSurvivors;
  const double mortality = chain_generation(trace->chain, 0)->mortality;
  return static_cast<double>(trace->condemned) * (1.0 - mortality);
}

unsigned trace_choose_workers(Trace* trace) noexcept {
  Arena* arena = trace->arena;
  CollectorState* state = collector_state(arena);
  bool forked = false;
  const unsigned threads = registered_threads(arena, &forked);
  // The child of a multi-threaded process should make no threads (POSIX
  // allows it only async-signal-safe calls): it scans serially.
  if (forked) return 1;
  unsigned want = state->workers_requested;
  if (want == 0) {
    want = threads;
    const unsigned cpus = os::available_processors();
    if (want > cpus) want = cpus;
    if (expected_survivors(trace) < kParallelMinSurvivors) want = 1;
  }
  if (want > os::kMaxTeamHelpers + 1) want = os::kMaxTeamHelpers + 1;
  return want == 0 ? 1 : want;
}

void scan_grey_in_parallel(Trace* trace, Rank rank, unsigned workers) noexcept {
  ParallelScan job;
  job.trace = trace;
  job.rank = rank;
  job.idle = 0;
  job.go.store(false, std::memory_order_relaxed);
  job.done.store(false, std::memory_order_relaxed);
  os::ThreadTeam team;
  // Helpers that could not be made never arrive: the count is only known,
  // and the helpers only start, once they all have been.
  const unsigned helpers = os::team_start(&team, workers - 1, scan_worker, &job);
  if (helpers > 0) {
    unsigned queued = 0;
    for (Ring* node = trace->grey.next; node != &trace->grey; node = node->next) ++queued;
    trace->shared_grey.store(queued, std::memory_order_relaxed);
    trace->workers = 1 + helpers;
  }
  job.workers = 1 + helpers;
  job.go.store(true, std::memory_order_release);
  if (helpers > 0) scan_worker(&job, 0);
  os::team_join(&team);
  trace->workers = 1;
  // Segments nailed whole meanwhile: scanned whole by the serial closure
  // that follows.
  while (!trace->deferred.is_empty()) {
    Seg* seg = seg_of_grey_link(trace->deferred.next);
    seg->grey_link.remove();
    seg->scanned_to = seg->base;
    trace_grey_seg(trace, seg);
  }
}

}  // namespace mps
