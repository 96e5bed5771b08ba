// client_arena.cpp -- the client arena class (mps_arena_class_cl): the arena
// manages blocks of memory the client hands it (MPS_KEY_ARENA_CL_BASE and
// MPS_KEY_ARENA_SIZE at creation, arena_extend later).  The memory is always
// accessible, so "committed" means "marked in use" (allocated grains and the
// arena's own structures), nothing is ever returned, and there is no spare
// memory.  Keys: mps-interface.md 2.1 and 1.6.
#include <cstring>
#include <new>

#include "arena/arena_internal.hpp"
#include "base/check.hpp"
#include "mpsacl.h"

namespace mps {

namespace {

constexpr std::size_t kDefaultClientGrain = 8192;

Res no_commit(Addr, std::size_t) { return MPS_RES_OK; }
void no_decommit(Addr, std::size_t) {}

// The grain-aligned part of the client's block [base, base + size).
bool usable_block(Addr* base_o, std::size_t* size_o, Addr base, std::size_t size,
                  std::size_t grain) {
  const Word lo = align_up(word_of(base), grain);
  const Word end = word_of(base) + size;
  if (end < word_of(base) || lo < word_of(base)) return false;  // wraps around
  const Word hi = align_down(end, grain);
  if (hi <= lo) return false;
  *base_o = addr_from_word(lo);
  *size_o = hi - lo;
  return true;
}

Res cl_create(Arena** arena_o, ArgList args) {
  ArenaParams params;
  params.grain_size = kDefaultClientGrain;
  mps_arg_s arg;
  args.take_required(MPS_KEY_ARENA_CL_BASE, &arg);
  const Addr block = addr_of(arg.val.addr);
  args.take_required(MPS_KEY_ARENA_SIZE, &arg);
  const std::size_t block_size = arg.val.size;
  args.take(MPS_KEY_ARENA_GRAIN_SIZE, &params.grain_size);
  arena_take_common_args(&params, args);
  MPS_ASSERT_MSG(block != nullptr, "arena: MPS_KEY_ARENA_CL_BASE is NULL");

  const std::size_t grain = arena_checked_grain_size(params.grain_size);
  params.grain_size = grain;

  Addr base;
  std::size_t size;
  ChunkLayout layout;
  if (!usable_block(&base, &size, block, block_size, grain) ||
      !chunk_layout(&layout, size, grain, sizeof(Arena))) {
    return MPS_RES_MEMORY;  // too small for the arena's own structures
  }
  if (layout.static_bytes > params.commit_limit) return MPS_RES_COMMIT_LIMIT;

  std::memset(base, 0, layout.static_bytes);
  Arena* arena = new (static_cast<void*>(base)) Arena{};
  arena_init(arena, &kClientArenaClass, params);
  Chunk* chunk = chunk_init(arena, base, size, grain, layout);
  Res res = chunk_index_insert(arena, chunk);
  MPS_ASSERT(res == MPS_RES_OK);  // the index is empty
  arena->primary = chunk;
  arena_chunk_added(arena, chunk);
  *arena_o = arena;
  return MPS_RES_OK;
}

Res cl_grow(Chunk**, Arena*, std::size_t) {
  return MPS_RES_RESOURCE;  // only the client can add memory (arena_extend)
}

void cl_destroy(Arena* arena) {
  // Nothing to give back: the memory is the client's.  Take the chunks out
  // of the accounting (and run any callbacks) for symmetry with VM arenas.
  while (arena->current_index->count > 1) {
    const ChunkIndex* index = arena->current_index;
    Chunk* chunk = index->chunks[index->chunks[index->count - 1] == arena->primary
                                     ? index->count - 2
                                     : index->count - 1];
    arena_chunk_removing(arena, chunk);
    chunk_index_remove(arena, chunk);
    chunk->sig = kSigInvalid;
  }
  arena_chunk_removing(arena, arena->primary);
  arena->primary->sig = kSigInvalid;
}

}  // namespace

const ArenaClass kClientArenaClass = {
    .name = "CL",
    .is_vm = false,
    .create = cl_create,
    .destroy = cl_destroy,
    .grow = cl_grow,
    .commit = no_commit,
    .decommit = no_decommit,
};

Res arena_extend(Arena* arena, Addr block, std::size_t block_size) noexcept {
  MPS_ASSERT(arena_check(arena));
  MPS_ASSERT_MSG(block != nullptr, "arena_extend: base is NULL");
  if (arena->klass != &kClientArenaClass) return MPS_RES_UNIMPL;  // VM arenas grow by themselves
  if (arena->current_index->count == kMaxChunks) return MPS_RES_RESOURCE;
  Addr base;
  std::size_t size;
  ChunkLayout layout;
  if (!usable_block(&base, &size, block, block_size, arena->grain_size) ||
      !chunk_layout(&layout, size, arena->grain_size, 0)) {
    return MPS_RES_MEMORY;
  }
  MPS_ASSERT_MSG(!chunk_index_overlaps(arena, base, base + size),
                 "arena_extend: the block overlaps memory the arena already manages");
  if (layout.static_bytes > arena->commit_limit - arena->committed) return MPS_RES_COMMIT_LIMIT;
  std::memset(base, 0, layout.static_bytes);
  Chunk* chunk = chunk_init(arena, base, size, arena->grain_size, layout);
  Res res = chunk_index_insert(arena, chunk);
  MPS_ASSERT(res == MPS_RES_OK);
  arena_chunk_added(arena, chunk);
  return MPS_RES_OK;
}

}  // namespace mps
