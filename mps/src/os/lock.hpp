// lock.hpp -- the arena lock and the process-wide lock.
//
// One lock per arena serialises entry to the interface (architecture.md,
// Decisions).  The lock is not recursive: the MPS is not re-entrant, and a
// second claim by the holder is reported as an assertion in the cool variety
// rather than deadlocking silently.
#pragma once

#include <pthread.h>

namespace mps::os {

class Lock {
 public:
  void init() noexcept;
  void finish() noexcept;
  void claim() noexcept;
  void release() noexcept;
  // True if the calling thread holds the lock (tracked in every variety but
  // rash; cheap: one load and a compare).
  bool held_by_me() const noexcept;
  // True if any thread holds it; no lock taken, so only a hint.
  bool is_held() const noexcept { return __atomic_load_n(&held_, __ATOMIC_RELAXED); }

 private:
  pthread_mutex_t mutex_;
  pthread_t holder_;
  bool held_;
};

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

// The process-wide lock guarding the list of arenas.
Lock& global_lock() noexcept;

}  // namespace mps::os
