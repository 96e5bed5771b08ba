// lock.hpp -- the arena lock and the process-wide lock.
//
// One lock per arena serialises entry to the interface (architecture.md,
// Decisions).  The lock is not recursive: the MPS is not re-entrant, and a
// second claim by the holder is reported as an assertion in the cool variety
// rather than deadlocking silently.
//
// Every mps_alloc and mps_free takes the arena lock, so the uncontended
// path is kept to one atomic read-modify-write each way (a compare-exchange
// to claim, an exchange to release), inline in the caller.  Only contention
// leaves the fast path: the claimant marks the lock "contended" and sleeps
// on it (std::atomic wait, a futex on Linux); a release that finds the mark
// wakes one sleeper.  The holder's identity is kept with plain (relaxed)
// stores, for held_by_me.
//
// While the process has a single thread (glibc's __libc_single_threaded,
// the flag its own malloc uses the same way) no other thread can contend,
// so the lock is claimed and released with plain stores.  That matters more
// than the instruction count suggests: a locked instruction waits for every
// store before it, and a client that has just written to a block that
// missed the cache makes the next mps_alloc pay for that miss.  The flag
// only goes from true to false, and only when this thread creates a
// thread, which it cannot do between the test and the store; a release
// tests it again, so a lock claimed single-threaded is released atomically
// (waking any waiter) if a thread was created meanwhile.
#pragma once

#include <pthread.h>

#include <atomic>

#if defined(__has_include)
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define MPS_LOCK_KNOWS_SINGLE_THREADED 1
#endif
#endif

namespace mps::os {

class Lock {
 public:
  void init() noexcept;
  void finish() noexcept;
  void claim() noexcept {
    check_not_reentered();
    int expected = kFree;
    if (single_threaded()) {
      // Nothing else can change state_; a held lock here is a re-entry,
      // which the slow path makes the same deadlock a mutex would.
      if (state_.load(std::memory_order_relaxed) == kFree) {
        state_.store(kHeld, std::memory_order_relaxed);
      } else {
        claim_contended();
      }
    } else if (!state_.compare_exchange_strong(expected, kHeld, std::memory_order_acquire,
                                               std::memory_order_relaxed)) {
      claim_contended();
    }
    holder_.store(pthread_self(), std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);  // keep the body inside
  }
  void release() noexcept {
    check_held_by_me();
    std::atomic_signal_fence(std::memory_order_seq_cst);
    // Cleared before the lock is let go, so this thread can never again
    // read its own identity here while another thread holds the lock.
    holder_.store(pthread_t{}, std::memory_order_relaxed);
    if (single_threaded()) {
      state_.store(kFree, std::memory_order_release);
    } else if (state_.exchange(kFree, std::memory_order_release) == kContended) {
      wake_one();
    }
  }
  // True if the calling thread holds the lock (tracked in every variety;
  // cheap: two loads and a compare).
  bool held_by_me() const noexcept {
    return state_.load(std::memory_order_relaxed) != kFree &&
           pthread_equal(holder_.load(std::memory_order_relaxed), pthread_self());
  }
  // True if any thread holds it; no lock taken, so only a hint.
  bool is_held() const noexcept { return state_.load(std::memory_order_relaxed) != kFree; }

 private:
  // Invariant: state_ is kFree exactly when no thread holds the lock;
  // kContended means a thread may be asleep waiting for it.
  static constexpr int kFree = 0;
  static constexpr int kHeld = 1;
  static constexpr int kContended = 2;

  static bool single_threaded() noexcept {
#if defined(MPS_LOCK_KNOWS_SINGLE_THREADED)
    return __libc_single_threaded != 0;
#else
    return false;
#endif
  }
  [[gnu::noinline, gnu::cold]] void claim_contended() noexcept;
  [[gnu::noinline, gnu::cold]] void wake_one() noexcept;
  // Cool variety only; empty otherwise (defined in lock_posix.cpp so that
  // this header needs no check macros).
  void check_not_reentered() const noexcept;
  void check_held_by_me() const noexcept;

  std::atomic<int> state_;
  std::atomic<pthread_t> holder_;  // meaningful only while held
};

#if !defined(MPS_VARIETY_COOL)
inline void Lock::check_not_reentered() const noexcept {}
inline void Lock::check_held_by_me() const noexcept {}
#endif

// Scoped claim of a Lock.
class LockGuard {
 public:
  explicit LockGuard(Lock& lock) noexcept : lock_(lock) { lock_.claim(); }
  ~LockGuard() { lock_.release(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Lock& lock_;
};

// The process-wide lock guarding the list of arenas.  Lock order: the
// global lock before any arena lock (fork handling takes them all).
Lock& global_lock() noexcept;
// Serialises installing the library's signal handlers.  Taken with an arena
// lock held, so it must never be held while claiming another lock.
Lock& signal_setup_lock() noexcept;

}  // namespace mps::os
