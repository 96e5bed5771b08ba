// sac.cpp -- segregated allocation caches; see sac.hpp and docs/design/sac.md.
//
// Owns the layout of _mps_sac_s that the MPS_SAC_ALLOC_FAST and
// MPS_SAC_FREE_FAST macros in mps.h walk, and the slow paths behind them
// (fill and empty).  Blocks come from and go back to the pool through the
// SacBackend; a cached free block is chained through its first word.
//
// Layout (mps-interface.md 7): with classes c0 < c1 < ... < c(n-1) and the
// middle class m,
//   even slots 0, 2, ...: classes m+1 .. n-1, _size = block size, then a
//                         sentinel with _size = SIZE_MAX and count_max 0;
//   odd slots 1, 3, ...:  classes m, m-1, .. 0, _size = the next smaller
//                         class's block size (0 for c0).
// So the macros' search ends at the slot of the smallest class >= size, or
// at the sentinel for sizes above the largest class (never cached: count 0
// and count_max 0 send it to fill/empty).
#include "alloc/sac.hpp"

#include <cstdint>
#include <type_traits>

#include "arena/arena.hpp"
#include "base/check.hpp"

namespace mps {

inline constexpr Sig kSacSig = 0x519B5AC0;

struct SacClassInfo {
  std::size_t block_size;
  std::size_t slot;  // index into _freelists
};

struct Sac {
  _mps_sac_s pub;  // must stay first: mps_sac_t points here
  Sig sig;
  SacBackend backend;
  std::size_t classes_count;
  std::size_t middle;                            // index of the middle class
  SacClassInfo classes[MPS_SAC_CLASS_LIMIT];     // increasing block size
};

static_assert(std::is_standard_layout_v<Sac>, "Sac must be standard-layout");
static_assert(offsetof(Sac, pub) == 0, "_mps_sac_s must be at offset 0 of Sac");

namespace {

// The class covering `size`: the smallest block size >= size, or
// classes_count for an overlarge size.
std::size_t class_of_size(const Sac* sac, std::size_t size) {
  std::size_t i = 0;
  while (i < sac->classes_count && size > sac->classes[i].block_size) ++i;
  return i;
}

// Blocks to preload on a miss: about a third of what the class may cache.
std::size_t preload_count(std::size_t count_max) { return (count_max + 2) / 3; }

void push(_mps_sac_freelist_block_s* list, Addr p) {
  *reinterpret_cast<mps_addr_t*>(p) = list->_blocks;
  list->_blocks = p;
  ++list->_count;
}

Addr pop(_mps_sac_freelist_block_s* list) {
  MPS_ASSERT(list->_count > 0 && list->_blocks != nullptr);
  Addr p = addr_of(list->_blocks);
  list->_blocks = *reinterpret_cast<mps_addr_t*>(p);
  --list->_count;
  return p;
}

// Gives blocks back to the pool until `list` holds at most `keep`.
void trim(Sac* sac, _mps_sac_freelist_block_s* list, std::size_t block_size, std::size_t keep) {
  while (list->_count > keep) sac->backend.free(sac->backend.pool, pop(list), block_size);
}

std::size_t overlarge_size(const Sac* sac, std::size_t size) {
  return align_up(size == 0 ? 1 : size, sac->backend.alignment);
}

}  // namespace

bool sac_check(const Sac* sac) noexcept {
  if (sac == nullptr || sac->sig != kSacSig) return false;
  if (sac->classes_count == 0 || sac->classes_count > MPS_SAC_CLASS_LIMIT) return false;
  if (sac->middle >= sac->classes_count) return false;
  if (sac->pub._middle != sac->classes[sac->middle].block_size) return false;
  for (std::size_t i = 0; i < sac->classes_count; ++i) {
    const _mps_sac_freelist_block_s& list = sac->pub._freelists[sac->classes[i].slot];
    if (list._count > list._count_max) return false;
  }
  return true;
}

void* sac_pool(const Sac* sac) noexcept { return sac->backend.pool; }

Res sac_create(Sac** sac_o, const SacBackend& backend, std::size_t classes_count,
               const mps_sac_class_s* classes) noexcept {
  MPS_ASSERT_MSG(classes_count >= 1, "mps_sac_create: there must be at least one size class");
  MPS_ASSERT_MSG(classes != nullptr, "mps_sac_create: the class array is NULL");
  if (classes_count > MPS_SAC_CLASS_LIMIT) return MPS_RES_LIMIT;
  MPS_ASSERT(is_pow2(backend.alignment));
  MPS_ASSERT_MSG(classes[0].mps_block_size >= sizeof(void*),
                 "mps_sac_create: the smallest class's block size is less than a pointer");
  unsigned long long total_frequency = 0;
  for (std::size_t i = 0; i < classes_count; ++i) {
    MPS_ASSERT_MSG(is_aligned(classes[i].mps_block_size, backend.alignment),
                   "mps_sac_create: a class's block size is not a multiple of the pool's alignment");
    MPS_ASSERT_MSG(i == 0 || classes[i].mps_block_size > classes[i - 1].mps_block_size,
                   "mps_sac_create: class block sizes are not strictly increasing");
    MPS_ASSERT_MSG(classes[i].mps_block_size < SIZE_MAX, "mps_sac_create: a class's block size is too large");
    total_frequency += classes[i].mps_frequency;
  }

  void* mem;
  Res res = arena_control_alloc(&mem, backend.arena, sizeof(Sac));
  if (res != MPS_RES_OK) return res;
  auto* sac = static_cast<Sac*>(mem);  // zeroed: every list empty
  sac->backend = backend;
  sac->classes_count = classes_count;

  // The middle class: where the cumulative frequency first reaches half
  // the total (the first class if every frequency is zero).
  std::size_t middle = 0;
  unsigned long long cumulative = 0;
  for (; middle < classes_count; ++middle) {
    cumulative += classes[middle].mps_frequency;
    if (2 * cumulative >= total_frequency) break;
  }
  if (middle == classes_count) middle = classes_count - 1;
  sac->middle = middle;
  sac->pub._middle = classes[middle].mps_block_size;
  sac->pub._trapped = 0;

  // Classes above the middle: even slots, increasing; then the sentinel.
  std::size_t slot = 0;
  for (std::size_t i = middle + 1; i < classes_count; ++i, slot += 2) {
    sac->classes[i] = {classes[i].mps_block_size, slot};
    sac->pub._freelists[slot]._size = classes[i].mps_block_size;
    sac->pub._freelists[slot]._count_max = classes[i].mps_cached_count;
  }
  sac->pub._freelists[slot]._size = SIZE_MAX;
  sac->pub._freelists[slot]._count_max = 0;

  // The middle class and below: odd slots, decreasing.
  slot = 1;
  for (std::size_t i = middle + 1; i-- > 0; slot += 2) {
    sac->classes[i] = {classes[i].mps_block_size, slot};
    sac->pub._freelists[slot]._size = i == 0 ? 0 : classes[i - 1].mps_block_size;
    sac->pub._freelists[slot]._count_max = classes[i].mps_cached_count;
  }

  sac->sig = kSacSig;
  MPS_ASSERT_COOL(sac_check(sac));
  *sac_o = sac;
  return MPS_RES_OK;
}

void sac_flush(Sac* sac) noexcept {
  MPS_ASSERT_MSG(sac_check(sac), "mps_sac_flush: not a valid segregated allocation cache");
  for (std::size_t i = 0; i < sac->classes_count; ++i) {
    trim(sac, &sac->pub._freelists[sac->classes[i].slot], sac->classes[i].block_size, 0);
  }
}

void sac_destroy(Sac* sac) noexcept {
  sac_flush(sac);
  sac->sig = kSigInvalid;
  arena_control_free(sac->backend.arena, sac, sizeof(Sac));
}

Res sac_fill(Addr* p_o, Sac* sac, std::size_t size) noexcept {
  MPS_ASSERT_COOL_MSG(sac_check(sac), "mps_sac_fill: not a valid segregated allocation cache");
  const std::size_t c = class_of_size(sac, size);
  if (c == sac->classes_count) {
    if (size > SIZE_MAX / 2) return MPS_RES_RESOURCE;  // no address space is that large
    return sac->backend.alloc(p_o, sac->backend.pool, overlarge_size(sac, size));
  }
  const std::size_t block_size = sac->classes[c].block_size;
  _mps_sac_freelist_block_s* list = &sac->pub._freelists[sac->classes[c].slot];
  if (list->_count > 0) {  // reached directly, not through the macro
    *p_o = pop(list);
    return MPS_RES_OK;
  }
  Addr p;
  Res res = sac->backend.alloc(&p, sac->backend.pool, block_size);
  if (res != MPS_RES_OK) return res;
  // Preload so the next few requests hit the cache.  Failing here is
  // harmless: the client's block is already had.
  for (std::size_t n = preload_count(list->_count_max); n > 0 && list->_count < list->_count_max; --n) {
    Addr extra;
    if (sac->backend.alloc(&extra, sac->backend.pool, block_size) != MPS_RES_OK) break;
    push(list, extra);
  }
  *p_o = p;
  return MPS_RES_OK;
}

void sac_empty(Sac* sac, Addr p, std::size_t size) noexcept {
  MPS_ASSERT_COOL_MSG(sac_check(sac), "mps_sac_empty: not a valid segregated allocation cache");
  MPS_ASSERT_MSG(p != nullptr, "mps_sac_free: the block is NULL");
  MPS_ASSERT_MSG(addr_is_aligned(p, sac->backend.alignment),
                 "mps_sac_free: the block is not aligned to the pool's alignment");
  const std::size_t c = class_of_size(sac, size);
  if (c == sac->classes_count) {
    sac->backend.free(sac->backend.pool, p, overlarge_size(sac, size));
    return;
  }
  const std::size_t block_size = sac->classes[c].block_size;
  _mps_sac_freelist_block_s* list = &sac->pub._freelists[sac->classes[c].slot];
  if (list->_count < list->_count_max) {  // reached directly, not through the macro
    push(list, p);
    return;
  }
  // The list is full: this block goes back, and so does about a third of
  // the list, so the next few frees are cached (hysteresis).
  sac->backend.free(sac->backend.pool, p, block_size);
  trim(sac, list, block_size, list->_count_max - preload_count(list->_count_max));
}

// The function forms follow the macros exactly: the same search, then the
// list or the slow path.
Res sac_alloc(Addr* p_o, Sac* sac, std::size_t size) noexcept {
  MPS_ASSERT_COOL_MSG(sac_check(sac), "mps_sac_alloc: not a valid segregated allocation cache");
  std::size_t i;
  _MPS_SAC_FIND(i, &sac->pub, size);
  _mps_sac_freelist_block_s* list = &sac->pub._freelists[i];
  if (list->_count != 0) {
    *p_o = pop(list);
    return MPS_RES_OK;
  }
  return sac_fill(p_o, sac, size);
}

void sac_free(Sac* sac, Addr p, std::size_t size) noexcept {
  MPS_ASSERT_COOL_MSG(sac_check(sac), "mps_sac_free: not a valid segregated allocation cache");
  std::size_t i;
  _MPS_SAC_FIND(i, &sac->pub, size);
  _mps_sac_freelist_block_s* list = &sac->pub._freelists[i];
  if (list->_count < list->_count_max) {
    push(list, p);
    return;
  }
  sac_empty(sac, p, size);
}

}  // namespace mps
