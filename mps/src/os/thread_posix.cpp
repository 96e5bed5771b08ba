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
//
// ThreadSanitizer (GCC 12's runtime; docs/design/thread.md has the
// evidence) loses or mangles our signals in two ways unless we avoid them:
// - It runs a handler for a signal that arrives outside a blocking call
//   later, at the thread's next intercepted call, from a loop over pending
//   signals that blocks every signal and saves the mask it replaces in one
//   slot per thread.  Its sigsuspend is not a blocking call, so the resume
//   signal that wakes our handler's sigsuspend is deferred too, and run by
//   a second, nested pass of that loop as sigsuspend returns.  The nested
//   pass saves the all-blocked mask over the outer pass's slot, and the
//   outer pass then "restores" it: the thread is left with every signal
//   blocked for good.  Its next suspend signal never arrives (the collector
//   waits for ever) and its next barrier fault, with SIGSEGV blocked, kills
//   the process.  So in TSan builds the handler waits on the `resume`
//   semaphore instead: it runs with every signal blocked throughout (TSan
//   installs its own handlers with a full mask), nothing is deferred while
//   it runs, and nothing nests.
// - It makes a thread's signal state lazily, without synchronisation, at
//   the thread's first blocking call (or signal call).  A signal that
//   arrives while that first call is making it is recorded in a state that
//   the interrupted call then replaces with its own: the signal is lost.
//   The first contended lock wait of a thread whose suspender holds the
//   lock hits exactly that.  So thread_init_current has TSan make the
//   state before the thread can be a target.
// And it runs a deferred handler at any intercepted call or atomic
// operation, the barrier fault handler's included, whatever sa_mask says:
// a suspension could land half-way through a barrier fault.  So in TSan
// builds the fault handler brackets its work with fault_enter/fault_leave,
// and a suspension that arrives inside the bracket is served at its end.
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

#if defined(__SANITIZE_THREAD__)
// Per thread, touched only by the thread itself (and its signal handlers).
thread_local volatile sig_atomic_t t_in_fault = 0;
thread_local volatile sig_atomic_t t_suspend_deferred = 0;
#endif

// Stops the calling thread for the suspension in flight, if it is the
// target, until it is resumed.
void stop_here() {
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
#if defined(__SANITIZE_THREAD__)
  // Not sigsuspend: see the top of this file.  sem_wait is not on POSIX's
  // list of async-signal-safe functions, but glibc's is a futex wait that
  // takes no lock and allocates nothing; EINTR just checks again.
  while (!thread->resume_requested.load(std::memory_order_acquire)) sem_wait(&thread->resume);
#else
  sigset_t wait_mask;
  sigfillset(&wait_mask);
  sigdelset(&wait_mask, MPS_RESUME_SIGNAL);
  while (!thread->resume_requested.load(std::memory_order_acquire)) sigsuspend(&wait_mask);
#endif
  thread->resume_requested.store(false, std::memory_order_relaxed);
  thread->state.store(ThreadState::running, std::memory_order_release);
  sem_post(&thread->ack);
  errno = saved_errno;
  static_cast<void>(marker);
}

void on_suspend(int, siginfo_t*, void*) {
#if defined(__SANITIZE_THREAD__)
  if (t_in_fault != 0) {  // inside the barrier handler: see the top of this file
    t_suspend_deferred = 1;
    return;
  }
#endif
  stop_here();
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
bool wait_for_ack(OsThread* thread) {
  for (;;) {
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
  }
}

}  // namespace

#if defined(__SANITIZE_THREAD__)
void fault_enter() noexcept {
  t_in_fault = 1;
  std::atomic_signal_fence(std::memory_order_seq_cst);
}

void fault_leave() noexcept {
  std::atomic_signal_fence(std::memory_order_seq_cst);
  t_in_fault = 0;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  if (t_suspend_deferred != 0) {
    t_suspend_deferred = 0;
    stop_here();  // the collector is still waiting for this thread's acknowledgement
  }
}
#endif

int suspend_signal() noexcept { return MPS_SUSPEND_SIGNAL; }
int resume_signal() noexcept { return MPS_RESUME_SIGNAL; }

bool thread_init_current(OsThread* thread) noexcept {
  install_once();
  thread->pthread = pthread_self();
  thread->tid = current_tid();
  thread->state.store(ThreadState::running, std::memory_order_relaxed);
  thread->resume_requested.store(false, std::memory_order_relaxed);
  thread->stack_hot = nullptr;
  if (sem_init(&thread->ack, 0, 0) != 0) return false;
#if defined(__SANITIZE_THREAD__)
  if (sem_init(&thread->resume, 0, 0) != 0) {
    sem_destroy(&thread->ack);
    return false;
  }
  // Signal 0 sends nothing; TSan's pthread_kill makes the thread's signal
  // state on the way (see the top of this file).  No collector can target
  // this thread yet: it is on no arena's thread ring until we return, and
  // a thread already on one made its state when it registered there.
  pthread_kill(pthread_self(), 0);
#endif
  return true;
}

void thread_finish(OsThread* thread) noexcept {
  MPS_ASSERT(thread->state.load(std::memory_order_relaxed) != ThreadState::suspended);
  sem_destroy(&thread->ack);
#if defined(__SANITIZE_THREAD__)
  sem_destroy(&thread->resume);
#endif
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
                 wait_for_ack(thread);
  g_target.store(nullptr, std::memory_order_release);
  pthread_mutex_unlock(&g_handshake);
  if (!stopped) thread->state.store(ThreadState::gone, std::memory_order_relaxed);
  return stopped;
}

void thread_resume(OsThread* thread) noexcept {
  MPS_ASSERT(thread->state.load(std::memory_order_acquire) == ThreadState::suspended);
  thread->resume_requested.store(true, std::memory_order_release);
#if defined(__SANITIZE_THREAD__)
  [[maybe_unused]] const int rc = sem_post(&thread->resume);  // no resume signal: see the top of this file
  MPS_ASSERT_MSG(rc == 0, "thread: a suspended thread could not be resumed");
#else
  [[maybe_unused]] const long rc = syscall(SYS_tgkill, getpid(), thread->tid, MPS_RESUME_SIGNAL);
  MPS_ASSERT_MSG(rc == 0, "thread: a suspended thread could not be sent the resume signal");
#endif
  // A thread stopped in our handler cannot exit, so this returns true.
  [[maybe_unused]] const bool acknowledged = wait_for_ack(thread);
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
