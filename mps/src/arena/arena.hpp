// arena.hpp -- the arena: address space, the page table, commit accounting,
// and the registry of everything created in it.
//
// This header is the contract the layers above rely on.  Pools get memory
// from the arena in whole grains (arena_alloc / arena_free); the arena keeps
// a page table mapping any address it manages to the pool that owns the
// grain; descriptors (pools, formats, allocation points, caches...) come from
// the arena's control allocator so that they count against the commit limit
// and live in the arena's own memory.
//
// Locking: every function here expects the caller to hold the arena lock
// (the api layer takes it), except those marked "no lock".
#pragma once

#include <cstddef>

#include "arena/zone.hpp"
#include "base/args.hpp"
#include "base/ring.hpp"
#include "base/word.hpp"
#include "os/lock.hpp"

namespace mps {

struct Arena;
struct ArenaClass;
struct Pool;

inline constexpr Sig kArenaSig = 0x519A7E4A;

// The class objects behind mps_arena_class_vm() and mps_arena_class_cl().
extern const ArenaClass kVMArenaClass;
extern const ArenaClass kClientArenaClass;

// --- Creation ---------------------------------------------------------------

// Creates an arena of `klass`, decoding the class's keyword arguments from
// `args` (see mps-interface.md 2.1).  On failure nothing is left allocated.
Res arena_create(Arena** arena_o, const ArenaClass* klass, ArgList args) noexcept;
// Frees everything.  The caller has checked that nothing is left in it.
void arena_destroy(Arena* arena) noexcept;
bool arena_check(const Arena* arena) noexcept;  // signature and invariants
// The accounting invariants; caller holds the arena lock.
bool arena_accounting_check(const Arena* arena) noexcept;
os::Lock& arena_lock(Arena* arena) noexcept;
bool arena_is_vm(const Arena* arena) noexcept;

// Client arenas: adds another block of client memory as a chunk.
Res arena_extend(Arena* arena, Addr base, std::size_t size) noexcept;
// VM arenas: preferred and minimum size of future reservations.
Res arena_vm_growth(Arena* arena, std::size_t desired, std::size_t minimum) noexcept;

// --- Memory for pools ---------------------------------------------------------

enum class Placement {
  low,   // prefer low addresses (the default)
  high,  // prefer high addresses (MVFF's ARENA_HIGH)
};

// Allocates `size` bytes (a positive multiple of the grain size) of committed
// memory, contiguous, owned by `pool`.  Reserves a new chunk (VM arenas) when
// no chunk has room.  Errors: MPS_RES_COMMIT_LIMIT when committing would
// exceed the commit limit even after dropping spare memory;
// MPS_RES_RESOURCE when address space is exhausted; MPS_RES_MEMORY when the
// OS refuses to commit.  On error nothing changes.
Res arena_alloc(Addr* base_o, Arena* arena, std::size_t size, Pool* pool,
                Placement placement = Placement::low) noexcept;
// As arena_alloc (low placement), but with zone preferences
// (architecture.md, Decisions: Zones): tries each of the `count` zone sets
// of `prefer` in turn, taking the lowest free run that lies wholly in zones
// of that set, before taking any run.  A new chunk, if one must be
// reserved, is searched the same way.  An arena made with
// MPS_KEY_ARENA_ZONED false ignores the preferences.
Res arena_alloc_zoned(Addr* base_o, Arena* arena, std::size_t size, Pool* pool, const ZoneSet* prefer,
                      std::size_t count) noexcept;
// Returns memory got from arena_alloc (any whole-grain sub-range of it).  The
// memory stays committed as spare while the spare fraction allows.
void arena_free(Arena* arena, Addr base, std::size_t size) noexcept;

std::size_t arena_grain_size(const Arena* arena) noexcept;

// --- The page table ----------------------------------------------------------

// The pool owning the grain holding `addr`, or null if `addr` is not in an
// allocated grain of this arena.  Constant time after finding the chunk.
Pool* arena_addr_pool(const Arena* arena, const void* addr) noexcept;
// True if `addr` is in this arena's address space (allocated or not).  No lock.
bool arena_has_addr(const Arena* arena, const void* addr) noexcept;
// A per-grain word the owning pool may use (e.g. a segment descriptor); null
// if `addr` is not in an allocated grain.
void** arena_page_slot(const Arena* arena, const void* addr) noexcept;
// Both of the above in one page-table lookup (the collector's fix calls it
// for every reference): the owning pool and its slot's value, or false if
// `addr` is not in an allocated grain owned by a pool.
bool arena_page_owner(const Arena* arena, const void* addr, Pool** pool_o, void** slot_value_o) noexcept;

// --- Control memory for descriptors -------------------------------------------

// Allocates `size` bytes (any size) of zeroed memory for a descriptor,
// aligned to at least 16 bytes.  Same errors as arena_alloc.
Res arena_control_alloc(void** p_o, Arena* arena, std::size_t size) noexcept;
void arena_control_free(Arena* arena, void* p, std::size_t size) noexcept;

// --- Accounting (mps-interface.md 2.2) ----------------------------------------

std::size_t arena_reserved(const Arena* arena) noexcept;
std::size_t arena_committed(const Arena* arena) noexcept;  // includes spare and control memory
std::size_t arena_spare_committed(const Arena* arena) noexcept;
std::size_t arena_commit_limit(const Arena* arena) noexcept;
// OK if limit >= committed, or if dropping spare memory gets under it (then
// it is dropped); otherwise MPS_RES_FAIL and nothing changes.
Res arena_set_commit_limit(Arena* arena, std::size_t limit) noexcept;
double arena_spare(const Arena* arena) noexcept;
void arena_set_spare(Arena* arena, double spare) noexcept;  // drops excess spare at once
double arena_pause_time(const Arena* arena) noexcept;
void arena_set_pause_time(Arena* arena, double seconds) noexcept;

// --- Registries ------------------------------------------------------------------

// Rings of the descriptors created in the arena, for lifecycle checks and
// walking.  Each descriptor embeds a Ring linked here.
Ring* arena_pool_ring(Arena* arena) noexcept;
Ring* arena_format_ring(Arena* arena) noexcept;
Ring* arena_chain_ring(Arena* arena) noexcept;
Ring* arena_root_ring(Arena* arena) noexcept;
Ring* arena_thread_ring(Arena* arena) noexcept;

// --- State of the layers above ---------------------------------------------------

// Per-arena state owned by layers above the arena (the collector, messages,
// finalization, location dependency, the default chain).  The arena only
// keeps the pointers, zeroed at creation; each owner creates its state in
// control memory when first needed and frees it in its finish function,
// which the api layer calls before arena_destroy.
struct ArenaUpperState {
  void* collector;     // trace/: traces, state (clamped/parked), policy
  void* messages;      // trace/message: the queue and enabled types
  void* finalization;  // trace/finalize: registrations
  void* ld;            // trace/ld: epoch and movement history (lock-free reads)
  void* chains;        // arena/chain: the default chain
  void* roots;         // root/: anything the root layer keeps per arena
};
ArenaUpperState* arena_upper_state(Arena* arena) noexcept;

// Every arena of the process (guarded by os::global_lock()), for finding the
// arena holding an address.
Ring* global_arena_ring() noexcept;
Arena* arena_of_global_link(Ring* link) noexcept;

}  // namespace mps
