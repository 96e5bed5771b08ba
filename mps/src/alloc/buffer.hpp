// buffer.hpp -- the buffer behind an allocation point (mps_ap_t).
//
// The client's three words (init, alloc, limit) are the mps_ap_s at offset 0
// so that the reserve/commit macros in mps.h work on a Buffer*.  Between
// fills the buffer owns the region [base, limit_real) of its pool; the client
// allocates in it without calling the MPS.
//
// Invariants (outside reserve..commit): base <= ap.init == ap.alloc <= limit_real,
// and ap.limit is limit_real, or 0 when the buffer is trapped.  A buffer with
// no region has base == ap.init == ap.alloc == ap.limit == limit_real == null.
#pragma once

#include <cstddef>
#include <type_traits>

#include "base/check.hpp"
#include "base/ring.hpp"
#include "base/word.hpp"
#include "mps.h"

namespace mps {

struct Pool;

inline constexpr Sig kBufferSig = 0x519B0FF1;

struct Buffer {
  mps_ap_s ap;       // must stay first: mps_ap_t points here
  Sig sig;
  Pool* pool;
  Ring pool_link;    // on the pool's ring of buffers
  Addr base;         // start of the current region, or null
  Addr limit_real;   // end of the current region (ap.limit is 0 when trapped)
  Word rank;         // rank of references in objects allocated here
  void* pool_data;   // private to the pool class
  std::size_t alloc_pattern_depth;  // nesting of mps_ap_alloc_pattern_begin (api/api_ap.cpp)
  // Set by a flip that trapped the buffer: ap.init at that moment.  Memory
  // below it is committed objects; the rest of the region is abandoned.
  // Null when not trapped by a flip (pool_buffer_trip, pool_buffer_fill).
  Addr trapped_init;
};

static_assert(std::is_standard_layout_v<Buffer>, "Buffer must be standard-layout");
static_assert(offsetof(Buffer, ap) == 0, "mps_ap_s must be at offset 0 of Buffer");

inline Buffer* buffer_of_ap(mps_ap_t ap) { return reinterpret_cast<Buffer*>(ap); }
inline mps_ap_t ap_of_buffer(Buffer* buffer) { return &buffer->ap; }

inline bool buffer_has_region(const Buffer* b) { return b->base != nullptr; }
// True between reserve and commit.
inline bool buffer_is_reserved(const Buffer* b) { return b->ap.init != b->ap.alloc; }

inline bool buffer_check(const Buffer* b) {
  return b != nullptr && b->sig == kBufferSig && b->pool != nullptr &&
         addr_of(b->ap.init) <= addr_of(b->ap.alloc) &&
         (b->ap.limit == nullptr || addr_of(b->ap.alloc) <= addr_of(b->ap.limit));
}

}  // namespace mps
