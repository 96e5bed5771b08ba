// chunk.cpp -- chunk layout and set-up; see chunk.hpp.
#include "arena/chunk.hpp"

#include "base/check.hpp"
#include "os/vm.hpp"

namespace mps {

namespace {

constexpr std::size_t kDescriptorAlign = 16;

// Sizes of the parts of a chunk of `total` grains.  The bit tables and the
// page table are sized for all `total` grains (an over-estimate by the
// header's own grains) so the layout needs no fixed-point iteration.
struct Parts {
  std::size_t alloc_bits_offset;
  std::size_t committed_bits_offset;
  std::size_t page_table_bits_offset;
  std::size_t static_bytes;
  std::size_t page_table_max;
};

Parts parts_of(std::size_t total, std::size_t chunk_offset) {
  const std::size_t page = os::page_size();
  const std::size_t page_table_max = total * sizeof(PageDesc);
  const std::size_t page_table_pages = (page_table_max + page - 1) / page;
  Parts p{};
  p.alloc_bits_offset = align_up(chunk_offset + sizeof(Chunk), kWordSize);
  p.committed_bits_offset = p.alloc_bits_offset + BitTable::bytes_for(total);
  p.page_table_bits_offset = p.committed_bits_offset + BitTable::bytes_for(total);
  p.static_bytes = align_up(p.page_table_bits_offset + BitTable::bytes_for(page_table_pages), page);
  p.page_table_max = page_table_max;
  return p;
}

}  // namespace

bool chunk_layout(ChunkLayout* out, std::size_t size, std::size_t grain,
                  std::size_t prefix_bytes) noexcept {
  MPS_ASSERT(is_pow2(grain) && is_aligned(size, grain));
  const std::size_t total = size / grain;
  const std::size_t chunk_offset = align_up(prefix_bytes, kDescriptorAlign);
  const Parts p = parts_of(total, chunk_offset);
  const std::size_t header = align_up(p.static_bytes + p.page_table_max, grain);
  if (header >= size) return false;
  out->chunk_offset = chunk_offset;
  out->static_bytes = p.static_bytes;
  out->header_bytes = header;
  out->page_count = (size - header) / grain;
  out->page_table_bytes = out->page_count * sizeof(PageDesc);
  return true;
}

std::size_t chunk_size_for(std::size_t usable, std::size_t grain) noexcept {
  MPS_ASSERT(is_pow2(grain));
  const std::size_t wanted = (usable + grain - 1) / grain;  // grains
  if (wanted == 0 || wanted > (~std::size_t{0} / grain) / 2) return 0;
  std::size_t total = wanted + 1;
  for (;;) {
    ChunkLayout layout;
    if (chunk_layout(&layout, total * grain, grain, 0) && layout.page_count >= wanted) {
      return total * grain;
    }
    // Grow by what the header took; converges because the header grows
    // far more slowly than the chunk.
    const std::size_t header_grains =
        align_up(parts_of(total, 0).static_bytes + parts_of(total, 0).page_table_max, grain) / grain;
    total = wanted + header_grains;
    if (total > (~std::size_t{0} / grain) / 2) return 0;
  }
}

Chunk* chunk_init(Arena* arena, Addr base, std::size_t size, std::size_t grain,
                  const ChunkLayout& layout) noexcept {
  const std::size_t total = size / grain;
  const Parts p = parts_of(total, layout.chunk_offset);
  MPS_ASSERT(p.static_bytes == layout.static_bytes);
  auto* chunk = reinterpret_cast<Chunk*>(base + layout.chunk_offset);
  chunk->arena = arena;
  chunk->base = base;
  chunk->limit = base + size;
  chunk->pages_base = base + layout.header_bytes;
  chunk->page_count = layout.page_count;
  chunk->grain_shift = log2_exact(grain);
  chunk->free_grains = layout.page_count;
  chunk->static_bytes = layout.static_bytes;
  const std::size_t page = os::page_size();
  chunk->page_table_pages = (layout.page_table_bytes + page - 1) / page;
  chunk->allocated.init(reinterpret_cast<Word*>(base + p.alloc_bits_offset), layout.page_count);
  chunk->committed.init(reinterpret_cast<Word*>(base + p.committed_bits_offset), layout.page_count);
  chunk->page_table_committed.init(reinterpret_cast<Word*>(base + p.page_table_bits_offset),
                                   chunk->page_table_pages);
  chunk->page_table = reinterpret_cast<PageDesc*>(base + layout.static_bytes);
  chunk->sig = kChunkSig;
  return chunk;
}

bool chunk_check(const Chunk* chunk) noexcept {
  if (chunk == nullptr || chunk->sig != kChunkSig) return false;
  if (!(chunk->base < chunk->pages_base && chunk->pages_base < chunk->limit)) return false;
  if (chunk_page_base(chunk, chunk->page_count) != chunk->limit) return false;
  if (chunk->free_grains > chunk->page_count) return false;
  return true;
}

void chunk_page_table_span([[maybe_unused]] const Chunk* chunk, std::size_t base, std::size_t limit,
                           std::size_t* first_o, std::size_t* limit_o) noexcept {
  MPS_ASSERT_COOL(base < limit && limit <= chunk->page_count);
  const std::size_t page = os::page_size();
  *first_o = base * sizeof(PageDesc) / page;
  *limit_o = (limit * sizeof(PageDesc) + page - 1) / page;
}

}  // namespace mps
