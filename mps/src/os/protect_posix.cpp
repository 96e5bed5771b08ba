// protect_posix.cpp -- mprotect and the SIGSEGV handler on POSIX systems.
// See protect.hpp for the contract and docs/design/shield.md for the design.
//
// The handler is installed with SA_SIGINFO | SA_RESTART and an empty mask.
// The disposition it replaced is saved under the signal set-up lock before our
// handler is installed over it, so reading it in the handler needs no lock.
//
// Threads run the callback one at a time (`callback_busy`): two threads
// that fault on the same segment at once would otherwise read and write its
// protection flag and summary concurrently, a data race (ThreadSanitizer
// found it in api.gc_threads).  The holder does one mprotect and cannot be
// suspended meanwhile (the suspend signal is blocked in the handler), so a
// waiter only spins briefly.  It is held across fork, so that the child
// never inherits it taken.
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

#include <atomic>
#include <cerrno>
#include <csignal>

#include "base/check.hpp"
#include "os/lock.hpp"
#include "os/protect.hpp"
#include "os/thread.hpp"
#include "os/vm.hpp"

namespace mps::os {

namespace {

// 0: not tried; 1: installed (at least once); 2: refused (a sanitizer kept SIGSEGV).
std::atomic<int> install_state{0};
std::atomic<FaultCallback> fault_callback{nullptr};
std::atomic<bool> callback_busy{false};
bool fork_handlers_installed = false;  // under the signal set-up lock
struct sigaction previous_action;  // written under the global lock, before our handler is (re)installed

// Hands a fault that is not ours to whoever had SIGSEGV before us.
void chain_to_previous(int sig, siginfo_t* info, void* context) {
  if ((previous_action.sa_flags & SA_SIGINFO) != 0) {
    if (previous_action.sa_sigaction != nullptr) {
      previous_action.sa_sigaction(sig, info, context);
      return;
    }
  } else if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN) {
    previous_action.sa_handler(sig);
    return;
  }
  // Default (or ignored, which the kernel does not honour for a fault):
  // put it back and return; the instruction faults again and the process
  // gets the default action, as if we had never been there.
  sigaction(SIGSEGV, &previous_action, nullptr);
}

void claim_callback() {
  while (callback_busy.exchange(true, std::memory_order_acquire)) sched_yield();
}

void release_callback() { callback_busy.store(false, std::memory_order_release); }

void on_segv(int sig, siginfo_t* info, void* context) {
#if defined(__SANITIZE_THREAD__)
  fault_enter();  // first: TSan may run a deferred suspension at any atomic (thread.hpp)
#endif
  const int saved_errno = errno;
  const FaultCallback callback = fault_callback.load(std::memory_order_acquire);
  // SEGV_ACCERR: the page is mapped but the access is not allowed -- the
  // only kind of fault a barrier makes.
  bool ours = false;
  if (info != nullptr && info->si_code == SEGV_ACCERR && callback != nullptr) {
    claim_callback();
    ours = callback(info->si_addr);
    release_callback();
  }
#if defined(__SANITIZE_THREAD__)
  fault_leave();
#endif
  if (!ours) chain_to_previous(sig, info, context);
  errno = saved_errno;
}

}  // namespace

bool protect(Addr base, std::size_t size, ProtMode mode) noexcept {
  MPS_ASSERT_COOL(is_aligned(word_of(base), page_size()) && is_aligned(size, page_size()));
  const int prot = mode == ProtMode::read_write ? (PROT_READ | PROT_WRITE) : PROT_READ;
  return mprotect(base, size, prot) == 0;
}

bool fault_handler_ensure(FaultCallback callback) noexcept {
  if (install_state.load(std::memory_order_acquire) == 2) return false;
  if (fault_handler_active()) return true;
  LockGuard guard(signal_setup_lock());
  if (fault_handler_active()) return true;
  fault_callback.store(callback, std::memory_order_release);
  struct sigaction action{};
  action.sa_sigaction = on_segv;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  // A barrier fault is handled to the end before the thread can be
  // suspended, so a collection never sees a half-widened segment.
  sigaddset(&action.sa_mask, suspend_signal());
  // Whatever owns SIGSEGV now is what we chain to.  (Replacing the saved
  // disposition is not atomic with respect to a fault in another thread;
  // it happens only at install and re-install, before protection is used.)
  struct sigaction current{};
  bool ok = sigaction(SIGSEGV, nullptr, &current) == 0;
  if (ok) {
    previous_action = current;
    ok = sigaction(SIGSEGV, &action, nullptr) == 0 && fault_handler_active();  // silently refused?
  }
  if (ok && !fork_handlers_installed) {
    pthread_atfork(claim_callback, release_callback, release_callback);
    fork_handlers_installed = true;
  }
  install_state.store(ok ? 1 : 2, std::memory_order_release);
  return ok;
}

bool fault_handler_active() noexcept {
  struct sigaction current{};
  if (sigaction(SIGSEGV, nullptr, &current) != 0) return false;
  return (current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_segv;
}

}  // namespace mps::os
