// pool.cpp -- the generic half of pools and allocation points; see pool.hpp.
#include "pool/pool.hpp"

#include <cstring>

namespace mps {

bool pool_check(const Pool* pool) noexcept {
  return pool != nullptr && pool->sig == kPoolSig && pool->klass != nullptr &&
         pool->arena != nullptr && is_pow2(pool->alignment);
}

Res pool_create(Pool** pool_o, Arena* arena, const PoolClass* klass, ArgList args) noexcept {
  MPS_ASSERT(klass != nullptr && klass->instance_size >= sizeof(Pool));
  void* mem;
  Res res = arena_control_alloc(&mem, arena, klass->instance_size);
  if (res != MPS_RES_OK) return res;
  auto* pool = static_cast<Pool*>(mem);  // zeroed by the control allocator
  pool->klass = klass;
  pool->arena = arena;
  pool->alignment = MPS_PF_ALIGN;
  pool->arena_link.init();
  pool->buffers.init();
  res = klass->init(pool, args);
  if (res != MPS_RES_OK) {
    arena_control_free(arena, mem, klass->instance_size);
    return res;
  }
  pool->sig = kPoolSig;
  arena_pool_ring(arena)->append(&pool->arena_link);
  *pool_o = pool;
  return MPS_RES_OK;
}

void pool_destroy(Pool* pool) noexcept {
  MPS_ASSERT_MSG(pool->buffers.is_empty(),
                 "mps_pool_destroy: the pool still has allocation points (destroy them first)");
  MPS_ASSERT_MSG(pool->sac_count == 0,
                 "mps_pool_destroy: the pool still has segregated allocation caches (destroy them first)");
  Arena* arena = pool->arena;
  const PoolClass* klass = pool->klass;
  pool->arena_link.remove();
  klass->finish(pool);
  pool->sig = kSigInvalid;
  arena_control_free(arena, pool, klass->instance_size);
}

Res pool_alloc(Addr* p_o, Pool* pool, std::size_t size) noexcept {
  MPS_ASSERT_MSG(pool->klass->alloc != nullptr, "mps_alloc: this pool class does not support mps_alloc");
  MPS_ASSERT_MSG(size > 0, "mps_alloc: size is zero");
  return pool->klass->alloc(p_o, pool, size);
}

void pool_free(Pool* pool, Addr p, std::size_t size) noexcept {
  MPS_ASSERT_MSG(pool->klass->free != nullptr, "mps_free: this pool class does not support mps_free");
  MPS_ASSERT_MSG(size > 0, "mps_free: size is zero");
  pool->klass->free(pool, p, size);
}

std::size_t pool_total_size(const Pool* pool) noexcept {
  return pool->klass->total_size != nullptr ? pool->klass->total_size(pool) : 0;
}

std::size_t pool_free_size(const Pool* pool) noexcept {
  return pool->klass->free_size != nullptr ? pool->klass->free_size(pool) : 0;
}

// --- Allocation points ---------------------------------------------------------

Res pool_buffer_create(Buffer** buffer_o, Pool* pool, ArgList args) noexcept {
  MPS_ASSERT_MSG(pool->klass->buffer_fill != nullptr,
                 "mps_ap_create: this pool class does not support allocation points");
  void* mem;
  Res res = arena_control_alloc(&mem, pool->arena, sizeof(Buffer));
  if (res != MPS_RES_OK) return res;
  auto* buffer = static_cast<Buffer*>(mem);  // zeroed: no region, ap words null
  buffer->pool = pool;
  buffer->pool_link.init();
  buffer->rank = 1;  // exact, unless the class says otherwise
  if (pool->klass->buffer_init != nullptr) {
    res = pool->klass->buffer_init(pool, buffer, args);
    if (res != MPS_RES_OK) {
      arena_control_free(pool->arena, mem, sizeof(Buffer));
      return res;
    }
  }
  buffer->sig = kBufferSig;
  pool->buffers.append(&buffer->pool_link);
  *buffer_o = buffer;
  return MPS_RES_OK;
}

namespace {

// Gives the unused tail of the buffer's region back to its pool.
void buffer_detach(Buffer* buffer) {
  if (!buffer_has_region(buffer)) return;
  Pool* pool = buffer->pool;
  pool->klass->buffer_empty(pool, buffer, addr_of(buffer->ap.init), buffer->limit_real);
  buffer->base = buffer->limit_real = nullptr;
  buffer->trapped_init = nullptr;
  buffer->ap.init = buffer->ap.alloc = buffer->ap.limit = nullptr;
}

}  // namespace

void pool_buffer_destroy(Buffer* buffer) noexcept {
  MPS_ASSERT_MSG(!buffer_is_reserved(buffer),
                 "mps_ap_destroy: called between mps_reserve and mps_commit");
  Pool* pool = buffer->pool;
  buffer_detach(buffer);  // committed objects stay; only the tail goes back
  if (pool->klass->buffer_finish != nullptr) pool->klass->buffer_finish(pool, buffer);
  buffer->pool_link.remove();
  buffer->sig = kSigInvalid;
  arena_control_free(pool->arena, buffer, sizeof(Buffer));
}

Res pool_buffer_fill(Addr* p_o, Buffer* buffer, std::size_t size) noexcept {
  Pool* pool = buffer->pool;
  MPS_ASSERT_MSG(size > 0, "mps_reserve: size is zero");
  MPS_ASSERT_MSG(is_aligned(size, pool->alignment),
                 "mps_reserve: size is not a multiple of the pool's alignment");
  MPS_ASSERT_MSG(!buffer_is_reserved(buffer),
                 "mps_reserve: the allocation point already has a reserved block (reserve without commit)");

  // The block may still fit if the buffer was only trapped.
  // (Not after a flip: the rest of a flipped region is abandoned.)
  if (buffer_has_region(buffer) && buffer->ap.limit == nullptr && buffer->trapped_init == nullptr &&
      size <= addr_offset(buffer->ap.alloc, buffer->limit_real)) {
    buffer->ap.limit = buffer->limit_real;
  } else {
    buffer_detach(buffer);  // the pool may reuse the old tail for the new region
    Addr base, limit;
    Res res = pool->klass->buffer_fill(&base, &limit, pool, buffer, size);
    if (res != MPS_RES_OK) return res;
    MPS_ASSERT(addr_offset(base, limit) >= size);
    buffer->base = base;
    buffer->limit_real = limit;
    buffer->ap.init = buffer->ap.alloc = base;
    buffer->ap.limit = limit;
  }
  Addr p = addr_of(buffer->ap.init);
  buffer->ap.alloc = p + size;
  *p_o = p;
  return MPS_RES_OK;
}

bool pool_buffer_trip(Buffer* buffer, Addr p, std::size_t size) noexcept {
  MPS_ASSERT_MSG(p != nullptr && addr_of(buffer->ap.init) == p + size,
                 "mps_commit: the block does not match the last mps_reserve on this allocation point");
  // Trapped by a flip (mps-interface.md 6.2): the block is valid only if
  // the commit's init update came before the flip, i.e. init is still what
  // the flip saw.  Otherwise the block is invalid: undo the reservation.
  // Either way the buffer stays trapped; the next reserve refills it.
  if (buffer->trapped_init != nullptr) {
    const bool valid = addr_of(buffer->ap.init) == buffer->trapped_init;
    if (!valid) buffer->ap.init = buffer->ap.alloc = p;
    return valid;
  }
  // Pools without references are never trapped by a flip, so the block is
  // valid.
  if (buffer->limit_real != nullptr && buffer->ap.limit == nullptr) buffer->ap.limit = buffer->limit_real;
  return true;
}

}  // namespace mps
