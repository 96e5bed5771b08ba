// mvff_debug.cpp -- mps_class_mvff_debug: MVFF wrapped with the debugging
// mixin (pool/debug.hpp).  Blocks from mps_alloc get fenceposts; free space
// is splatted and checked before reuse, before going back to the arena, and
// on demand.  Allocation points get regions whose splat is checked at fill;
// objects in them have no fenceposts (the client writes them directly).
#include <cstdarg>

#include "base/check.hpp"
#include "pool/debug.hpp"
#include "pool/mvff.hpp"
#include "pool/mvff_pool.hpp"

namespace mps {

namespace {

struct MVFFDebug {
  MVFF mvff;  // must stay first (its Pool is at offset 0)
  DebugMixin debug;
};

static_assert(offsetof(MVFFDebug, mvff) == 0, "MVFF must be at offset 0 of MVFFDebug");

inline MVFFDebug* debug_pool_of(Pool* pool) { return reinterpret_cast<MVFFDebug*>(pool); }
inline DebugMixin* mixin_of(Pool* pool) { return &debug_pool_of(pool)->debug; }

void hook_fresh(Pool* pool, Addr base, Addr limit) { debug_splat(mixin_of(pool), base, limit); }
void hook_release(Pool* pool, Addr base, Addr limit) { debug_check_splat(mixin_of(pool), base, limit); }

constexpr MVFFHooks kDebugHooks = {hook_fresh, hook_release};

// An overflow entry's link words were written into splatted free memory.
void land_folded(void* closure, Addr base, std::size_t header_bytes) {
  debug_splat(static_cast<DebugMixin*>(closure), base, base + header_bytes);
}

Res debug_init(Pool* pool, ArgList args) noexcept {
  MVFFDebug* dp = debug_pool_of(pool);
  // MVFF first: it decides the alignment the fences must keep.
  Res res = mvff_init(pool, args);
  if (res != MPS_RES_OK) return res;
  res = debug_mixin_init(&dp->debug, pool->arena, pool->alignment, args);
  if (res != MPS_RES_OK) {
    mvff_finish(pool);
    return res;
  }
  dp->mvff.hooks = &kDebugHooks;
  dp->mvff.free.fold_hook = land_folded;
  dp->mvff.free.fold_closure = &dp->debug;
  return MPS_RES_OK;
}

void check_free_space(Pool* pool) noexcept {
  MVFFDebug* dp = debug_pool_of(pool);
  const DebugMixin* debug = &dp->debug;
  land_each(&dp->mvff.free, [&](Addr base, Addr limit, bool in_overflow) {
    // An overflow entry's first words hold its links, not the splat.
    if (in_overflow) base += land_overflow_header_bytes(addr_offset(base, limit));
    debug_check_splat(debug, base, limit);
    return true;
  });
}

void check_fenceposts(Pool* pool) noexcept { debug_check_all_fences(mixin_of(pool)); }

void debug_finish(Pool* pool) noexcept {
  MVFFDebug* dp = debug_pool_of(pool);
  debug_check_all_fences(&dp->debug);
  check_free_space(pool);  // everything goes back to the arena now
  debug_mixin_finish(&dp->debug);
  mvff_finish(pool);
}

Res debug_alloc(Addr* p_o, Pool* pool, std::size_t size) noexcept {
  DebugMixin* debug = mixin_of(pool);
  const std::size_t inner_size = debug_inner_size(debug, size);
  if (inner_size == 0) return MPS_RES_RESOURCE;
  Addr inner;
  Res res = mvff_alloc(&inner, pool, inner_size);
  if (res != MPS_RES_OK) return res;
  res = debug_block_allocated(p_o, debug, inner, size);
  if (res != MPS_RES_OK) {
    debug_splat(debug, inner, inner + inner_size);
    mvff_free(pool, inner, inner_size);
  }
  return res;
}

void debug_free(Pool* pool, Addr p, std::size_t size) noexcept {
  Addr inner;
  std::size_t inner_size;
  debug_block_freeing(&inner, &inner_size, mixin_of(pool), p, size);
  mvff_free(pool, inner, inner_size);
}

Res debug_buffer_fill(Addr* base_o, Addr* limit_o, Pool* pool, Buffer* buffer, std::size_t size) noexcept {
  Res res = mvff_buffer_fill(base_o, limit_o, pool, buffer, size);
  if (res == MPS_RES_OK) debug_check_splat(mixin_of(pool), *base_o, *limit_o);
  return res;
}

void debug_buffer_empty(Pool* pool, Buffer* buffer, Addr init, Addr limit) noexcept {
  debug_splat(mixin_of(pool), init, limit);
  mvff_buffer_empty(pool, buffer, init, limit);
}

void debug_varargs(mps_arg_s args[], va_list varargs) {
  args[0].key = MPS_KEY_POOL_DEBUG_OPTIONS;
  args[0].val.pool_debug_options = va_arg(varargs, mps_pool_debug_option_s*);
  (void)mvff_varargs_into(args + 1, varargs);
}

}  // namespace

extern const PoolClass kMVFFDebugPoolClass = {
    .name = "MVFFDebug",
    .instance_size = sizeof(MVFFDebug),
    .init = debug_init,
    .finish = debug_finish,
    .alloc = debug_alloc,
    .free = debug_free,
    .buffer_init = nullptr,
    .buffer_finish = nullptr,
    .buffer_fill = debug_buffer_fill,
    .buffer_empty = debug_buffer_empty,
    .total_size = mvff_total_size,
    .free_size = mvff_free_size,
    .check_fenceposts = check_fenceposts,
    .check_free_space = check_free_space,
    .varargs = debug_varargs,
};

}  // namespace mps
