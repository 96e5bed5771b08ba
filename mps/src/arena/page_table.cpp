// page_table.cpp -- from an address to its chunk, grain and owner: the chunk
// index and the page-table lookups of arena.hpp (arena_addr_pool,
// arena_page_slot, arena_has_addr).  These are on the collector's hot paths:
// a binary search over a few chunks, then a bit test and a load.
#include "arena/arena_internal.hpp"

namespace mps {

namespace {

ChunkIndex* spare_index(Arena* arena) {
  return arena->current_index == &arena->index_copies[0] ? &arena->index_copies[1]
                                                         : &arena->index_copies[0];
}

void publish(Arena* arena, ChunkIndex* index) {
  __atomic_store_n(&arena->current_index, index, __ATOMIC_RELEASE);
}

}  // namespace

Res chunk_index_insert(Arena* arena, Chunk* chunk) noexcept {
  const ChunkIndex* old = arena->current_index;
  if (old->count == kMaxChunks) return MPS_RES_RESOURCE;
  ChunkIndex* next = spare_index(arena);
  std::size_t j = 0;
  bool placed = false;
  for (std::size_t i = 0; i < old->count; ++i) {
    Chunk* c = old->chunks[i];
    MPS_ASSERT_MSG(chunk->limit <= c->base || c->limit <= chunk->base,
                   "arena: new memory overlaps a chunk the arena already has");
    if (!placed && chunk->base < c->base) {
      next->chunks[j++] = chunk;
      placed = true;
    }
    next->chunks[j++] = c;
  }
  if (!placed) next->chunks[j++] = chunk;
  next->count = j;
  publish(arena, next);
  return MPS_RES_OK;
}

void chunk_index_remove(Arena* arena, Chunk* chunk) noexcept {
  const ChunkIndex* old = arena->current_index;
  ChunkIndex* next = spare_index(arena);
  std::size_t j = 0;
  for (std::size_t i = 0; i < old->count; ++i) {
    if (old->chunks[i] != chunk) next->chunks[j++] = old->chunks[i];
  }
  MPS_ASSERT(j + 1 == old->count);
  next->count = j;
  publish(arena, next);
}

bool chunk_index_overlaps(const Arena* arena, Addr base, Addr limit) noexcept {
  const ChunkIndex* index = arena->current_index;
  for (std::size_t i = 0; i < index->count; ++i) {
    const Chunk* c = index->chunks[i];
    if (base < c->limit && c->base < limit) return true;
  }
  return false;
}

Pool* arena_addr_pool(const Arena* arena, const void* addr) noexcept {
  MPS_ASSERT_COOL(arena_check(arena));
  const Chunk* chunk = arena_chunk_of(arena, addr);
  if (chunk == nullptr) return nullptr;
  const PageDesc* page = chunk_allocated_page(chunk, addr);
  return page == nullptr ? nullptr : page->pool;
}

bool arena_has_addr(const Arena* arena, const void* addr) noexcept {
  return arena_chunk_of(arena, addr) != nullptr;
}

void** arena_page_slot(const Arena* arena, const void* addr) noexcept {
  MPS_ASSERT_COOL(arena_check(arena));
  const Chunk* chunk = arena_chunk_of(arena, addr);
  if (chunk == nullptr) return nullptr;
  PageDesc* page = chunk_allocated_page(chunk, addr);
  // Control grains have no owner and so no slot for one.
  if (page == nullptr || page->pool == nullptr) return nullptr;
  return &page->slot;
}

bool arena_page_owner(const Arena* arena, const void* addr, Pool** pool_o, void** slot_value_o) noexcept {
  MPS_ASSERT_COOL(arena_check(arena));
  const Chunk* chunk = arena_chunk_of(arena, addr);
  if (chunk == nullptr) return false;
  const PageDesc* page = chunk_allocated_page(chunk, addr);
  if (page == nullptr || page->pool == nullptr) return false;
  *pool_o = page->pool;
  *slot_value_o = page->slot;
  return true;
}

}  // namespace mps
