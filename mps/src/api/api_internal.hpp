// api_internal.hpp -- what every file of the C interface layer shares.
//
// The api layer is the only extern "C" code in the library
// (architecture.md, layer 10).  Each exported function:
//   1. checks its handles and arguments, reporting misuse through the
//      assertion handler with words that name the function;
//   2. takes the arena lock (os::LockGuard on arena_lock) unless the
//      reference says the function takes none;
//   3. translates to the layer below and writes out-parameters only on
//      MPS_RES_OK.
// Handles are the internal descriptors themselves: mps_arena_t is an Arena*,
// mps_pool_t a Pool*, mps_ap_t a Buffer* (mps_ap_s at offset 0), mps_sac_t a
// Sac* (_mps_sac_s at offset 0), mps_arena_class_t an ArenaClass*,
// mps_pool_class_t a PoolClass*.
//
// The extern "C" definitions do not repeat `noexcept`: the C headers declare
// them without it (C has no exceptions, and clang rejects a mismatch), and
// the library is compiled with -fno-exceptions, so nothing can escape.
// See docs/design/api.md.
#pragma once

#include "alloc/buffer.hpp"
#include "alloc/sac.hpp"
#include "arena/arena.hpp"
#include "base/check.hpp"
#include "os/lock.hpp"
#include "pool/pool.hpp"

// The library's objects are built with hidden visibility; this marks what
// a client may link against.
#define MPS_EXPORT __attribute__((visibility("default")))

namespace mps::api {

// --- Handle conversions -------------------------------------------------------

inline Arena* arena_of(mps_arena_t handle) { return reinterpret_cast<Arena*>(handle); }
inline mps_arena_t handle_of(Arena* arena) { return reinterpret_cast<mps_arena_t>(arena); }
inline Pool* pool_of(mps_pool_t handle) { return reinterpret_cast<Pool*>(handle); }
inline mps_pool_t handle_of(Pool* pool) { return reinterpret_cast<mps_pool_t>(pool); }

// True if `arena` is a live arena; safe on null.
inline bool arena_valid(const Arena* arena) { return arena != nullptr && arena_check(arena); }
inline bool pool_valid(const Pool* pool) { return pool != nullptr && pool_check(pool); }
inline bool buffer_valid(const Buffer* buffer) { return buffer != nullptr && buffer_check(buffer); }
inline bool sac_valid(const Sac* sac) { return sac != nullptr && sac_check(sac); }

// Pool classes: is `klass` one the library knows (built or not)?  Is it one
// whose implementation arrives with a later issue (creation gives
// MPS_RES_UNIMPL)?  Defined in api_pool_classes.cpp.
bool pool_class_known(const PoolClass* klass) noexcept;
bool pool_class_unbuilt(const PoolClass* klass) noexcept;
// Classes whose allocation points read a rank (deprecated mps_ap_create).
bool pool_class_ap_takes_rank(const PoolClass* klass) noexcept;
// Classes a segregated allocation cache may sit on (MFS, MVFF).
bool pool_class_supports_sac(const PoolClass* klass) noexcept;

// The body of mps_pool_create_k and mps_pool_create_v, after their checks:
// creates the pool under the arena lock; MPS_RES_UNIMPL for classes of later
// issues.  Defined in api_pool.cpp.
mps_res_t create_pool(mps_pool_t* pool_o, mps_arena_t arena, mps_pool_class_t pool_class,
                      mps_arg_s args[]) noexcept;

// Reports a function that belongs to a later issue.  Unlike MPS_ASSERT it is
// present in every variety (rash included), so a call can never be taken for
// success.  `words` names the function and the issue.
[[gnu::cold]] void report_unimplemented(const char* file, unsigned line, const char* words) noexcept;

}  // namespace mps::api

// An argument check of the interface: MPS_ASSERT_MSG, except that in the
// rash variety the condition is still named (never evaluated), so that
// arguments used only by checks do not draw "unused" warnings.
#if defined(MPS_VARIETY_RASH)
#define API_ASSERT(cond, words) ((void)sizeof(!(cond)))
#else
#define API_ASSERT(cond, words) MPS_ASSERT_MSG(cond, words)
#endif

// Handle checks, with the function's name in the words.
#define API_CHECK_ARENA(fn, arena) \
  API_ASSERT(::mps::api::arena_valid(arena), fn ": arena is not a valid arena (null, destroyed, or not an arena)")
#define API_CHECK_POOL(fn, pool) \
  API_ASSERT(::mps::api::pool_valid(pool), fn ": pool is not a valid pool (null, destroyed, or not a pool)")
#define API_CHECK_AP(fn, buffer) \
  API_ASSERT(::mps::api::buffer_valid(buffer), \
                 fn ": ap is not a valid allocation point (null, destroyed, or not an allocation point)")
#define API_CHECK_SAC(fn, sac) \
  API_ASSERT(::mps::api::sac_valid(sac), fn ": sac is not a valid allocation cache (null, destroyed, or not a cache)")
#define API_CHECK_NOT_NULL(fn, ptr) API_ASSERT((ptr) != nullptr, fn ": " #ptr " is NULL")

// For functions of later issues (see api_unimplemented_*.cpp).
#define API_UNIMPLEMENTED(words) ::mps::api::report_unimplemented(__FILE__, __LINE__, words)
