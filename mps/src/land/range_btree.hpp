// range_btree.hpp -- an address-ordered B+-tree of disjoint ranges
// [base, limit), each inner entry augmented with the largest range size in
// its subtree.
//
// This file owns only the tree shape: entries, splits, the augmentation and
// the searches.  Nodes come from a NodePool the caller passes; coalescing
// policy lives in land/land.cpp.  A wide node keeps the tree three or four
// levels deep for thousands of ranges, and each level is a scan of one
// node's contiguous arrays, so a search costs a handful of cache misses
// (a binary tree costs two per level, over a dozen levels).
//
// Invariants (checked by range_btree_check):
//   - every leaf is at depth height-1; leaves are chained in address order
//     from first_leaf to last_leaf;
//   - ranges are sorted by base and disjoint;
//   - an inner entry's key is the least base in its child's subtree and its
//     max is the largest range size there; a leaf entry's max is its size;
//   - every node but the root has at least one entry, and child->parent is
//     the node holding it.
// Nodes are not merged when they become sparse, only freed when empty: the
// depth never exceeds what the peak number of ranges needed.
// See docs/design/land.md.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/word.hpp"

namespace mps {

struct NodePool;

inline constexpr unsigned kRangeFanout = 16;

// Unused slots hold kNoKey and a max of 0, so scans can run over all
// kRangeFanout slots without branching on the count.
struct RangeBNode {
  RangeBNode* parent;
  RangeBNode* prev;  // leaves: neighbours in address order
  RangeBNode* next;
  std::uint32_t count;
  std::uint32_t is_leaf;
  std::uint32_t parent_index;     // of this node's entry in its parent
  std::size_t max_all;            // the largest max[] of this node
  Addr key[kRangeFanout];         // leaf: base; inner: least base below
  std::size_t max[kRangeFanout];  // leaf: size; inner: largest size below
  union {
    Addr limit[kRangeFanout];          // leaf
    RangeBNode* child[kRangeFanout];   // inner
  };
};

struct RangeBTree {
  RangeBNode* root;  // null when empty
  RangeBNode* first_leaf;
  RangeBNode* last_leaf;
  unsigned height;   // levels, 0 when empty
  std::size_t count; // ranges
};

// A position in the tree: entry `index` of `leaf`, or no range (leaf null).
struct RangeRef {
  RangeBNode* leaf;
  unsigned index;

  bool exists() const { return leaf != nullptr; }
  Addr base() const { return leaf->key[index]; }
  Addr limit() const { return leaf->limit[index]; }
  std::size_t size() const { return leaf->max[index]; }
};

void range_btree_init(RangeBTree* tree) noexcept;
// Gives every node back to `nodes`.
void range_btree_finish(RangeBTree* tree, NodePool* nodes) noexcept;

// The nodes an insertion may need (a split at every level and a new root).
inline std::size_t range_btree_nodes_for_insert(const RangeBTree* tree) { return tree->height + 1; }

// pred: the range with the greatest base <= addr; succ: the range with the
// least base > addr.  Either may not exist.
void range_btree_neighbours(const RangeBTree* tree, Addr addr, RangeRef* pred, RangeRef* succ) noexcept;

// Changes a range in place; the new range must keep its order among the
// others (the caller has checked it does not reach a neighbour).
void range_btree_set(RangeBTree* tree, RangeRef ref, Addr base, Addr limit) noexcept;

// Adds [base, limit) just after `pred` (the result of range_btree_neighbours
// for base; may not exist).  The caller has reserved
// range_btree_nodes_for_insert nodes in `nodes`.
void range_btree_insert(RangeBTree* tree, NodePool* nodes, RangeRef pred, Addr base, Addr limit) noexcept;

// Removes the range at `ref`; all refs into the tree become invalid.
void range_btree_remove(RangeBTree* tree, NodePool* nodes, RangeRef ref) noexcept;

// First fit from low (or high) addresses: the first range of at least
// `size` bytes; worst fit: the lowest of the largest ranges.  First fit
// looks in the first (last) leaf before descending: small requests are
// usually met by the lowest (highest) ranges, and that leaf is hot.
RangeRef range_btree_first_fit(const RangeBTree* tree, std::size_t size, bool high) noexcept;
RangeRef range_btree_largest(const RangeBTree* tree) noexcept;

// In address order; `visit(base, limit)` returns false to stop.
template <typename Visit>
void range_btree_each(const RangeBTree* tree, Visit&& visit) {
  for (const RangeBNode* leaf = tree->first_leaf; leaf != nullptr; leaf = leaf->next) {
    for (unsigned i = 0; i < leaf->count; ++i) {
      if (!visit(leaf->key[i], leaf->limit[i])) return;
    }
  }
}

bool range_btree_check(const RangeBTree* tree) noexcept;

}  // namespace mps
