// pool.hpp -- the pool base: the protocol every pool class implements.
//
// A pool class is a table of functions (PoolClass) over a common descriptor
// (Pool).  Each class's descriptor embeds a Pool at offset 0 and is
// allocated from the arena's control memory, `instance_size` bytes, zeroed.
// Methods a class does not support are null; the generic functions below
// check for that and report misuse through the assertion handler.  New
// classes are added without touching anything here.
#pragma once

#include <cstdarg>
#include <cstddef>

#include "alloc/buffer.hpp"
#include "arena/arena.hpp"
#include "base/args.hpp"
#include "base/ring.hpp"
#include "base/word.hpp"

namespace mps {

struct Pool;

inline constexpr Sig kPoolSig = 0x519B0011;

struct PoolClass {
  const char* name;          // e.g. "MVFF", used in messages
  std::size_t instance_size; // bytes of the class's descriptor

  // Sets up a zeroed descriptor whose Pool part (arena, class, alignment =
  // MPS_PF_ALIGN) is filled in; decodes the class's keyword arguments.  On
  // error it must leave nothing allocated.
  Res (*init)(Pool* pool, ArgList args);
  // Returns all the pool's memory to the arena (the debug classes check
  // fenceposts first).
  void (*finish)(Pool* pool);

  // mps_alloc / mps_free; null if the class does not support them.
  Res (*alloc)(Addr* p_o, Pool* pool, std::size_t size);
  void (*free)(Pool* pool, Addr p, std::size_t size);

  // Allocation points; null if the class has none.  buffer_fill hands the
  // buffer a region [*base_o, *limit_o) of at least `size` bytes;
  // buffer_empty takes back the unused tail [init, limit) of the old region.
  Res (*buffer_init)(Pool* pool, Buffer* buffer, ArgList args);
  void (*buffer_finish)(Pool* pool, Buffer* buffer);
  Res (*buffer_fill)(Addr* base_o, Addr* limit_o, Pool* pool, Buffer* buffer, std::size_t size);
  void (*buffer_empty)(Pool* pool, Buffer* buffer, Addr init, Addr limit);

  std::size_t (*total_size)(const Pool* pool);
  std::size_t (*free_size)(const Pool* pool);

  // Debugging pools; null means "nothing to check".
  void (*check_fenceposts)(Pool* pool);
  void (*check_free_space)(Pool* pool);

  // Converts the deprecated varargs form of mps_pool_create into keywords
  // (mps-interface.md 19).  Writes at most MPS_ARGS_MAX entries, terminated.
  void (*varargs)(mps_arg_s args[], va_list varargs);
};

struct Pool {
  Sig sig;
  const PoolClass* klass;
  Arena* arena;
  Ring arena_link;        // on the arena's ring of pools
  Ring buffers;           // this pool's allocation points
  std::size_t alignment;  // of blocks handed out
  std::size_t sac_count;  // live segregated allocation caches on this pool
  void* format;           // the object format, or null for manual pools
};

bool pool_check(const Pool* pool) noexcept;

// Creates a pool of `klass` in `arena` (control memory + klass->init).
Res pool_create(Pool** pool_o, Arena* arena, const PoolClass* klass, ArgList args) noexcept;
// Destroys a pool with no allocation points or caches left (asserted).
void pool_destroy(Pool* pool) noexcept;

Res pool_alloc(Addr* p_o, Pool* pool, std::size_t size) noexcept;
void pool_free(Pool* pool, Addr p, std::size_t size) noexcept;
std::size_t pool_total_size(const Pool* pool) noexcept;
std::size_t pool_free_size(const Pool* pool) noexcept;

// Allocation points on any pool class that has them.
Res pool_buffer_create(Buffer** buffer_o, Pool* pool, ArgList args) noexcept;
void pool_buffer_destroy(Buffer* buffer) noexcept;
// The out-of-line half of mps_reserve: empties the old region, gets a new
// one of at least `size` bytes, and reserves the first `size` bytes of it.
Res pool_buffer_fill(Addr* p_o, Buffer* buffer, std::size_t size) noexcept;
// The out-of-line half of mps_commit, reached when ap.limit is 0.  Returns
// false if the reserved block was invalidated by a flip (never, for pools
// without references).
bool pool_buffer_trip(Buffer* buffer, Addr p, std::size_t size) noexcept;

// Helpers shared by pool classes.
inline Pool* pool_of_link(Ring* link) { return ring_owner<Pool, &Pool::arena_link>(link); }

}  // namespace mps
