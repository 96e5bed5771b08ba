// lock_posix.cpp -- locks with pthread mutexes; see lock.hpp.
#include "base/check.hpp"
#include "os/lock.hpp"

namespace mps::os {

void Lock::init() noexcept {
  [[maybe_unused]] int rc = pthread_mutex_init(&mutex_, nullptr);
  MPS_ASSERT(rc == 0);
  held_ = false;
}

void Lock::finish() noexcept {
  MPS_ASSERT_MSG(!held_, "lock destroyed while held");
  pthread_mutex_destroy(&mutex_);
}

void Lock::claim() noexcept {
  MPS_ASSERT_COOL_MSG(!held_by_me(), "MPS re-entered: the arena lock is already held by this thread "
                                     "(a callback or handler called the MPS)");
  pthread_mutex_lock(&mutex_);
  holder_ = pthread_self();
  __atomic_store_n(&held_, true, __ATOMIC_RELAXED);
}

void Lock::release() noexcept {
  MPS_ASSERT_COOL(held_by_me());
  __atomic_store_n(&held_, false, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&mutex_);
}

bool Lock::held_by_me() const noexcept {
  return __atomic_load_n(&held_, __ATOMIC_RELAXED) && pthread_equal(holder_, pthread_self());
}

Lock& global_lock() noexcept {
  static Lock lock;
  static const bool initialised = [] {
    lock.init();
    return true;
  }();
  (void)initialised;
  return lock;
}

}  // namespace mps::os
