// arena.cpp -- the arena's life cycle (create, destroy, check), its lock,
// registries and settings, and the process-wide ring of arenas.  Memory
// handling is in arena_alloc.cpp, lookups in page_table.cpp, the classes in
// vm_arena.cpp and client_arena.cpp.  See docs/design/arena.md.
#include <cmath>

#include "arena/arena_internal.hpp"
#include "base/check.hpp"
#include "os/vm.hpp"

namespace mps {

namespace {

// Every arena of the process.  The one piece of global mutable state of
// this layer; guarded by os::global_lock().  Constant-initialised, so it is
// usable before any constructor runs.
constinit Ring global_arenas{&global_arenas, &global_arenas};

}  // namespace

// --- Creation and destruction -------------------------------------------------

void arena_take_common_args(ArenaParams* params, ArgList& args) noexcept {
  args.take(MPS_KEY_COMMIT_LIMIT, &params->commit_limit);
  args.take(MPS_KEY_PAUSE_TIME, &params->pause_time);
  MPS_ASSERT_MSG(params->pause_time >= 0.0, "arena: MPS_KEY_PAUSE_TIME must not be negative");
  mps_arg_s arg;
  if (args.take(MPS_KEY_ARENA_ZONED, &arg)) params->zoned = arg.val.b != 0;
}

std::size_t arena_checked_grain_size(std::size_t grain) noexcept {
  MPS_ASSERT_MSG(is_pow2(grain), "arena: MPS_KEY_ARENA_GRAIN_SIZE must be a power of two");
  // Grains are the unit of commit and (later) of protection, so never
  // smaller than an OS page.
  return grain < os::page_size() ? os::page_size() : grain;
}

void arena_init(Arena* arena, const ArenaClass* klass, const ArenaParams& params) noexcept {
  arena->klass = klass;
  arena->lock.init();
  arena->global_link.init();
  arena->pool_ring.init();
  arena->format_ring.init();
  arena->chain_ring.init();
  arena->root_ring.init();
  arena->thread_ring.init();
  arena->grain_size = params.grain_size;
  arena->grain_shift = log2_exact(params.grain_size);
  arena->reserved = 0;
  arena->committed = 0;
  arena->spare_committed = 0;
  arena->commit_limit = params.commit_limit;
  arena->spare = params.spare;
  arena->pause_time = params.pause_time;
  arena->zoned = params.zoned;
  arena->growth_desired = 0;
  arena->growth_minimum = 0;
  arena->last_chunk_size = 0;
  arena->extended = params.extended;
  arena->contracted = params.contracted;
  arena->index_copies[0].count = 0;
  arena->index_copies[1].count = 0;
  arena->current_index = &arena->index_copies[0];
  arena->primary = nullptr;
  arena->control = ControlAllocator{};
  arena->sig = kArenaSig;
}

void arena_chunk_added(Arena* arena, Chunk* chunk) noexcept {
  const std::size_t size = addr_offset(chunk->base, chunk->limit);
  arena->reserved += size;
  arena->committed += chunk->static_bytes;
  arena->last_chunk_size = size;
  if (arena->extended != nullptr) {
    arena->extended(reinterpret_cast<mps_arena_t>(arena), chunk->base, size);
  }
}

void arena_chunk_removing(Arena* arena, Chunk* chunk) noexcept {
  const std::size_t size = addr_offset(chunk->base, chunk->limit);
  if (arena->contracted != nullptr) {
    arena->contracted(reinterpret_cast<mps_arena_t>(arena), chunk->base, size);
  }
  // Whatever is still committed in the chunk goes with it.
  const std::size_t page_table =
      chunk->page_table_committed.count_set(0, chunk->page_table_pages) * os::page_size();
  const std::size_t grains = chunk->committed.count_set(0, chunk->page_count) * arena->grain_size;
  // Allocated grains are committed, so the rest of the committed ones are spare.
  const std::size_t spare = grains - chunk->allocated.count_set(0, chunk->page_count) * arena->grain_size;
  arena->spare_committed -= spare;
  arena->committed -= chunk->static_bytes + page_table + grains;
  arena->reserved -= size;
}

Res arena_create(Arena** arena_o, const ArenaClass* klass, ArgList args) noexcept {
  MPS_ASSERT(arena_o != nullptr);
  MPS_ASSERT_MSG(klass == &kVMArenaClass || klass == &kClientArenaClass,
                 "arena_create: not an arena class");
  args.check();
  Arena* arena;
  Res res = klass->create(&arena, args);
  if (res != MPS_RES_OK) return res;
  MPS_ASSERT(arena_check(arena));
  {
    os::LockGuard guard(os::global_lock());
    global_arenas.append(&arena->global_link);
  }
  *arena_o = arena;
  return MPS_RES_OK;
}

void arena_destroy(Arena* arena) noexcept {
  MPS_ASSERT(arena_check(arena));
  MPS_ASSERT_MSG(arena->pool_ring.is_empty(), "arena_destroy: pools remain in the arena");
  MPS_ASSERT_MSG(arena->format_ring.is_empty(), "arena_destroy: formats remain in the arena");
  MPS_ASSERT_MSG(arena->chain_ring.is_empty(), "arena_destroy: chains remain in the arena");
  MPS_ASSERT_MSG(arena->root_ring.is_empty(), "arena_destroy: roots remain in the arena");
  MPS_ASSERT_MSG(arena->thread_ring.is_empty(), "arena_destroy: threads remain registered");
  {
    os::LockGuard guard(os::global_lock());
    arena->global_link.remove();
  }
  arena->sig = kSigInvalid;
  arena->lock.finish();
  arena->klass->destroy(arena);  // the Arena's memory goes with its chunk
}

// Reads only what never changes after creation: the interface checks
// handles before taking the arena lock, while another thread may be
// changing the accounting (arena_accounting_check, under the lock).
bool arena_check(const Arena* arena) noexcept {
  if (arena == nullptr || arena->sig != kArenaSig) return false;
  if (arena->klass != &kVMArenaClass && arena->klass != &kClientArenaClass) return false;
  return is_pow2(arena->grain_size);
}

bool arena_accounting_check(const Arena* arena) noexcept {
  return arena->current_index->count != 0 && arena->spare_committed <= arena->committed &&
         arena->committed <= arena->commit_limit;
}

os::Lock& arena_lock(Arena* arena) noexcept { return arena->lock; }

bool arena_is_vm(const Arena* arena) noexcept { return arena->klass->is_vm; }

std::size_t arena_grain_size(const Arena* arena) noexcept { return arena->grain_size; }

Res arena_vm_growth(Arena* arena, std::size_t desired, std::size_t minimum) noexcept {
  MPS_ASSERT(arena_check(arena));
  MPS_ASSERT_MSG(desired >= minimum, "arena_vm_growth: desired must be at least minimum");
  arena->growth_desired = desired;
  arena->growth_minimum = minimum;
  return MPS_RES_OK;
}

// --- Accounting and tuning (the setters that move memory are in arena_alloc.cpp)

std::size_t arena_reserved(const Arena* arena) noexcept { return arena->reserved; }
std::size_t arena_committed(const Arena* arena) noexcept { return arena->committed; }
std::size_t arena_spare_committed(const Arena* arena) noexcept { return arena->spare_committed; }
std::size_t arena_commit_limit(const Arena* arena) noexcept { return arena->commit_limit; }
double arena_spare(const Arena* arena) noexcept { return arena->spare; }
double arena_pause_time(const Arena* arena) noexcept { return arena->pause_time; }

void arena_set_pause_time(Arena* arena, double seconds) noexcept {
  MPS_ASSERT_MSG(seconds >= 0.0, "arena_set_pause_time: pause time must not be negative");
  arena->pause_time = seconds;
}

// --- Registries ------------------------------------------------------------------

Ring* arena_pool_ring(Arena* arena) noexcept { return &arena->pool_ring; }
Ring* arena_format_ring(Arena* arena) noexcept { return &arena->format_ring; }
Ring* arena_chain_ring(Arena* arena) noexcept { return &arena->chain_ring; }
Ring* arena_root_ring(Arena* arena) noexcept { return &arena->root_ring; }
Ring* arena_thread_ring(Arena* arena) noexcept { return &arena->thread_ring; }

Ring* global_arena_ring() noexcept { return &global_arenas; }

Arena* arena_of_global_link(Ring* link) noexcept {
  return ring_owner<Arena, &Arena::global_link>(link);
}

ArenaUpperState* arena_upper_state(Arena* arena) noexcept { return &arena->upper; }

}  // namespace mps
