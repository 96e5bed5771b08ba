// thread.hpp -- suspending and resuming threads, and capturing a thread's
// registers and stack pointer (architecture.md, Decisions: "Threads";
// mps-interface.md section 9; docs/design/thread.md).
//
// POSIX signals do the suspending.  The collector sends the suspend signal
// (SIGXCPU unless the build says otherwise: the CMake options
// MPS_SUSPEND_SIGNAL / MPS_RESUME_SIGNAL) to one thread at a time.  The
// thread's handler saves its registers with LLVM libunwind's
// unw_getcontext, records its stack pointer, acknowledges on the thread's
// semaphore and waits in sigsuspend until the resume signal says
// `resume_requested`; it acknowledges again on the way out.  A thread
// counts as stopped only once its handler has acknowledged.  (Under
// ThreadSanitizer the handler waits on a second semaphore instead of for
// the resume signal: thread_posix.cpp says why.)
//
// What is scanned for a stopped thread: the saved context, and the stack
// from the handler's own frame up to the cold end the client gave.  The
// handler runs on the thread's own stack (it is installed without
// SA_ONSTACK), so that range also holds the signal frame the kernel saved
// below the interrupted code: every register, vector registers included,
// and the x86-64 red zone.
//
// The thread that runs the collector captures its own registers the same
// way, in call_with_context: the collector's work runs in a callee of the
// frame that holds the context, so the context and every caller frame stay
// intact while it runs.
//
// This layer knows nothing of arenas.  Suspension handshakes are serialised
// process-wide (one thread is suspended at a time), so the handler finds its
// OsThread through one global pointer.
#pragma once

#include <pthread.h>
#include <semaphore.h>
#include <sys/types.h>

#include <atomic>
#include <cstddef>

#include "base/word.hpp"

namespace mps::os {

// Words reserved for unw_context_t (a static_assert in thread_posix.cpp
// checks that it fits).
inline constexpr std::size_t kContextWords = 168;

enum class ThreadState : int {
  running,     // not suspended by us
  suspended,   // stopped in the suspend handler; context and stack_hot valid
  gone,        // exited without deregistering (found when suspending)
  forked_away, // a thread of the parent process: does not exist in this child
};

struct OsThread {
  pthread_t pthread;
  pid_t tid;                          // kernel thread id, for tgkill (detects exit)
  std::atomic<ThreadState> state;
  std::atomic<bool> resume_requested; // set by resume, read by the waiting handler
  sem_t ack;                          // posted by the handler: stopped, then resumed
#if defined(__SANITIZE_THREAD__)
  sem_t resume;                       // posted by resume; the handler waits on it (thread_posix.cpp)
#endif
  void* stack_hot;                    // lowest live stack address while stopped/captured
  alignas(16) Word context[kContextWords];  // registers saved by unw_getcontext
};

// Makes `thread` describe the calling thread, installs the signal handlers
// (once per process), and returns false if the semaphore cannot be made.
bool thread_init_current(OsThread* thread) noexcept;
void thread_finish(OsThread* thread) noexcept;
bool thread_is_current(const OsThread* thread) noexcept;

// Stops `thread` (not the calling thread) and waits for its handler to
// save its context.  Returns false, and sets state to gone, if the thread
// no longer exists.  Never hangs on an exited thread.
bool thread_suspend(OsThread* thread) noexcept;
// Lets a suspended thread go on, and waits until it has left the handler.
void thread_resume(OsThread* thread) noexcept;

// Saves the calling thread's registers into self->context and sets
// self->stack_hot to this frame (if `self` is not null), then runs
// body(closure).  While body runs, self->context and the stack from
// self->stack_hot up hold every value the callers had in registers.
void call_with_context(OsThread* self, void (*body)(void* closure), void* closure) noexcept;

// After fork, in the child: `thread` was registered in the parent.  If it
// is the forking thread it is this process's only thread and gets its new
// kernel id; otherwise it is marked forked_away.
void thread_after_fork_in_child(OsThread* thread) noexcept;

#if defined(__SANITIZE_THREAD__)
// The barrier fault handler brackets its work with these: a suspension
// that ThreadSanitizer delivers inside the bracket waits for its end
// (thread_posix.cpp says why).
void fault_enter() noexcept;
void fault_leave() noexcept;
#endif

// The suspend and resume signals (for documentation and tests).
int suspend_signal() noexcept;
int resume_signal() noexcept;

}  // namespace mps::os
