// node_pool.cpp -- slabs of range-tree nodes; see node_pool.hpp.
#include "land/node_pool.hpp"

#include "arena/arena.hpp"
#include "base/check.hpp"

namespace mps {

// The header at the start of each slab; the nodes follow it.
struct NodeSlab {
  NodeSlab* next;
};

namespace {

constexpr std::size_t kSlabHeader = align_up(sizeof(NodeSlab), alignof(RangeBNode));
constexpr std::size_t kNodesPerSlab = (kNodeSlabSize - kSlabHeader) / sizeof(RangeBNode);
static_assert(kNodesPerSlab >= 8, "a node slab should hold a useful number of nodes");

Res arena_source_alloc(void** p_o, void* closure, std::size_t size) {
  return arena_control_alloc(p_o, static_cast<Arena*>(closure), size);
}

void arena_source_free(void* closure, void* p, std::size_t size) {
  arena_control_free(static_cast<Arena*>(closure), p, size);
}

}  // namespace

LandBlockSource land_block_source_of_arena(Arena* arena) noexcept {
  return LandBlockSource{arena_source_alloc, arena_source_free, arena};
}

void node_pool_init(NodePool* pool, LandBlockSource source) noexcept {
  pool->source = source;
  pool->free_nodes = nullptr;
  pool->slabs = nullptr;
  pool->free_count = 0;
  pool->slab_count = 0;
}

void node_pool_finish(NodePool* pool) noexcept {
  NodeSlab* slab = pool->slabs;
  while (slab != nullptr) {
    NodeSlab* next = slab->next;
    pool->source.free(pool->source.closure, slab, kNodeSlabSize);
    slab = next;
  }
  pool->slabs = nullptr;
  pool->free_nodes = nullptr;
  pool->free_count = 0;
  pool->slab_count = 0;
}

Res node_pool_reserve(NodePool* pool, std::size_t count) noexcept {
  while (pool->free_count < count) {
    void* mem;
    Res res = pool->source.alloc(&mem, pool->source.closure, kNodeSlabSize);
    if (res != MPS_RES_OK) return res;
    auto* slab = static_cast<NodeSlab*>(mem);
    slab->next = pool->slabs;
    pool->slabs = slab;
    ++pool->slab_count;
    auto* nodes = reinterpret_cast<RangeBNode*>(reinterpret_cast<char*>(mem) + kSlabHeader);
    // Push in reverse so nodes are handed out in address order.
    for (std::size_t i = kNodesPerSlab; i-- > 0;) node_pool_free(pool, &nodes[i]);
  }
  return MPS_RES_OK;
}

}  // namespace mps
