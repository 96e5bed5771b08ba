// thread_posix.cpp -- thread suspension with signals and context capture
// with LLVM libunwind.  See thread.hpp for the protocol and
// docs/design/thread.md for the reasoning.
//
// Invariants:
// - at most one suspend handshake is in flight in the process (handshake
//   mutex); `g_target` names its thread while it is, and is null otherwise;
// - the suspend handler runs with the resume signal blocked (sa_mask), so a
//   resume signal that arrives before the handler reaches sigsuspend stays
//   pending and wakes that sigsuspend: no lost wake-up;
// - a thread's `ack` is posted exactly twice per suspension: once stopped,
//   once leaving the handler; the collector waits for both.
#include <libunwind.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "base/check.hpp"
#include "mpslib.h"
#include "os/lock.hpp"
#include "os/thread.hpp"

#if !defined(MPS_SUSPEND_SIGNAL)
#define MPS_SUSPEND_SIGNAL SIGXCPU  // the original MPS's choice
#endif
#if !defined(MPS_RESUME_SIGNAL)
#define MPS_RESUME_SIGNAL SIGXFSZ
#endif

namespace mps::os {

// LLVM libunwind's unw_getcontext, renamed when the build took its object
// out of libunwind.a (mps/CMakeLists.txt explains why).
extern "C" int _mps_unw_getcontext(unw_context_t* context);

static_assert(sizeof(unw_context_t) <= sizeof(Word) * kContextWords, "kContextWords is too small for unw_context_t");

namespace {

std::atomic<OsThread*> g_target{nullptr};
pthread_mutex_t g_handshake = PTHREAD_MUTEX_INITIALIZER;
std::atomic<bool> g_installed{false};

pid_t current_tid() { return static_cast<pid_t>(syscall(SYS_gettid)); }

bool thread_exists(pid_t tid) { return syscall(SYS_tgkill, getpid(), tid, 0) == 0 || errno != ESRCH; }

void on_suspend(int, siginfo_t*, void*) {
  const int saved_errno = errno;
  OsThread* thread = g_target.load(std::memory_order_acquire);
  // A stray signal (sent by someone else, or a kernel thread id reused by
  // a new thread after the registered one exited) is ignored.
  if (thread == nullptr || !pthread_equal(thread->pthread, pthread_self())) {
    errno = saved_errno;
    return;
  }
  _mps_unw_getcontext(reinterpret_cast<unw_context_t*>(thread->context));
  // Below the kernel's signal frame: scanning from here covers it.
  Word marker = 0;
  thread->stack_hot = &marker;
  thread->state.store(ThreadState::suspended, std::memory_order_release);
  sem_post(&thread->ack);
  sigset_t wait_mask;
  sigfillset(&wait_mask);
  sigdelset(&wait_mask, MPS_RESUME_SIGNAL);
  while (!thread->resume_requested.load(std::memory_order_acquire)) sigsuspend(&wait_mask);
  thread->resume_requested.store(false, std::memory_order_relaxed);
  thread->state.store(ThreadState::running, std::memory_order_release);
  sem_post(&thread->ack);
  errno = saved_errno;
  static_cast<void>(marker);
}

void on_resume(int, siginfo_t*, void*) {}  // only wakes sigsuspend

bool is_ours(const struct sigaction& action, void (*handler)(int, siginfo_t*, void*)) {
  return (action.sa_flags & SA_SIGINFO) != 0 && action.sa_sigaction == handler;
}

void warn(const char* text) {
  if constexpr (kVariety == Variety::cool) {
    mps_lib_FILE* err = mps_lib_get_stderr();
    if (err != nullptr) mps_lib_fputs(text, err);
  }
}

// Installs one handler; if a client had one there (or replaced ours since),
// the cool variety says so: the MPS needs the signal to itself.
void install(int sig, void (*handler)(int, siginfo_t*, void*), bool block_resume) {
  struct sigaction current{};
  sigaction(sig, nullptr, &current);
  if (is_ours(current, handler)) return;
  const bool client_had_one = (current.sa_flags & SA_SIGINFO) != 0 ? current.sa_sigaction != nullptr
                                                                    : (current.sa_handler != SIG_DFL &&
                                                                       current.sa_handler != SIG_IGN);
  if (client_had_one) {
    warn(sig == MPS_SUSPEND_SIGNAL
             ? "mps: warning: the thread suspend signal (SIGXCPU unless configured) had a handler; "
               "the MPS has replaced it.  The MPS needs this signal for itself (see README, Signals).\n"
             : "mps: warning: the thread resume signal (SIGXFSZ unless configured) had a handler; "
               "the MPS has replaced it.  The MPS needs this signal for itself (see README, Signals).\n");
  }
  struct sigaction action{};
  action.sa_sigaction = handler;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  if (block_resume) sigaddset(&action.sa_mask, MPS_RESUME_SIGNAL);
  [[maybe_unused]] const int rc = sigaction(sig, &action, nullptr);
  MPS_ASSERT_MSG(rc == 0, "thread: the suspend/resume signal handler could not be installed");
}

void ensure_handlers() {
  install(MPS_SUSPEND_SIGNAL, on_suspend, true);
  install(MPS_RESUME_SIGNAL, on_resume, false);
}

// The handshake mutex is held across fork, so that the child never
// inherits it locked by a thread that does not exist there.
void handshake_prepare() { pthread_mutex_lock(&g_handshake); }
void handshake_release() { pthread_mutex_unlock(&g_handshake); }

void install_once() {
  if (g_installed.load(std::memory_order_acquire)) return;
  LockGuard guard(signal_setup_lock());
  if (g_installed.load(std::memory_order_relaxed)) return;
  ensure_handlers();
  pthread_atfork(handshake_prepare, handshake_release, handshake_release);
  g_installed.store(true, std::memory_order_release);
}

// Waits for the thread's acknowledgement; false if it disappeared first.
// If none comes for a while the signal is sent again: the kernel never
// loses one, but a signal-emulating layer (ThreadSanitizer) can.  A second
// copy is harmless: it stays pending while the handler runs, and after
// the resume the handler finds no target (or, if a new suspension of this
// thread has begun, serves that one).
bool wait_for_ack(OsThread* thread, int sig) {
  for (int waits = 1;; ++waits) {
    struct timespec deadline{};
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 2 * 1000 * 1000;  // 2 ms between checks that it still exists
    if (deadline.tv_nsec >= 1000000000L) {
      deadline.tv_sec += 1;
      deadline.tv_nsec -= 1000000000L;
    }
    if (sem_timedwait(&thread->ack, &deadline) == 0) return true;
    if (errno == EINTR) continue;
    if (!thread_exists(thread->tid)) return false;
    if (waits % 50 == 0 && syscall(SYS_tgkill, getpid(), thread->tid, sig) != 0) return false;
  }
}

}  // namespace

int suspend_signal() noexcept { return MPS_SUSPEND_SIGNAL; }
int resume_signal() noexcept { return MPS_RESUME_SIGNAL; }

bool thread_init_current(OsThread* thread) noexcept {
  install_once();
  thread->pthread = pthread_self();
  thread->tid = current_tid();
  thread->state.store(ThreadState::running, std::memory_order_relaxed);
  thread->resume_requested.store(false, std::memory_order_relaxed);
  thread->stack_hot = nullptr;
  return sem_init(&thread->ack, 0, 0) == 0;
}

void thread_finish(OsThread* thread) noexcept {
  MPS_ASSERT(thread->state.load(std::memory_order_relaxed) != ThreadState::suspended);
  sem_destroy(&thread->ack);
}

bool thread_is_current(const OsThread* thread) noexcept {
  return pthread_equal(thread->pthread, pthread_self()) != 0;
}

bool thread_suspend(OsThread* thread) noexcept {
  MPS_ASSERT(!thread_is_current(thread));
  MPS_ASSERT(thread->state.load(std::memory_order_relaxed) == ThreadState::running);
  ensure_handlers();
  pthread_mutex_lock(&g_handshake);
  g_target.store(thread, std::memory_order_release);
  bool stopped = syscall(SYS_tgkill, getpid(), thread->tid, MPS_SUSPEND_SIGNAL) == 0 &&
                 wait_for_ack(thread, MPS_SUSPEND_SIGNAL);
  g_target.store(nullptr, std::memory_order_release);
  pthread_mutex_unlock(&g_handshake);
  if (!stopped) thread->state.store(ThreadState::gone, std::memory_order_relaxed);
  return stopped;
}

void thread_resume(OsThread* thread) noexcept {
  MPS_ASSERT(thread->state.load(std::memory_order_acquire) == ThreadState::suspended);
  thread->resume_requested.store(true, std::memory_order_release);
  [[maybe_unused]] const long rc = syscall(SYS_tgkill, getpid(), thread->tid, MPS_RESUME_SIGNAL);
  MPS_ASSERT_MSG(rc == 0, "thread: a suspended thread could not be sent the resume signal");
  // A thread stopped in our handler cannot exit, so this returns true; a
  // lost resume signal is sent again, as in wait_for_ack.
  [[maybe_unused]] const bool acknowledged = wait_for_ack(thread, MPS_RESUME_SIGNAL);
  MPS_ASSERT(acknowledged);
}

// Not inlined, and body is not a tail call (the asm after it), so this
// frame -- the context's owner and the hot end -- outlives body.
[[gnu::noinline]] void call_with_context(OsThread* self, void (*body)(void*), void* closure) noexcept {
  Word marker = 0;
  if (self != nullptr) {
    _mps_unw_getcontext(reinterpret_cast<unw_context_t*>(self->context));
    self->stack_hot = &marker;
  }
  body(closure);
  asm volatile("" : : "r"(&marker) : "memory");
  if (self != nullptr) self->stack_hot = nullptr;
}

void thread_after_fork_in_child(OsThread* thread) noexcept {
  if (thread_is_current(thread)) {
    thread->tid = current_tid();
    thread->state.store(ThreadState::running, std::memory_order_relaxed);
  } else {
    thread->state.store(ThreadState::forked_away, std::memory_order_relaxed);
  }
}

}  // namespace mps::os
