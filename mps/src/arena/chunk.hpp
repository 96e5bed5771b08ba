// chunk.hpp -- a chunk: one contiguous piece of the arena's address space,
// with its page table and the bit tables saying which grains are allocated
// and which are committed.  See docs/design/arena.md.
//
// Layout of a chunk [base, limit), every part inside the chunk's own memory:
//
//   base                                                     pages_base     limit
//   | prefix (the Arena, first chunk only) | Chunk | bit tables | page table | grains... |
//   |<------- static part: committed for the chunk's life ------>|
//                                          page-aligned start -->|<- committed one OS
//                                                                   page at a time, when a
//                                                                   grain it describes is
//                                                                   first allocated
//
// The header (static part plus page table) is rounded up to whole grains;
// the grains after it, [pages_base, limit), are handed out by the arena.
// Page index i describes grain pages_base + i * grain.
//
// Invariants (kept by arena_alloc.cpp):
//   - allocated.get(i) implies committed.get(i);
//   - allocated.get(i) implies the page-table page holding page_table[i] is
//     committed (so lookups may read it), and page_table[i].pool is the owner
//     (null for the control allocator's grains);
//   - free_grains == number of reset bits in `allocated`.
#pragma once

#include <cstddef>

#include "base/bit_table.hpp"
#include "base/word.hpp"

namespace mps {

struct Arena;
struct Pool;

inline constexpr Sig kChunkSig = 0x519C4C0C;

// What the page table records for each grain.
struct PageDesc {
  Pool* pool;  // owner; null for the arena's control memory
  void* slot;  // for the owner's use (arena_page_slot); null when allocated
};

// Where the parts of a chunk go, computed before the chunk exists.
struct ChunkLayout {
  std::size_t chunk_offset;     // of the Chunk descriptor (after the prefix)
  std::size_t static_bytes;     // prefix + Chunk + bit tables, page-rounded
  std::size_t page_table_bytes; // page_count * sizeof(PageDesc)
  std::size_t header_bytes;     // static part + page table, grain-rounded
  std::size_t page_count;       // usable grains after the header
};

// Computes the layout of a chunk of `size` bytes (a multiple of `grain`)
// whose first `prefix_bytes` hold something else (the Arena).  False if
// the chunk cannot hold its header and at least one grain.
bool chunk_layout(ChunkLayout* out, std::size_t size, std::size_t grain,
                  std::size_t prefix_bytes) noexcept;

// The smallest chunk size (a multiple of `grain`) whose usable grains hold
// `usable` bytes, with no prefix.  0 on overflow.
std::size_t chunk_size_for(std::size_t usable, std::size_t grain) noexcept;

struct Chunk {
  Sig sig;
  Arena* arena;
  Addr base;        // of the whole chunk (reservation or client block)
  Addr limit;
  Addr pages_base;  // first usable grain
  std::size_t page_count;
  unsigned grain_shift;
  std::size_t free_grains;
  std::size_t static_bytes;         // committed at creation, until destruction
  std::size_t page_table_pages;     // OS pages spanned by the page table
  BitTable allocated;               // per grain
  BitTable committed;               // per grain
  BitTable page_table_committed;    // per OS page of the page table
  PageDesc* page_table;             // page-aligned, inside the header
};

// Builds the Chunk descriptor in [base, base + size) by `layout`.  The
// static part must already be writable (committed); its contents are
// overwritten.  Nothing is allocated and no grain is committed.
Chunk* chunk_init(Arena* arena, Addr base, std::size_t size, std::size_t grain,
                  const ChunkLayout& layout) noexcept;
bool chunk_check(const Chunk* chunk) noexcept;

inline bool chunk_contains(const Chunk* chunk, const void* addr) {
  return addr_of(addr) >= chunk->base && addr_of(addr) < chunk->limit;
}
// Index of the grain holding `addr`, which must be in [pages_base, limit).
inline std::size_t chunk_page_index(const Chunk* chunk, const void* addr) {
  return addr_offset(chunk->pages_base, addr) >> chunk->grain_shift;
}
inline Addr chunk_page_base(const Chunk* chunk, std::size_t index) {
  return chunk->pages_base + (index << chunk->grain_shift);
}
// The page descriptor of an allocated grain holding `addr`, or null.
inline PageDesc* chunk_allocated_page(const Chunk* chunk, const void* addr) {
  if (addr_of(addr) < chunk->pages_base) return nullptr;
  const std::size_t i = chunk_page_index(chunk, addr);
  if (!chunk->allocated.get(i)) return nullptr;
  return &chunk->page_table[i];
}

// The OS pages of the page table describing grains [base, limit): indexes
// into page_table_committed.
void chunk_page_table_span(const Chunk* chunk, std::size_t base, std::size_t limit,
                           std::size_t* first_o, std::size_t* limit_o) noexcept;
// The address of OS page `os_page_index` of the page table.
inline Addr chunk_page_table_page(const Chunk* chunk, std::size_t os_page_index,
                                  std::size_t os_page_size) {
  return addr_of(chunk->page_table) + os_page_index * os_page_size;
}

}  // namespace mps
