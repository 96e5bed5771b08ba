// vm_arena.cpp -- the VM arena class (mps_arena_class_vm): address space
// reserved from the OS in chunks, committed a grain at a time on demand,
// returned to the OS when the arena is destroyed.  Keys: mps-interface.md
// 2.1 and 1.6.
#include <new>

#include "arena/arena_internal.hpp"
#include "base/check.hpp"
#include "os/vm.hpp"

namespace mps {

namespace {

constexpr std::size_t kDefaultArenaSize = std::size_t{1} << 28;

Res vm_commit(Addr base, std::size_t size) { return os::vm_commit(base, size); }
void vm_decommit(Addr base, std::size_t size) { os::vm_decommit(base, size); }

// Reserves `size` bytes and makes the static part of a chunk laid out by
// `layout` accessible.
Res reserve_chunk_memory(Addr* base_o, std::size_t size, std::size_t grain,
                         const ChunkLayout& layout) {
  Addr base;
  Res res = os::vm_reserve(&base, size, grain);
  if (res != MPS_RES_OK) return res;
  res = os::vm_commit(base, layout.static_bytes);
  if (res != MPS_RES_OK) {
    os::vm_release(base, size);
    return res;
  }
  *base_o = base;
  return MPS_RES_OK;
}

// The chunk is out of the index and the accounting; give its memory back.
void release_chunk(Chunk* chunk) {
  os::vm_release(chunk->base, addr_offset(chunk->base, chunk->limit));
}

Res vm_create(Arena** arena_o, ArgList args) {
  ArenaParams params;
  params.grain_size = os::page_size();
  std::size_t size = kDefaultArenaSize;
  args.take(MPS_KEY_ARENA_SIZE, &size);
  args.take(MPS_KEY_ARENA_GRAIN_SIZE, &params.grain_size);
  arena_take_common_args(&params, args);

  // SPARE wins over the deprecated SPARE_COMMIT_LIMIT (bytes, as a fraction
  // of the commit limit; 1.0 when at or above it, as the manual says).
  mps_arg_s arg;
  if (args.take(MPS_KEY_SPARE_COMMIT_LIMIT, &arg)) {
    params.spare = arg.val.size >= params.commit_limit
                       ? 1.0
                       : static_cast<double>(arg.val.size) / static_cast<double>(params.commit_limit);
  }
  args.take(MPS_KEY_SPARE, &params.spare);
  MPS_ASSERT_MSG(params.spare >= 0.0 && params.spare <= 1.0,
                 "arena: MPS_KEY_SPARE must be between 0.0 and 1.0");
  if (args.take(MPS_KEY_ARENA_EXTENDED, &arg)) {
    params.extended = reinterpret_cast<mps_arena_extended_t>(arg.val.fun);
  }
  if (args.take(MPS_KEY_ARENA_CONTRACTED, &arg)) {
    params.contracted = reinterpret_cast<mps_arena_contracted_t>(arg.val.fun);
  }
  // Accepted and ignored: top-down reservation is a Windows option.
  args.take(MPS_KEY_VMW3_TOP_DOWN, &arg);

  const std::size_t grain = arena_checked_grain_size(params.grain_size);
  params.grain_size = grain;
  const std::size_t minimum = std::size_t{MPS_WORD_WIDTH} * grain;
  if (size < minimum) size = minimum;
  if (align_up(size, grain) < size) return MPS_RES_RESOURCE;
  size = align_up(size, grain);

  ChunkLayout layout;
  while (!chunk_layout(&layout, size, grain, sizeof(Arena))) {
    if (size * 2 < size) return MPS_RES_RESOURCE;
    size *= 2;
  }
  if (layout.static_bytes > params.commit_limit) return MPS_RES_COMMIT_LIMIT;

  Addr base;
  Res res = reserve_chunk_memory(&base, size, grain, layout);
  if (res != MPS_RES_OK) return res;

  // The Arena lives at the start of its first chunk.
  Arena* arena = new (static_cast<void*>(base)) Arena{};
  arena_init(arena, &kVMArenaClass, params);
  Chunk* chunk = chunk_init(arena, base, size, grain, layout);
  res = chunk_index_insert(arena, chunk);
  MPS_ASSERT(res == MPS_RES_OK);  // the index is empty
  arena->primary = chunk;
  arena_chunk_added(arena, chunk);
  *arena_o = arena;
  return MPS_RES_OK;
}

Res vm_grow(Chunk** chunk_o, Arena* arena, std::size_t usable) {
  if (arena->current_index->count == kMaxChunks) return MPS_RES_RESOURCE;
  const std::size_t grain = arena->grain_size;
  const std::size_t needed = chunk_size_for(usable, grain);
  if (needed == 0) return MPS_RES_RESOURCE;
  // Prefer the client's growth setting, and never shrink: extensions are
  // costly for the collector, so they should come less often as the arena
  // grows.
  std::size_t preferred = needed;
  if (arena->growth_desired > preferred) preferred = arena->growth_desired;
  if (arena->last_chunk_size > preferred) preferred = arena->last_chunk_size;
  preferred = align_up(preferred, grain);
  std::size_t smallest = needed;
  if (arena->growth_minimum > smallest) smallest = align_up(arena->growth_minimum, grain);
  if (smallest > preferred) smallest = preferred;

  // Try the preferred size, then halve towards the smallest acceptable.
  for (std::size_t size = preferred;; size = align_up(size / 2, grain) < smallest
                                                 ? smallest
                                                 : align_up(size / 2, grain)) {
    ChunkLayout layout;
    const bool fits = chunk_layout(&layout, size, grain, 0) && layout.page_count * grain >= usable;
    if (fits) {
      // The commit limit must allow the static part now and the request
      // with its page-table pages next; refuse before reserving anything.
      const std::size_t in_use = arena->committed - arena->spare_committed;
      const std::size_t page_table_bound =
          align_up((usable / grain) * sizeof(PageDesc), os::page_size()) + os::page_size();
      const std::size_t total = layout.static_bytes + usable + page_table_bound;
      if (total > arena->commit_limit - in_use) return MPS_RES_COMMIT_LIMIT;
      const std::size_t headroom = arena->commit_limit - arena->committed;
      if (layout.static_bytes > headroom) arena_drop_spare(arena, layout.static_bytes - headroom);

      Addr base;
      Res res = reserve_chunk_memory(&base, size, grain, layout);
      if (res == MPS_RES_OK) {
        Chunk* chunk = chunk_init(arena, base, size, grain, layout);
        res = chunk_index_insert(arena, chunk);
        MPS_ASSERT(res == MPS_RES_OK);  // checked at entry
        arena_chunk_added(arena, chunk);
        *chunk_o = chunk;
        return MPS_RES_OK;
      }
      if (res != MPS_RES_RESOURCE) return res;
    }
    if (size == smallest) return MPS_RES_RESOURCE;
  }
}

void vm_destroy(Arena* arena) {
  // Every chunk but the one holding the Arena, then that one, reading
  // nothing from the Arena after its memory has gone.
  while (arena->current_index->count > 1) {
    const ChunkIndex* index = arena->current_index;
    Chunk* chunk = index->chunks[index->chunks[index->count - 1] == arena->primary
                                     ? index->count - 2
                                     : index->count - 1];
    arena_chunk_removing(arena, chunk);
    chunk_index_remove(arena, chunk);
    release_chunk(chunk);
  }
  Chunk* primary = arena->primary;
  arena_chunk_removing(arena, primary);
  release_chunk(primary);
}

}  // namespace

const ArenaClass kVMArenaClass = {
    .name = "VM",
    .is_vm = true,
    .create = vm_create,
    .destroy = vm_destroy,
    .grow = vm_grow,
    .commit = vm_commit,
    .decommit = vm_decommit,
};

}  // namespace mps
