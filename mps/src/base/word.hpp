// word.hpp -- words, addresses, sizes and alignment arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mps.h"

namespace mps {

using Word = std::uintptr_t;
using Addr = std::uint8_t*;  // a byte address: arithmetic in bytes
using Res = mps_res_t;
using Sig = Word;

inline constexpr std::size_t kWordSize = sizeof(Word);
inline constexpr unsigned kWordBits = sizeof(Word) * 8;
inline constexpr Sig kSigInvalid = 0x51915BAD;

constexpr bool is_pow2(Word x) { return x != 0 && (x & (x - 1)) == 0; }

// `align` must be a power of two.
constexpr Word align_up(Word x, Word align) { return (x + align - 1) & ~(align - 1); }
constexpr Word align_down(Word x, Word align) { return x & ~(align - 1); }
constexpr bool is_aligned(Word x, Word align) { return (x & (align - 1)) == 0; }

inline Addr addr_of(const void* p) { return static_cast<Addr>(const_cast<void*>(p)); }
inline Word word_of(const void* p) { return reinterpret_cast<Word>(p); }
inline Addr addr_from_word(Word w) { return reinterpret_cast<Addr>(w); }
inline Addr addr_align_up(Addr a, Word align) { return addr_from_word(align_up(word_of(a), align)); }
inline Addr addr_align_down(Addr a, Word align) { return addr_from_word(align_down(word_of(a), align)); }
inline bool addr_is_aligned(const void* a, Word align) { return is_aligned(word_of(a), align); }
inline std::size_t addr_offset(const void* base, const void* limit) {
  return static_cast<std::size_t>(static_cast<const std::uint8_t*>(limit) -
                                  static_cast<const std::uint8_t*>(base));
}

// log2 of a power of two.
constexpr unsigned log2_exact(Word x) {
  unsigned n = 0;
  while (x > 1) { x >>= 1; ++n; }
  return n;
}

}  // namespace mps
