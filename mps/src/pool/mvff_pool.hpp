// mvff_pool.hpp -- the MVFF descriptor and its methods, shared by the plain
// class (mvff.cpp) and the debugging class (mvff_debug.cpp).  Not for other
// pool classes: they go through PoolClass.
//
// MVFF keeps no per-block headers: the client passes the size to mps_free.
// Its state is two lands sharing one node pool:
//   free   -- the free ranges, where mps_alloc searches first fit and
//             buffer fills take the largest range;
//   spans  -- the memory held from the arena (coalesced), for giving it
//             all back at destruction.
// Invariants: free ⊆ spans; total_size == land_size(spans);
// free_size == land_size(free); memory neither free nor in a buffer's
// region is in client blocks.  See docs/design/mvff.md.
#pragma once

#include <cstdarg>
#include <cstddef>

#include "land/land.hpp"
#include "pool/pool.hpp"

namespace mps {

inline constexpr Sig kMVFFSig = 0x5193FFF0;

// Hooks through which a debugging class sees free memory change hands
// without MVFF knowing about debugging.
struct MVFFHooks {
  // [base, limit) just came from the arena and joins the free set.
  void (*fresh)(Pool* pool, Addr base, Addr limit);
  // [base, limit) leaves the free set to go back to the arena.
  void (*release)(Pool* pool, Addr base, Addr limit);
};

struct MVFF {
  Pool pool;  // must stay first
  Sig sig;
  NodePool nodes;
  Land free;
  Land spans;
  std::size_t extend_by;         // bytes asked of the arena at least (whole grains)
  std::size_t mean_size;         // hint, unused beyond checks
  std::size_t grain_size;
  double spare;                  // free fraction kept before returning grains
  std::size_t reduce_threshold;  // free bytes above which grains go back: spare * total
  Addr lowest;                   // bounds of all memory ever got from the arena,
  Addr highest;                  // for a cheap ownership check on free
  bool arena_high;
  bool slot_high;
  bool first_fit;
  const MVFFHooks* hooks;        // null for the plain class
};

static_assert(offsetof(MVFF, pool) == 0, "Pool must be at offset 0 of MVFF");

inline MVFF* mvff_of_pool(Pool* pool) { return reinterpret_cast<MVFF*>(pool); }
inline const MVFF* mvff_of_pool(const Pool* pool) { return reinterpret_cast<const MVFF*>(pool); }

bool mvff_check(const MVFF* mvff) noexcept;

Res mvff_init(Pool* pool, ArgList args) noexcept;
void mvff_finish(Pool* pool) noexcept;
Res mvff_alloc(Addr* p_o, Pool* pool, std::size_t size) noexcept;
void mvff_free(Pool* pool, Addr p, std::size_t size) noexcept;
Res mvff_buffer_fill(Addr* base_o, Addr* limit_o, Pool* pool, Buffer* buffer,
                     std::size_t size) noexcept;
void mvff_buffer_empty(Pool* pool, Buffer* buffer, Addr init, Addr limit) noexcept;
std::size_t mvff_total_size(const Pool* pool) noexcept;
std::size_t mvff_free_size(const Pool* pool) noexcept;
// Writes the keywords of mps_pool_create's MVFF arguments; returns the
// number of entries written (the terminator not counted).
unsigned mvff_varargs_into(mps_arg_s args[], va_list varargs) noexcept;

}  // namespace mps
