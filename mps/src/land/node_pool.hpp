// node_pool.hpp -- storage for range B-tree nodes, drawn in slabs from a
// block source (normally the arena's control allocator), never from malloc.
//
// This file owns the node free list and the slabs.  Nodes are handed out
// and taken back in O(1); slabs are kept until the pool is finished, so the
// number of nodes held is the peak number of free ranges, not the current.
// Several lands may share one node pool (MVFF's free set and its set of
// arena spans do), so that one reserve check covers both.
//
// Getting a slab can fail (commit limit); callers that must not fail
// (insertion on free) have a fallback, see land.hpp.
#pragma once

#include <cstddef>

#include "base/word.hpp"
#include "land/range_btree.hpp"

namespace mps {

struct Arena;

// Where slabs come from.  Kept abstract so the land can be tested without
// an arena and could serve the arena itself.
struct LandBlockSource {
  Res (*alloc)(void** p_o, void* closure, std::size_t size);
  void (*free)(void* closure, void* p, std::size_t size);
  void* closure;
};

// A block source over arena_control_alloc / arena_control_free.
LandBlockSource land_block_source_of_arena(Arena* arena) noexcept;

struct NodeSlab;

struct NodePool {
  LandBlockSource source;
  RangeBNode* free_nodes;   // linked through RangeBNode::parent
  NodeSlab* slabs;         // every slab got from the source
  std::size_t free_count;  // nodes on free_nodes
  std::size_t slab_count;
};

// Bytes per slab, including its header: about forty nodes, so control
// memory grows in modest steps.
inline constexpr std::size_t kNodeSlabSize = 16384;

void node_pool_init(NodePool* pool, LandBlockSource source) noexcept;
// Returns every slab to the source.  Nodes still in use become invalid.
void node_pool_finish(NodePool* pool) noexcept;

// Makes sure at least `count` nodes are free, getting slabs as needed.
// Errors: whatever the source returns (MPS_RES_COMMIT_LIMIT, _MEMORY...).
Res node_pool_reserve(NodePool* pool, std::size_t count) noexcept;

// A free node, or null if none is free and no slab can be got.
inline RangeBNode* node_pool_alloc(NodePool* pool) noexcept {
  if (pool->free_nodes == nullptr && node_pool_reserve(pool, 1) != MPS_RES_OK) return nullptr;
  RangeBNode* node = pool->free_nodes;
  pool->free_nodes = node->parent;
  --pool->free_count;
  return node;
}

inline void node_pool_free(NodePool* pool, RangeBNode* node) noexcept {
  node->parent = pool->free_nodes;
  pool->free_nodes = node;
  ++pool->free_count;
}

}  // namespace mps
