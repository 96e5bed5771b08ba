// sac.hpp -- segregated allocation caches (mps_sac_t).
//
// A cache is the public _mps_sac_s (whose layout the MPS_SAC_ALLOC_FAST and
// MPS_SAC_FREE_FAST macros in mps.h read and write) at offset 0 of a Sac,
// followed by private fields.  The cache gets and returns blocks through the
// backend functions it is given, so this layer does not depend on pools.
#pragma once

#include <cstddef>

#include "base/word.hpp"
#include "mps.h"

namespace mps {

struct Sac;
struct Arena;

// How a cache reaches the pool behind it (pool_alloc / pool_free in practice).
struct SacBackend {
  void* pool;
  Arena* arena;  // for the cache's own descriptor (control memory)
  Res (*alloc)(Addr* p_o, void* pool, std::size_t size);
  void (*free)(void* pool, Addr p, std::size_t size);
  std::size_t alignment;  // the pool's alignment; class sizes must be multiples of it
};

// MPS_RES_LIMIT if classes_count > MPS_SAC_CLASS_LIMIT; the class array is
// checked (sizes increasing, multiples of the alignment, the smallest at
// least a word) with assertions.
Res sac_create(Sac** sac_o, const SacBackend& backend, std::size_t classes_count,
               const mps_sac_class_s* classes) noexcept;
void sac_destroy(Sac* sac) noexcept;  // flushes first
void sac_flush(Sac* sac) noexcept;
Res sac_alloc(Addr* p_o, Sac* sac, std::size_t size) noexcept;   // mps_sac_alloc (function form)
void sac_free(Sac* sac, Addr p, std::size_t size) noexcept;      // mps_sac_free (function form)
Res sac_fill(Addr* p_o, Sac* sac, std::size_t size) noexcept;    // slow path of MPS_SAC_ALLOC_FAST
void sac_empty(Sac* sac, Addr p, std::size_t size) noexcept;     // slow path of MPS_SAC_FREE_FAST
bool sac_check(const Sac* sac) noexcept;
void* sac_pool(const Sac* sac) noexcept;

inline Sac* sac_of_handle(mps_sac_t handle) { return reinterpret_cast<Sac*>(handle); }
inline mps_sac_t handle_of_sac(Sac* sac) { return reinterpret_cast<mps_sac_t>(sac); }

}  // namespace mps
