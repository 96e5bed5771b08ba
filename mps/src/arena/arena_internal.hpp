// arena_internal.hpp -- the Arena descriptor and what the files of the arena
// layer share: the arena class protocol, the chunk index, and the grain
// allocator used by both arena_alloc and the control allocator.
//
// Only mps/src/arena/ includes this; other layers use arena.hpp.
// See docs/design/arena.md.
#pragma once

#include <cstddef>

#include "arena/arena.hpp"
#include "arena/chunk.hpp"
#include "arena/control_alloc.hpp"
#include "base/args.hpp"
#include "base/ring.hpp"
#include "os/lock.hpp"

namespace mps {

// Most chunks an arena may have.  VM arenas grow by at least the previous
// chunk's size, so this is plenty; beyond it extension fails with
// MPS_RES_RESOURCE.
inline constexpr std::size_t kMaxChunks = 256;

// The class protocol: one table per kind of arena.
struct ArenaClass {
  const char* name;
  bool is_vm;
  // Decodes the class's keyword arguments, gets the first chunk, and builds
  // the Arena inside it (by arena_init).  Nothing is left on failure.
  Res (*create)(Arena** arena_o, ArgList args);
  // Returns every chunk (the Arena lives in one of them, so this is last).
  void (*destroy)(Arena* arena);
  // Adds a chunk with at least `usable` bytes of grains; the new chunk is
  // in the chunk index on success.  Client arenas: MPS_RES_RESOURCE.
  Res (*grow)(Chunk** chunk_o, Arena* arena, std::size_t usable);
  // Makes [base, base + size) (OS-page aligned) accessible, or gives it
  // back.  No-ops in client arenas, whose memory is always accessible.
  Res (*commit)(Addr base, std::size_t size);
  void (*decommit)(Addr base, std::size_t size);
};

// The sorted chunk index.  Lock-free readers (arena_has_addr) load the
// `current` pointer and search that copy; a writer fills the other copy and
// then publishes it, so a reader never sees a half-shifted array.
struct ChunkIndex {
  std::size_t count;
  Chunk* chunks[kMaxChunks];  // sorted by base; chunks never overlap
};

// The settings decoded from keyword arguments, shared by both classes.
struct ArenaParams {
  std::size_t grain_size;
  std::size_t commit_limit = ~std::size_t{0};
  double spare = 0.75;
  double pause_time = 0.1;
  mps_arena_extended_t extended = nullptr;
  mps_arena_contracted_t contracted = nullptr;
  bool zoned = true;  // MPS_KEY_ARENA_ZONED: place generations by zone
};

struct Arena {
  Sig sig;
  const ArenaClass* klass;
  os::Lock lock;
  Ring global_link;  // on global_arena_ring()

  // Registries of descriptors created in the arena.
  Ring pool_ring;
  Ring format_ring;
  Ring chain_ring;
  Ring root_ring;
  Ring thread_ring;

  std::size_t grain_size;
  unsigned grain_shift;

  // Accounting.  Invariants: spare_committed <= committed <= commit_limit;
  // committed = sum over chunks of static_bytes + committed page-table pages
  // + committed grains; spare_committed = committed grains not allocated.
  std::size_t reserved;
  std::size_t committed;
  std::size_t spare_committed;
  std::size_t commit_limit;
  double spare;  // maximum fraction of committed that may be spare
  double pause_time;
  bool zoned;  // arena_alloc honours zone preferences (chain.hpp)

  // VM growth (arena_vm_growth): preferred and minimum new chunk sizes.
  std::size_t growth_desired;
  std::size_t growth_minimum;
  std::size_t last_chunk_size;

  mps_arena_extended_t extended;
  mps_arena_contracted_t contracted;

  ChunkIndex* current_index;  // one of index_copies; see ChunkIndex
  ChunkIndex index_copies[2];
  Chunk* primary;  // the chunk holding this Arena

  ControlAllocator control;

  ArenaUpperState upper;  // see arena.hpp
};

// --- Set-up shared by the classes (arena.cpp) -----------------------------------

// Initialises every field of a zeroed Arena except the chunks.
void arena_init(Arena* arena, const ArenaClass* klass, const ArenaParams& params) noexcept;
// Decodes the keys both classes take: COMMIT_LIMIT, PAUSE_TIME.
void arena_take_common_args(ArenaParams* params, ArgList& args) noexcept;
// Asserts the grain size is a power of two and rounds it up to the OS page.
std::size_t arena_checked_grain_size(std::size_t grain) noexcept;
// Makes the chunk's bytes count as reserved and committed (its static
// part) and calls the EXTENDED callback.
void arena_chunk_added(Arena* arena, Chunk* chunk) noexcept;
// Undoes arena_chunk_added: CONTRACTED callback, and takes everything
// the chunk holds out of the accounting.
void arena_chunk_removing(Arena* arena, Chunk* chunk) noexcept;

// --- The chunk index (page_table.cpp) --------------------------------------------

// MPS_RES_RESOURCE if the index is full.
Res chunk_index_insert(Arena* arena, Chunk* chunk) noexcept;
void chunk_index_remove(Arena* arena, Chunk* chunk) noexcept;
// True if [base, limit) overlaps any chunk of the arena.
bool chunk_index_overlaps(const Arena* arena, Addr base, Addr limit) noexcept;

// The chunk containing `addr`, or null.  No lock needed.
inline Chunk* arena_chunk_of(const Arena* arena, const void* addr) {
  const ChunkIndex* index = __atomic_load_n(&arena->current_index, __ATOMIC_ACQUIRE);
  const Addr a = addr_of(addr);
  std::size_t lo = 0;
  std::size_t hi = index->count;
  // Find the last chunk whose base is <= addr.
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (index->chunks[mid]->base <= a) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return nullptr;
  Chunk* chunk = index->chunks[lo - 1];
  return a < chunk->limit ? chunk : nullptr;
}

// --- Grains (arena_alloc.cpp) -------------------------------------------------------

// arena_alloc without the checks on `owner`: a null owner marks the
// control allocator's grains.
Res arena_alloc_grains(Addr* base_o, Arena* arena, std::size_t size, Pool* owner,
                       Placement placement) noexcept;
// Frees grains; `control` says whether they must be control grains (owner
// null) or pool grains.
void arena_free_grains(Arena* arena, Addr base, std::size_t size, bool control) noexcept;
// The fraction of committed memory that may be spare in this arena: the
// setting for VM arenas, 0 for client arenas (which keep no spare).
double arena_effective_spare(const Arena* arena) noexcept;
// Decommits spare memory until the spare fraction holds.
void arena_trim_spare(Arena* arena) noexcept;
// Decommits at least `bytes` of spare memory if there is that much;
// returns what it decommitted.
std::size_t arena_drop_spare(Arena* arena, std::size_t bytes) noexcept;

}  // namespace mps
