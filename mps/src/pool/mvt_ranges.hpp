// mvt_ranges.hpp -- MVT's bookkeeping: the memory the pool holds from the
// arena and the free ranges inside it, kept as two lands (land/land.hpp)
// that share one node pool.
//
// This file owns the two sets and the traffic with the arena (getting
// memory, giving whole free grains back); the placement policy (temporal
// fit, the fragmentation limit, the reserve) lives in mvt.cpp.
//
//   held -- every range got from the arena and not given back: whole
//           grains, coalesced, so arena pieces that happen to be adjacent
//           form one range.  land_size(held) is the pool's total size.
//   free -- the free parts of held, at the pool's alignment, coalesced
//           across arena pieces.  land_size(free) is the pool's free size.
//
// Invariants, kept by the functions below and checked by check():
//   - free ⊆ held, and every grain of held is owned by the pool in the
//     arena's page table;
//   - held never uses the land's overflow list: nodes are reserved before
//     every change that may need one, because its ranges are not free
//     memory and must not be written into;
//   - free may overflow (at the commit limit an insertion with no node
//     threads the range through the freed memory itself); the bytes still
//     count as free and are folded into the tree by a later search, so a
//     free is never lost.
// Memory that is in held but neither free nor in a buffer's region is in
// client blocks.  Nodes are control memory (arena_control_alloc): they do
// not count in total or free size.  Nothing here mallocs.
// See docs/design/mvt.md.
#pragma once

#include <cstddef>

#include "arena/arena.hpp"
#include "base/word.hpp"
#include "land/land.hpp"

namespace mps {

struct Pool;

class MVTRanges {
 public:
  void init(Pool* owner, std::size_t align) noexcept;
  // Gives every held range back to the arena and every node to its slabs.
  void finish() noexcept;

  // New memory from the arena: `size` rounded up to whole grains, in use
  // (not free) on return.  Errors: the node pool's or the arena's
  // (MPS_RES_COMMIT_LIMIT...); on error nothing changes.
  Res extend(Addr* base_o, Addr* limit_o, std::size_t size) noexcept;

  // Records [base, limit) as free, coalescing with its neighbours.  Never
  // fails for want of memory.  Returns false, changing nothing, if the
  // range overlaps free memory (a double free).
  bool add_free(Addr base, Addr limit) noexcept;

  // Takes up to `want` bytes from the low end of a largest free range, if
  // that range holds at least `min_size` bytes.  Never needs a node.
  bool take_largest(Addr* base_o, Addr* limit_o, std::size_t min_size, std::size_t want) noexcept;
  // Takes up to `want` bytes from the low end of the lowest free range of
  // at least `size` bytes.  Never needs a node.
  bool take_first(Addr* base_o, Addr* limit_o, std::size_t size, std::size_t want) noexcept;
  // Gives whole free grains back to the arena, from the largest free
  // ranges, until at most `keep` bytes are free.  Stops early, keeping the
  // memory, when the largest free range holds no whole grain or the nodes
  // for a split cannot be got.
  void return_excess(std::size_t keep) noexcept;
  // False when return_excess is sure to find nothing: no free range in the
  // tree is a grain long, or the largest is the one found holding no whole
  // grain last time.  O(1), for the free path.
  bool may_return() const noexcept {
    if (free_.overflow != nullptr) return true;  // a search folds it: worth a look
    const std::size_t largest = largest_in_tree();
    return largest >= grain_ && largest != fruitless_max_;
  }

  // True if [base, limit) lies inside memory the pool holds.  O(log n).
  bool holds(Addr base, Addr limit) const noexcept { return land_contains(&held_, base, limit); }
  // A cheap, weaker test for the hot variety: [base, limit) lies within the
  // bounds of all memory ever got from the arena.
  bool within_bounds(Addr base, Addr limit) const noexcept {
    return base >= lowest_ && limit <= highest_ && base < limit;
  }

  std::size_t total_bytes() const noexcept { return land_size(&held_); }
  std::size_t free_bytes() const noexcept { return land_size(&free_); }

  // Both lands consistent, free ⊆ held, held without overflow.  O(n log n).
  bool check() const noexcept;

 private:
  // Takes up to `want` bytes from the low end of the free range [base, limit).
  void take_low(Addr* base_o, Addr* limit_o, Addr base, Addr limit, std::size_t want) noexcept;
  // Nodes for one insertion or split in each land at once.
  Res reserve_nodes() noexcept;
  // The largest free range's size as the tree records it (overflow
  // entries not counted): a cheap test before a search.
  std::size_t largest_in_tree() const noexcept {
    return free_.tree.root == nullptr ? 0 : free_.tree.root->max_all;
  }

  Arena* arena_;
  Pool* owner_;
  std::size_t grain_;
  Addr lowest_;   // bounds of all memory ever got from the arena
  Addr highest_;
  // The largest free range's size when return_excess last found that range
  // holding no whole grain, or 0.  While the largest size is still this, the
  // largest range is (almost always) the same one and a new look is skipped.
  // Cleared when memory is taken from a range of this size or given back.
  std::size_t fruitless_max_;
  NodePool nodes_;
  Land held_;
  Land free_;
};

}  // namespace mps
