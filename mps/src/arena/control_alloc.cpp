// control_alloc.cpp -- arena_control_alloc / arena_control_free; see
// control_alloc.hpp for the scheme.
#include "arena/control_alloc.hpp"

#include <cstring>

#include "arena/arena_internal.hpp"
#include "base/check.hpp"

namespace mps {

namespace {

// The smallest class holding `size` bytes; size <= kControlSmallLimit.
std::size_t class_of(std::size_t size) {
  std::size_t c = 0;
  while (kControlClassSizes[c] < size) ++c;
  return c;
}

struct FreeUnit {
  FreeUnit* next;
};

// Carves one fresh control grain into units of class `c` and puts them on
// the class's free list, lowest address first.
Res refill(Arena* arena, std::size_t c) {
  Addr grain;
  Res res = arena_alloc_grains(&grain, arena, arena->grain_size, nullptr, Placement::low);
  if (res != MPS_RES_OK) return res;
  const std::size_t unit = kControlClassSizes[c];
  const std::size_t units = arena->grain_size / unit;
  auto* head = static_cast<FreeUnit*>(arena->control.free_lists[c]);
  for (std::size_t i = units; i-- > 0;) {
    auto* u = reinterpret_cast<FreeUnit*>(grain + i * unit);
    u->next = head;
    head = u;
  }
  arena->control.free_lists[c] = head;
  ++arena->control.carved_grains;
  return MPS_RES_OK;
}

// Is `p` inside a grain the control allocator owns?  (Catches frees of
// pool memory or of foreign pointers.)
bool in_control_grain(const Arena* arena, const void* p) {
  const Chunk* chunk = arena_chunk_of(arena, p);
  if (chunk == nullptr) return false;
  const PageDesc* page = chunk_allocated_page(chunk, p);
  return page != nullptr && page->pool == nullptr;
}

}  // namespace

Res arena_control_alloc(void** p_o, Arena* arena, std::size_t size) noexcept {
  MPS_ASSERT(arena_check(arena));
  MPS_ASSERT(p_o != nullptr);
  MPS_ASSERT_MSG(size > 0, "arena_control_alloc: size must be positive");
  ControlAllocator& control = arena->control;
  if (size > kControlSmallLimit) {
    const std::size_t rounded = align_up(size, arena->grain_size);
    if (rounded < size) return MPS_RES_RESOURCE;  // overflow
    Addr base;
    Res res = arena_alloc_grains(&base, arena, rounded, nullptr, Placement::low);
    if (res != MPS_RES_OK) return res;
    std::memset(base, 0, rounded);  // spare grains keep old contents
    control.bytes_in_use += rounded;
    *p_o = base;
    return MPS_RES_OK;
  }
  const std::size_t c = class_of(size);
  if (control.free_lists[c] == nullptr) {
    Res res = refill(arena, c);
    if (res != MPS_RES_OK) return res;
  }
  auto* unit = static_cast<FreeUnit*>(control.free_lists[c]);
  control.free_lists[c] = unit->next;
  std::memset(unit, 0, kControlClassSizes[c]);
  control.bytes_in_use += kControlClassSizes[c];
  *p_o = unit;
  return MPS_RES_OK;
}

void arena_control_free(Arena* arena, void* p, std::size_t size) noexcept {
  MPS_ASSERT(arena_check(arena));
  MPS_ASSERT_MSG(p != nullptr && addr_is_aligned(p, kControlAlign),
                 "arena_control_free: pointer was not returned by arena_control_alloc");
  MPS_ASSERT_MSG(size > 0, "arena_control_free: size must be positive");
  MPS_ASSERT_MSG(in_control_grain(arena, p),
                 "arena_control_free: pointer is not in the arena's control memory");
  ControlAllocator& control = arena->control;
  if (size > kControlSmallLimit) {
    const std::size_t rounded = align_up(size, arena->grain_size);
    MPS_ASSERT_MSG(addr_is_aligned(p, arena->grain_size),
                   "arena_control_free: size does not match the allocation");
    MPS_ASSERT(control.bytes_in_use >= rounded);
    control.bytes_in_use -= rounded;
    arena_free_grains(arena, addr_of(p), rounded, true);
    return;
  }
  const std::size_t c = class_of(size);
  MPS_ASSERT_COOL_MSG(addr_is_aligned(p, kControlAlign) &&
                          addr_offset(addr_align_down(addr_of(p), arena->grain_size), p) %
                                  kControlClassSizes[c] == 0,
                      "arena_control_free: size does not match the allocation");
  MPS_ASSERT(control.bytes_in_use >= kControlClassSizes[c]);
  control.bytes_in_use -= kControlClassSizes[c];
  auto* unit = static_cast<FreeUnit*>(p);
  unit->next = static_cast<FreeUnit*>(control.free_lists[c]);
  control.free_lists[c] = unit;
}

}  // namespace mps
