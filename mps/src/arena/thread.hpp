// thread.hpp -- thread registration (mps_thread_reg) and stopping the
// world (mps-interface.md section 9; docs/design/thread.md).
//
// A Thread is one registration of one OS thread with one arena (a thread
// may be registered several times, with one arena or many).  Descriptors
// live in the arena's control memory, on arena_thread_ring, and are
// created and destroyed under the arena lock.
//
// The trace runs inside threads_stop_and_run: every other registered
// thread of the arena is suspended for the whole collection (there is no
// read barrier, so the mutator must not run while objects move), and the
// collecting thread's own registers are captured in a frame that outlives
// the collection.  Thread roots (root/) then scan what thread_scan_ranges
// gives them.
#pragma once

#include "arena/arena.hpp"
#include "base/ring.hpp"
#include "base/word.hpp"
#include "os/thread.hpp"

namespace mps {

inline constexpr Sig kThreadSig = 0x519714EA;

struct Thread {
  Sig sig;
  Ring arena_link;  // on arena_thread_ring(arena)
  Arena* arena;
  os::OsThread os;
};

bool thread_check(const Thread* thread) noexcept;
inline Thread* thread_of_link(Ring* link) { return ring_owner<Thread, &Thread::arena_link>(link); }

// Registers the calling thread.  MPS_RES_MEMORY / MPS_RES_COMMIT_LIMIT if
// there is no control memory, MPS_RES_RESOURCE if the OS refuses.
Res thread_register(Thread** thread_o, Arena* arena) noexcept;
void thread_deregister(Thread* thread) noexcept;
bool thread_belongs_to(Arena* arena, const Thread* thread) noexcept;

// Suspends every registered thread of `arena` except the caller's, runs
// body(closure) with the caller's registrations' contexts captured, and
// resumes them.  A thread found to have exited without deregistering is
// reported in the cool variety and left out.  Caller holds the arena lock.
void threads_stop_and_run(Arena* arena, void (*body)(void*), void* closure) noexcept;

// What to scan for a thread during a collection: the saved registers
// [*context_base, *context_limit) and the stack [*stack_hot, cold).
// False if the thread cannot be scanned now: it is running (not stopped by
// this collection), has exited, or is a parent's thread seen after fork.
bool thread_scan_ranges(const Thread* thread, Word** context_base, Word** context_limit, void** stack_hot) noexcept;

// Fork support: prepare takes the global lock and every arena lock; the
// parent releases them; the child marks other threads forked_away, gives
// the forking thread its new id, and releases them.  Installed once, at
// the first registration.
void threads_install_fork_handlers() noexcept;

}  // namespace mps
