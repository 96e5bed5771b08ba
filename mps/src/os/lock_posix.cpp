// lock_posix.cpp -- the slow halves of the lock (contention, checks) and the
// global lock; the fast paths are inline in lock.hpp.
//
// The contended protocol is the classic three-state futex mutex: a claimant
// that finds the lock held swaps in kContended and, unless that swap found
// the lock free, sleeps until the state changes; the releaser that swaps
// kContended out wakes one sleeper.  A woken thread claims with kContended
// (it cannot know whether others still sleep), so a later release may make
// one unnecessary wake, never a missed one.
#include "base/check.hpp"
#include "os/lock.hpp"

#include <time.h>

namespace mps::os {

namespace {

// Brief spinning first: the arena lock is held for short operations, so a
// waiter usually gets it without sleeping.
constexpr int kSpins = 64;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

void Lock::init() noexcept {
  state_.store(kFree, std::memory_order_relaxed);
  holder_.store(pthread_t{}, std::memory_order_relaxed);
}

void Lock::finish() noexcept { MPS_ASSERT_MSG(!is_held(), "lock destroyed while held"); }

void Lock::claim_contended() noexcept {
  for (int i = 0; i < kSpins; ++i) {
    cpu_relax();
    int expected = kFree;
    if (state_.load(std::memory_order_relaxed) == kFree &&
        state_.compare_exchange_weak(expected, kHeld, std::memory_order_acquire,
                                     std::memory_order_relaxed)) {
      return;
    }
  }
  while (state_.exchange(kContended, std::memory_order_acquire) != kFree) {
#if defined(__SANITIZE_THREAD__)
    // ThreadSanitizer delivers a signal only inside a call it intercepts,
    // and it does not intercept the futex under std::atomic::wait: a thread
    // asleep here could then never be suspended by the lock's holder.
    // Sleep in nanosleep (intercepted) instead.
    struct timespec pause{0, 50 * 1000};
    nanosleep(&pause, nullptr);
#else
    state_.wait(kContended, std::memory_order_relaxed);
#endif
  }
}

void Lock::wake_one() noexcept { state_.notify_one(); }

#if defined(MPS_VARIETY_COOL)
void Lock::check_not_reentered() const noexcept {
  MPS_ASSERT_MSG(!held_by_me(), "MPS re-entered: the arena lock is already held by this thread "
                                "(a callback or handler called the MPS)");
}

void Lock::check_held_by_me() const noexcept { MPS_ASSERT(held_by_me()); }
#endif

namespace {

// A process-wide lock, initialised on first use (the initialisation of a
// function-local static is itself thread-safe).  One per `Which`.
template <int Which>
Lock& process_lock() noexcept {
  static Lock lock;
  static const bool initialised = (lock.init(), true);
  (void)initialised;
  return lock;
}

}  // namespace

Lock& global_lock() noexcept { return process_lock<0>(); }
Lock& signal_setup_lock() noexcept { return process_lock<1>(); }

}  // namespace mps::os
