// shield.hpp -- the one door through which protection of client memory is
// raised and lowered, and through which the collector reaches it
// (architecture.md, seg layer; docs/design/shield.md).
//
// The write barrier.  A scannable segment's summary is the set of zones its
// references may point to.  The trace narrows summaries (trace.cpp: after a
// segment is scanned, its summary is the union of the zones of the
// references found); a flip then greys only the segments whose summary
// meets the white set, so a minor collection does not scan the old heap.
// For that to be sound the mutator must not store a reference behind the
// collector's back, so:
//
//   Invariant (outside shield_enter/leave): a segment whose summary is not
//   the universe is write-protected (read-only).  A mutator write faults;
//   the fault handler widens the summary to the universe and unprotects.
//
// Segments that can never be protected keep the universe: those with an
// attached allocation point (the client writes them through the AP), those
// not page-aligned (a client arena's odd memory), and every segment when
// the SIGSEGV handler could not be installed.  AMCZ segments hold no
// references: their summary is empty and they are never protected (nothing
// can make their summary wrong: the mutator only stores non-references).
//
// Inside the shield (the collector running) protection is lowered lazily:
// the collector calls shield_expose on a segment before it writes it
// (scanning fixes references in place; forwarding overwrites white
// objects); shield_leave re-raises protection on every segment whose
// summary ended narrower than the universe.
#pragma once

#include "arena/arena.hpp"
#include "arena/zone.hpp"

namespace mps {

struct Seg;

void shield_enter(Arena* arena) noexcept;
// Re-establishes the invariant: protects every narrowed, unprotected segment.
void shield_leave(Arena* arena) noexcept;
bool shield_inside(Arena* arena) noexcept;

// Installs the process's fault handler (once; collector.cpp calls it when
// an arena's collector state is made).  False if protection cannot be used.
bool shield_barrier_init() noexcept;

// Lowers the segment's protection (no-op if unprotected).  Used by the
// collector before writing it, and by seg_destroy.
void shield_expose(Seg* seg) noexcept;
// As shield_expose, and lowers too the protection of the address-adjacent
// protected segments on either side that `accept(seg, closure)` takes, with
// one mprotect: condemning a whole generation then costs a system call per
// run of segments rather than per segment.
void shield_expose_run(Arena* arena, Seg* seg, bool (*accept)(const Seg*, const void*),
                       const void* closure) noexcept;

// Removes every barrier of the arena (mps_arena_expose, postmortem):
// unprotects every segment and widens its summary to the universe.  The
// next collection narrows and re-protects.
void shield_lower_all(Arena* arena) noexcept;

// Sets the summary the trace computed, widened to the universe if the
// segment may not be protected (see above).  Inside the shield only; the
// protection itself is raised at shield_leave.
void shield_set_summary(Seg* seg, ZoneSet summary) noexcept;

// The mutator wrote a write-protected segment: widen its summary to the
// universe and unprotect it.  Async-signal-safe (the fault handler's path).
void shield_write_fault(Seg* seg) noexcept;

// Enters for the lifetime of the guard.
class ShieldGuard {
 public:
  explicit ShieldGuard(Arena* arena) : arena_(arena) { shield_enter(arena_); }
  ~ShieldGuard() { shield_leave(arena_); }
  ShieldGuard(const ShieldGuard&) = delete;
  ShieldGuard& operator=(const ShieldGuard&) = delete;

 private:
  Arena* arena_;
};

}  // namespace mps
