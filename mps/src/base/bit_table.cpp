// bit_table.cpp -- word-at-a-time operations on bit tables; see bit_table.hpp.
#include "base/bit_table.hpp"

#include <cstring>

namespace mps {

namespace {

constexpr Word kAllOnes = ~Word{0};

// Bits [lo, hi) of a word, 0 <= lo < hi <= kWordBits.
constexpr Word mask_between(unsigned lo, unsigned hi) {
  const Word upper = hi == kWordBits ? kAllOnes : (Word{1} << hi) - 1;
  return upper & (kAllOnes << lo);
}

unsigned lowest_bit(Word w) { return static_cast<unsigned>(__builtin_ctzl(w)); }
unsigned highest_bit(Word w) { return kWordBits - 1 - static_cast<unsigned>(__builtin_clzl(w)); }

// The searches are written once over a function giving the word whose set
// bits are the ones sought (the table's word, its complement, or a
// combination of two tables).
template <typename WordOf>
std::size_t find_low(WordOf word_of, std::size_t base, std::size_t limit) {
  if (base >= limit) return limit;
  std::size_t w = base / kWordBits;
  const std::size_t last = (limit - 1) / kWordBits;
  Word bits = word_of(w) & (kAllOnes << (base % kWordBits));
  for (;;) {
    if (bits != 0) {
      const std::size_t i = w * kWordBits + lowest_bit(bits);
      return i < limit ? i : limit;
    }
    if (w == last) return limit;
    bits = word_of(++w);
  }
}

template <typename WordOf>
std::size_t find_high(WordOf word_of, std::size_t base, std::size_t limit) {
  if (base >= limit) return limit;
  std::size_t w = (limit - 1) / kWordBits;
  const std::size_t first = base / kWordBits;
  Word bits = word_of(w) & mask_between(0, static_cast<unsigned>((limit - 1) % kWordBits) + 1);
  for (;;) {
    if (bits != 0) {
      const std::size_t i = w * kWordBits + highest_bit(bits);
      return i >= base ? i : limit;
    }
    if (w == first) return limit;
    bits = word_of(--w);
  }
}

// Calls op(word_index, mask) for each word overlapping [base, limit).
template <typename Op>
void for_each_word(std::size_t base, std::size_t limit, Op op) {
  if (base >= limit) return;
  const std::size_t first = base / kWordBits;
  const std::size_t last = (limit - 1) / kWordBits;
  const auto lo = static_cast<unsigned>(base % kWordBits);
  const auto hi = static_cast<unsigned>((limit - 1) % kWordBits) + 1;
  if (first == last) {
    op(first, mask_between(lo, hi));
    return;
  }
  op(first, mask_between(lo, kWordBits));
  for (std::size_t w = first + 1; w < last; ++w) op(w, kAllOnes);
  op(last, mask_between(0, hi));
}

}  // namespace

void BitTable::init(Word* storage, std::size_t bits) noexcept {
  words = storage;
  size = bits;
  std::memset(storage, 0, bytes_for(bits));
}

void BitTable::set_range(std::size_t base, std::size_t limit) noexcept {
  MPS_ASSERT_COOL(base <= limit && limit <= size);
  for_each_word(base, limit, [this](std::size_t w, Word mask) { store(w, load(w) | mask); });
}

void BitTable::reset_range(std::size_t base, std::size_t limit) noexcept {
  MPS_ASSERT_COOL(base <= limit && limit <= size);
  for_each_word(base, limit, [this](std::size_t w, Word mask) { store(w, load(w) & ~mask); });
}

bool BitTable::is_range_set(std::size_t base, std::size_t limit) const noexcept {
  return find_reset(base, limit) == limit;
}

bool BitTable::is_range_reset(std::size_t base, std::size_t limit) const noexcept {
  return find_set(base, limit) == limit;
}

std::size_t BitTable::count_set(std::size_t base, std::size_t limit) const noexcept {
  MPS_ASSERT_COOL(base <= limit && limit <= size);
  std::size_t n = 0;
  for_each_word(base, limit, [this, &n](std::size_t w, Word mask) {
    n += static_cast<std::size_t>(__builtin_popcountl(load(w) & mask));
  });
  return n;
}

std::size_t BitTable::find_set(std::size_t base, std::size_t limit) const noexcept {
  MPS_ASSERT_COOL(limit <= size);
  return find_low([this](std::size_t w) { return load(w); }, base, limit);
}

std::size_t BitTable::find_reset(std::size_t base, std::size_t limit) const noexcept {
  MPS_ASSERT_COOL(limit <= size);
  return find_low([this](std::size_t w) { return ~load(w); }, base, limit);
}

std::size_t BitTable::find_set_high(std::size_t base, std::size_t limit) const noexcept {
  MPS_ASSERT_COOL(limit <= size);
  return find_high([this](std::size_t w) { return load(w); }, base, limit);
}

std::size_t BitTable::find_reset_high(std::size_t base, std::size_t limit) const noexcept {
  MPS_ASSERT_COOL(limit <= size);
  return find_high([this](std::size_t w) { return ~load(w); }, base, limit);
}

bool BitTable::find_reset_run(std::size_t* found, std::size_t base, std::size_t limit,
                              std::size_t n) const noexcept {
  MPS_ASSERT(n > 0);
  std::size_t i = base;
  for (;;) {
    const std::size_t start = find_reset(i, limit);
    if (start == limit || limit - start < n) return false;
    // The candidate [start, start + n) fails at its first set bit, if any;
    // the next candidate begins after it.
    const std::size_t blocker = find_set(start, start + n);
    if (blocker == start + n) {
      *found = start;
      return true;
    }
    i = blocker + 1;
  }
}

bool BitTable::find_reset_run_high(std::size_t* found, std::size_t base, std::size_t limit,
                                   std::size_t n) const noexcept {
  MPS_ASSERT(n > 0);
  std::size_t lim = limit;
  for (;;) {
    const std::size_t top = find_reset_high(base, lim);
    if (top == lim || top + 1 - base < n) return false;
    const std::size_t start = top + 1 - n;
    const std::size_t blocker = find_set_high(start, top + 1);
    if (blocker == top + 1) {
      *found = start;
      return true;
    }
    lim = blocker;
  }
}

std::size_t find_set_and_reset(const BitTable& a, const BitTable& b, std::size_t base,
                               std::size_t limit) noexcept {
  MPS_ASSERT_COOL(limit <= a.size && limit <= b.size);
  return find_low([&a, &b](std::size_t w) { return a.load(w) & ~b.load(w); }, base, limit);
}

}  // namespace mps
