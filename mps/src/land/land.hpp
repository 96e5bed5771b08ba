// land.hpp -- a set of free address ranges: the free-space structure behind
// the manual pools (MVFF) and any other client needing first/worst fit.
//
// A Land holds disjoint ranges [base, limit), each a positive multiple of
// its `unit` (an alignment >= one word) and aligned to it.  Adjacent ranges
// are coalesced on insertion, so the tree never holds two ranges that touch.
// Searches (first fit from either end, largest range) and updates are
// O(log n) in the number of ranges.
//
// Insertion never fails.  Tree nodes come from a NodePool; when the nodes
// an insertion may need cannot be got (the arena is at its commit limit) the range is pushed on an
// overflow list threaded through the free memory itself (one or two words at
// its base), and folded into the tree by a later operation that can get a
// node.  Ranges on the overflow list count in land_size and are reported by
// land_each but are not found by searches until folded.  This is the only
// time the land writes into the memory it manages.  See docs/design/land.md.
#pragma once

#include <cstddef>

#include "base/word.hpp"
#include "land/node_pool.hpp"
#include "land/range_btree.hpp"

namespace mps {

// Called when an overflow entry has been folded into the tree: the first
// `header_bytes` bytes at `base` held the entry's link words and are now
// ordinary free memory again (a debugging pool re-splats them).
using LandFoldHook = void (*)(void* closure, Addr base, std::size_t header_bytes);

struct Land {
  RangeBTree tree;
  NodePool* nodes;
  Addr overflow;              // first overflow entry, or null
  std::size_t size;           // bytes in all ranges, tree and overflow
  std::size_t overflow_ranges;
  std::size_t unit;
  LandFoldHook fold_hook;     // may be null
  void* fold_closure;
};

void land_init(Land* land, NodePool* nodes, std::size_t unit) noexcept;
// Gives every tree node back to the node pool.  The memory in the ranges is
// the caller's business.
void land_finish(Land* land) noexcept;

// Adds [base, limit), coalescing with neighbours.  Never fails for want of
// memory.  Returns false and changes nothing if the range overlaps a range
// already in the land (checked against the tree always, and against the
// overflow list in the cool variety).
bool land_insert(Land* land, Addr base, Addr limit) noexcept;

// Removes [base, limit), which must lie inside one range of the tree.
// Errors: MPS_RES_FAIL if it does not; the node pool's error if removing it
// from the middle of a range needs a node that cannot be got.  On error
// nothing changes.
Res land_delete(Land* land, Addr base, Addr limit) noexcept;

// True if [base, limit) lies inside one range of the tree (overflow
// entries are not considered).
bool land_contains(const Land* land, Addr base, Addr limit) noexcept;

// First fit: the lowest (or highest, if `high`) range of at least `size`
// bytes.  Returns false if there is none.  Does not change the set.
bool land_find_first(Addr* base_o, Addr* limit_o, Land* land, std::size_t size, bool high) noexcept;
// Worst fit: a largest range.  Returns false if the land is empty.
bool land_find_largest(Addr* base_o, Addr* limit_o, Land* land) noexcept;

// Allocation in one step: finds the first range of at least `size` bytes
// searching from low (or high, `search_high`) addresses, and removes `size`
// bytes from its low (or high, `take_high`) end.  Never needs a node.
bool land_take_first(Addr* base_o, Land* land, std::size_t size, bool search_high,
                     bool take_high) noexcept;
// As land_take_first, but takes up to `most` bytes (most >= size, a
// multiple of the unit) from the found range: all of it if it is no larger.
// [*base_o, *limit_o) is what was taken.  Never needs a node.
bool land_take_first_bounded(Addr* base_o, Addr* limit_o, Land* land, std::size_t size,
                             std::size_t most, bool search_high, bool take_high) noexcept;
// Removes and returns a whole largest range, if it has at least `min_size`
// bytes.
bool land_take_largest(Addr* base_o, Addr* limit_o, Land* land, std::size_t min_size) noexcept;

// The nodes one insertion or one split may need, for callers that must
// reserve them in advance (MVFF does, for both its lands at once).
inline std::size_t land_nodes_for_insert(const Land* land) {
  return range_btree_nodes_for_insert(&land->tree);
}

// Folds as many overflow entries into the tree as nodes allow.  Returns
// true if the overflow list is now empty.
bool land_flush(Land* land) noexcept;

inline std::size_t land_size(const Land* land) { return land->size; }
inline std::size_t land_range_count(const Land* land) {
  return land->tree.count + land->overflow_ranges;
}

// Bytes at the base of an overflow range that hold its link words.
std::size_t land_overflow_header_bytes(std::size_t range_size) noexcept;

// Calls visit(base, limit, in_overflow) for every range: the tree's in
// address order, then the overflow list's.  Returning false stops.
template <typename Visit>
void land_each(const Land* land, Visit&& visit);

// Checks the tree's invariants, that no two tree ranges touch, that every
// range is aligned to the unit, and that the counts and size add up.  O(n).
bool land_check(const Land* land) noexcept;

// --- Implementation of the template -----------------------------------------

namespace land_detail {
// The overflow entry at `entry`: its successor and its size.
Addr overflow_next(Addr entry, std::size_t unit) noexcept;
std::size_t overflow_size(Addr entry, std::size_t unit) noexcept;
}  // namespace land_detail

template <typename Visit>
void land_each(const Land* land, Visit&& visit) {
  bool go_on = true;
  range_btree_each(&land->tree, [&](Addr base, Addr limit) {
    go_on = visit(base, limit, false);
    return go_on;
  });
  for (Addr entry = land->overflow; go_on && entry != nullptr;) {
    Addr next = land_detail::overflow_next(entry, land->unit);
    go_on = visit(entry, entry + land_detail::overflow_size(entry, land->unit), true);
    entry = next;
  }
}

}  // namespace mps
