// test_bit_table.cpp -- bit tables against a plain vector<bool> model.
#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "base/bit_table.hpp"
#include "support.hpp"

using mps::BitTable;
using mps::Word;

namespace {

struct Model {
  std::vector<bool> bits;
  std::size_t find(std::size_t base, std::size_t limit, bool value) const {
    for (std::size_t i = base; i < limit; ++i) {
      if (bits[i] == value) return i;
    }
    return limit;
  }
  std::size_t find_high(std::size_t base, std::size_t limit, bool value) const {
    for (std::size_t i = limit; i > base; --i) {
      if (bits[i - 1] == value) return i - 1;
    }
    return limit;
  }
  bool run(std::size_t* found, std::size_t base, std::size_t limit, std::size_t n, bool high) const {
    if (limit - base < n) return false;
    for (std::size_t k = 0; k + n <= limit - base; ++k) {
      const std::size_t s = high ? limit - n - k : base + k;
      if (find(s, s + n, true) == s + n) {
        *found = s;
        return true;
      }
    }
    return false;
  }
};

}  // namespace

TEST_CASE("bit_table: ranges set, reset and count across word boundaries") {
  std::vector<Word> storage(BitTable::words_for(200), ~Word{0});
  BitTable t;
  t.init(storage.data(), 200);
  CHECK(t.is_range_reset(0, 200));
  t.set_range(60, 130);
  CHECK(t.count_set(0, 200) == 70);
  CHECK(t.is_range_set(60, 130));
  CHECK_FALSE(t.get(59));
  CHECK_FALSE(t.get(130));
  CHECK(t.find_set(0, 200) == 60);
  CHECK(t.find_reset(60, 200) == 130);
  CHECK(t.find_set_high(0, 200) == 129);
  CHECK(t.find_reset_high(0, 130) == 59);
  CHECK(t.find_set(130, 200) == 200);  // not found gives limit
  t.reset_range(64, 128);
  CHECK(t.count_set(0, 200) == 6);
  std::size_t found = 0;
  REQUIRE(t.find_reset_run(&found, 0, 200, 64));
  CHECK(found == 64);  // bits 60..63 are set
  REQUIRE(t.find_reset_run(&found, 100, 200, 64));
  CHECK(found == 130);
  REQUIRE(t.find_reset_run_high(&found, 0, 200, 70));
  CHECK(found == 130);
  CHECK_FALSE(t.find_reset_run(&found, 0, 200, 71));
}

TEST_CASE("bit_table: random operations agree with a simple model") {
  std::mt19937_64 rng(mps_test::test_seed("bit_table random"));
  for (int round = 0; round < 20; ++round) {
    const std::size_t size = 1 + rng() % 300;
    std::vector<Word> storage(BitTable::words_for(size));
    BitTable t;
    t.init(storage.data(), size);
    Model m{std::vector<bool>(size, false)};
    for (int step = 0; step < 300; ++step) {
      std::size_t a = rng() % (size + 1), b = rng() % (size + 1);
      if (a > b) std::swap(a, b);
      switch (rng() % 8) {
        case 0:
          t.set_range(a, b);
          for (std::size_t i = a; i < b; ++i) m.bits[i] = true;
          break;
        case 1:
          t.reset_range(a, b);
          for (std::size_t i = a; i < b; ++i) m.bits[i] = false;
          break;
        case 2:
          CHECK(t.find_set(a, b) == m.find(a, b, true));
          CHECK(t.find_reset(a, b) == m.find(a, b, false));
          break;
        case 3:
          CHECK(t.find_set_high(a, b) == m.find_high(a, b, true));
          CHECK(t.find_reset_high(a, b) == m.find_high(a, b, false));
          break;
        case 4: {
          std::size_t n = 0;
          for (std::size_t i = a; i < b; ++i) n += m.bits[i];
          CHECK(t.count_set(a, b) == n);
          CHECK(t.is_range_set(a, b) == (n == b - a));
          CHECK(t.is_range_reset(a, b) == (n == 0));
          break;
        }
        case 5:
        case 6: {
          const std::size_t n = 1 + rng() % 40;
          const bool high = rng() % 2 == 0;
          std::size_t got = 0, want = 0;
          const bool ok = high ? t.find_reset_run_high(&got, a, b, n) : t.find_reset_run(&got, a, b, n);
          CHECK(ok == m.run(&want, a, b, n, high));
          if (ok) CHECK(got == want);
          break;
        }
        default: {
          // Two tables: set in one and reset in the other.
          std::vector<Word> other_storage(BitTable::words_for(size));
          BitTable other;
          other.init(other_storage.data(), size);
          const std::size_t c = rng() % (size + 1);
          other.set_range(0, c);
          std::size_t want = b;
          for (std::size_t i = a; i < b; ++i) {
            if (m.bits[i] && i >= c) {
              want = i;
              break;
            }
          }
          CHECK(mps::find_set_and_reset(t, other, a, b) == want);
        }
      }
    }
  }
}
