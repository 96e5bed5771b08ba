// bit_table.hpp -- tables of bits over caller-provided words.
//
// A BitTable is a non-owning view of `size` bits stored in an array of
// Words (bit i is bit i % kWordBits of word i / kWordBits).  It allocates
// nothing: the arena places its tables inside chunk memory.  Searches work a
// word at a time, so scanning long runs of equal bits is cheap.
//
// Ranges are half-open [base, limit) of bit indexes.  Search functions
// return `limit` (or, for the high searches, `limit` too) when nothing is
// found, so "not found" is one compare for the caller.
#pragma once

#include <cstddef>

#include "base/check.hpp"
#include "base/word.hpp"

namespace mps {

// Words are read and written with relaxed atomic loads and stores (plain
// moves on the machines we support).  Writers are serialised by the arena
// lock, but some tables are read without it -- the page table's by the
// protection-fault handler -- and a word may hold bits of other pages that
// a writer is changing meanwhile.  Read-modify-write is load-then-store, not
// an atomic RMW: there is never more than one writer.
struct BitTable {
  Word* words = nullptr;
  std::size_t size = 0;  // in bits

  // Words needed to hold `bits` bits.
  static constexpr std::size_t words_for(std::size_t bits) {
    return (bits + kWordBits - 1) / kWordBits;
  }
  static constexpr std::size_t bytes_for(std::size_t bits) { return words_for(bits) * kWordSize; }

  // Points the view at `words` (which must hold words_for(size) words) and
  // clears every bit.
  void init(Word* storage, std::size_t bits) noexcept;

  Word load(std::size_t w) const { return __atomic_load_n(&words[w], __ATOMIC_RELAXED); }
  void store(std::size_t w, Word value) { __atomic_store_n(&words[w], value, __ATOMIC_RELAXED); }

  bool get(std::size_t i) const {
    MPS_ASSERT_COOL(i < size);
    return (load(i / kWordBits) >> (i % kWordBits)) & 1u;
  }
  void set(std::size_t i) {
    MPS_ASSERT_COOL(i < size);
    store(i / kWordBits, load(i / kWordBits) | (Word{1} << (i % kWordBits)));
  }
  void reset(std::size_t i) {
    MPS_ASSERT_COOL(i < size);
    store(i / kWordBits, load(i / kWordBits) & ~(Word{1} << (i % kWordBits)));
  }

  void set_range(std::size_t base, std::size_t limit) noexcept;
  void reset_range(std::size_t base, std::size_t limit) noexcept;
  bool is_range_set(std::size_t base, std::size_t limit) const noexcept;
  bool is_range_reset(std::size_t base, std::size_t limit) const noexcept;
  std::size_t count_set(std::size_t base, std::size_t limit) const noexcept;

  // The lowest index in [base, limit) whose bit is set (reset), or limit.
  std::size_t find_set(std::size_t base, std::size_t limit) const noexcept;
  std::size_t find_reset(std::size_t base, std::size_t limit) const noexcept;
  // The highest index in [base, limit) whose bit is set (reset), or limit.
  std::size_t find_set_high(std::size_t base, std::size_t limit) const noexcept;
  std::size_t find_reset_high(std::size_t base, std::size_t limit) const noexcept;

  // First fit: the lowest run of `n` reset bits inside [base, limit).  On
  // success stores its first index in *found and returns true.
  bool find_reset_run(std::size_t* found, std::size_t base, std::size_t limit,
                      std::size_t n) const noexcept;
  // The highest run of `n` reset bits inside [base, limit).
  bool find_reset_run_high(std::size_t* found, std::size_t base, std::size_t limit,
                           std::size_t n) const noexcept;
};

// The lowest index in [base, limit) where `a` is set and `b` is reset, or
// limit.  Both tables must be at least `limit` bits long.  (The arena uses
// it to find spare grains: committed and not allocated.)
std::size_t find_set_and_reset(const BitTable& a, const BitTable& b, std::size_t base,
                               std::size_t limit) noexcept;

}  // namespace mps
