// control_alloc.hpp -- the arena's allocator for descriptors (pools, buffers,
// caches, formats, roots, chains...): arena_control_alloc/free in arena.hpp.
//
// Small requests come from size-classed free lists carved out of whole
// grains; large ones are whole grains.  Control grains are allocated in the
// page table with a null owner, so arena_addr_pool never names an internal
// pool for them, and they count as committed memory like any other grain
// (hence against the commit limit).  Grains carved for small sizes stay
// with the control allocator until the arena is destroyed; their units are
// reused through the free lists.  See docs/design/arena.md.
#pragma once

#include <cstddef>

namespace mps {

// Unit sizes of the small classes: multiples of 16, so every unit carved
// from a grain-aligned grain is 16-byte aligned.  Larger requests take
// whole grains (the grain is at least an OS page, so at least 4096 bytes).
inline constexpr std::size_t kControlClassSizes[] = {16,  32,  48,  64,  96,   128,  192,
                                                     256, 384, 512, 768, 1024, 1536, 2048};
inline constexpr std::size_t kControlClassCount =
    sizeof(kControlClassSizes) / sizeof(kControlClassSizes[0]);
inline constexpr std::size_t kControlSmallLimit = kControlClassSizes[kControlClassCount - 1];
inline constexpr std::size_t kControlAlign = 16;

// Lives inside the Arena; zero is its initial state.
struct ControlAllocator {
  void* free_lists[kControlClassCount];  // each unit's first word links the next
  std::size_t carved_grains;             // grains given over to the small classes
  std::size_t bytes_in_use;              // requested sizes of live allocations
};

}  // namespace mps
