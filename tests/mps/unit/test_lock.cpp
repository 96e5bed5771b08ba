// test_lock.cpp -- the arena lock (os/lock.hpp): mutual exclusion under
// contention, held_by_me and is_held, and a lock claimed while the process
// had one thread being released correctly after a thread appeared.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "os/lock.hpp"

using namespace mps;

TEST_CASE("lock: held_by_me and is_held follow claim and release") {
  os::Lock lock;
  lock.init();
  CHECK_FALSE(lock.is_held());
  CHECK_FALSE(lock.held_by_me());
  lock.claim();
  CHECK(lock.is_held());
  CHECK(lock.held_by_me());
  bool other_sees_mine = true;
  std::thread other([&] { other_sees_mine = lock.held_by_me(); });
  other.join();
  CHECK_FALSE(other_sees_mine);
  lock.release();
  CHECK_FALSE(lock.is_held());
  CHECK_FALSE(lock.held_by_me());
  lock.finish();
}

TEST_CASE("lock: contending threads exclude each other and all get through") {
  os::Lock lock;
  lock.init();
  constexpr int kThreads = 4;
  constexpr int kRounds = 20000;
  long counter = 0;          // guarded by the lock; not atomic on purpose
  std::atomic<int> inside{0};
  std::atomic<bool> overlap{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        os::LockGuard guard(lock);
        if (inside.fetch_add(1, std::memory_order_relaxed) != 0) overlap = true;
        ++counter;
        if (i % 1000 == 0) std::this_thread::yield();  // make sleepers
        inside.fetch_sub(1, std::memory_order_relaxed);
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK_FALSE(overlap.load());
  CHECK(counter == static_cast<long>(kThreads) * kRounds);
  CHECK_FALSE(lock.is_held());
  lock.finish();
}

TEST_CASE("lock: a waiter is woken when the holder releases") {
  os::Lock lock;
  lock.init();
  lock.claim();
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    lock.claim();  // spins, then sleeps: the holder keeps it a while
    got = true;
    lock.release();
  });
  for (int i = 0; i < 50 && !got; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CHECK_FALSE(got.load());
  lock.release();
  waiter.join();
  CHECK(got.load());
  CHECK_FALSE(lock.is_held());
  lock.finish();
}
