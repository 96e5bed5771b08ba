// mfs.cpp -- MFS, Manual Fixed Small: fixed-size units on a free stack.
//
// Owns the MFS pool class (mps_class_mfs).  The pool gets memory from the
// arena in extents of `extend_by` bytes (rounded up to whole grains), carves
// each extent into units of one size, and keeps the free units on a stack
// threaded through their first word.  Memory never goes back to the arena
// while the pool lives; finish returns every extent.  See docs/design/mfs.md.
//
// Extent layout:  [ MFSExtent | free bitmap (cool only) | pad | unit 0 | unit 1 | ... ]
// Every grain of an extent has its arena page slot pointing at the extent
// header, so the cool variety finds a unit's extent (and its bit) in
// constant time when checking a free.
#include "pool/mfs.hpp"

#include "base/bit_table.hpp"
#include "base/check.hpp"
#include "mpscmfs.h"

namespace mps {

namespace {

// Cool builds keep one bit per unit (set = free) to catch double frees and
// frees of addresses that are not unit boundaries.
constexpr bool kTrackFreeUnits = kVariety == Variety::cool;
constexpr std::size_t kDefaultExtendBy = 65536;

struct MFSExtent {
  MFSExtent* next;         // the pool's extents, most recent first
  std::size_t size;        // bytes got from the arena, whole grains
  Addr units;              // the first unit
  std::size_t unit_count;  // units in this extent
  BitTable free_units;     // cool only; bit i set <=> unit i is on the free stack
};

struct FreeUnit {
  FreeUnit* next;
};

struct MFS {
  Pool pool;                     // must stay first
  std::size_t unit_size;         // rounded up to MPS_PF_ALIGN
  std::size_t unit_size_given;   // as the client gave it (also accepted by alloc/free)
  std::size_t extend_by;         // requested extent size, before grain rounding
  FreeUnit* free_stack;          // invariant: exactly the free units of all extents
  MFSExtent* extents;
  std::size_t total_size;        // sum of extent sizes
  std::size_t live_units;        // units handed out and not yet freed
};

static_assert(offsetof(MFS, pool) == 0, "the Pool must be at offset 0 of MFS");

MFS* mfs_of(Pool* pool) {
  MPS_ASSERT(pool->klass == &kMFSPoolClass);
  return reinterpret_cast<MFS*>(pool);
}
const MFS* mfs_of(const Pool* pool) {
  MPS_ASSERT(pool->klass == &kMFSPoolClass);
  return reinterpret_cast<const MFS*>(pool);
}

// Bytes of header (with bitmap, if any) in front of the units of an extent
// holding at most `units` units.
std::size_t header_size(std::size_t units) {
  std::size_t bytes = sizeof(MFSExtent);
  if constexpr (kTrackFreeUnits) bytes += BitTable::bytes_for(units);
  return align_up(bytes, MPS_PF_ALIGN);
}

Res mfs_init(Pool* pool, ArgList args) {
  MFS* mfs = mfs_of(pool);
  mps_arg_s arg;
  args.take_required(MPS_KEY_MFS_UNIT_SIZE, &arg);
  std::size_t unit_size = arg.val.size;
  std::size_t extend_by = kDefaultExtendBy;
  args.take(MPS_KEY_EXTEND_BY, &extend_by);

  MPS_ASSERT_MSG(unit_size >= sizeof(void*), "MFS: MPS_KEY_MFS_UNIT_SIZE is smaller than one word");
  MPS_ASSERT_MSG(unit_size <= (std::size_t{1} << (kWordBits - 2)), "MFS: MPS_KEY_MFS_UNIT_SIZE is too large");
  mfs->unit_size_given = unit_size;
  mfs->unit_size = align_up(unit_size, MPS_PF_ALIGN);
  MPS_ASSERT_MSG(extend_by >= mfs->unit_size_given,
                 "MFS: MPS_KEY_EXTEND_BY is smaller than one unit (MPS_KEY_MFS_UNIT_SIZE)");
  mfs->extend_by = extend_by;
  mfs->free_stack = nullptr;
  mfs->extents = nullptr;
  mfs->total_size = 0;
  mfs->live_units = 0;
  return MPS_RES_OK;
}

void mfs_finish(Pool* pool) {
  MFS* mfs = mfs_of(pool);
  Arena* arena = pool->arena;
  MFSExtent* extent = mfs->extents;
  while (extent != nullptr) {
    MFSExtent* next = extent->next;  // read before the memory goes
    arena_free(arena, addr_of(extent), extent->size);
    extent = next;
  }
  mfs->extents = nullptr;
  mfs->free_stack = nullptr;
  mfs->total_size = 0;
}

// Gets a new extent from the arena and pushes all its units.  On error
// nothing changes.
Res mfs_extend(MFS* mfs) {
  Arena* arena = mfs->pool.arena;
  const std::size_t grain = arena_grain_size(arena);
  const std::size_t unit = mfs->unit_size;
  std::size_t size = mfs->extend_by;
  if (size < header_size(1) + unit) size = header_size(1) + unit;
  size = align_up(size, grain);

  Addr base;
  Res res = arena_alloc(&base, arena, size, &mfs->pool);
  if (res != MPS_RES_OK) return res;

  // The bitmap is sized for the upper bound of units, then the count is
  // recomputed with the real header: a few spare bits at most.
  std::size_t count = (size - sizeof(MFSExtent)) / unit;
  const std::size_t header = header_size(count);
  count = (size - header) / unit;
  MPS_ASSERT(count >= 1);

  auto* extent = reinterpret_cast<MFSExtent*>(base);
  extent->size = size;
  extent->units = base + header;
  extent->unit_count = count;
  if constexpr (kTrackFreeUnits) {
    extent->free_units.init(reinterpret_cast<Word*>(base + sizeof(MFSExtent)), count);
    extent->free_units.set_range(0, count);
    for (std::size_t offset = 0; offset < size; offset += grain) {
      void** slot = arena_page_slot(arena, base + offset);
      MPS_ASSERT(slot != nullptr);
      *slot = extent;
    }
  }
  extent->next = mfs->extents;
  mfs->extents = extent;

  // Push the units highest first so allocation proceeds upwards.
  for (std::size_t i = count; i-- > 0;) {
    auto* unit_p = reinterpret_cast<FreeUnit*>(extent->units + i * unit);
    unit_p->next = mfs->free_stack;
    mfs->free_stack = unit_p;
  }
  mfs->total_size += size;
  return MPS_RES_OK;
}

bool size_is_unit(const MFS* mfs, std::size_t size) {
  return size == mfs->unit_size || size == mfs->unit_size_given;
}

// Cool only: the extent holding `p` and p's unit index, after checking that
// p is a unit boundary.
MFSExtent* extent_of_unit(const MFS* mfs, Addr p, std::size_t* index_o) {
  void** slot = arena_page_slot(mfs->pool.arena, p);
  MPS_ASSERT_MSG(slot != nullptr && *slot != nullptr, "mps_free: the address is not in this MFS pool");
  auto* extent = static_cast<MFSExtent*>(*slot);
  MPS_ASSERT_MSG(p >= extent->units && p < extent->units + extent->unit_count * mfs->unit_size,
                 "mps_free: the address is not a block of this MFS pool");
  const std::size_t offset = addr_offset(extent->units, p);
  MPS_ASSERT_MSG(offset % mfs->unit_size == 0,
                 "mps_free: the address is not the start of a block of this MFS pool");
  *index_o = offset / mfs->unit_size;
  return extent;
}

Res mfs_alloc(Addr* p_o, Pool* pool, std::size_t size) {
  MFS* mfs = mfs_of(pool);
  MPS_ASSERT_MSG(size_is_unit(mfs, size), "mps_alloc: size is not the MFS pool's unit size");
  if (mfs->free_stack == nullptr) {
    Res res = mfs_extend(mfs);
    if (res != MPS_RES_OK) return res;
  }
  FreeUnit* unit = mfs->free_stack;
  mfs->free_stack = unit->next;
  if constexpr (kTrackFreeUnits) {
    std::size_t index;
    MFSExtent* extent = extent_of_unit(mfs, addr_of(unit), &index);
    MPS_ASSERT_MSG(extent->free_units.get(index),
                   "MFS: free stack corrupted (a unit on it is in use; was freed memory written?)");
    extent->free_units.reset(index);
  }
  ++mfs->live_units;
  *p_o = addr_of(unit);
  return MPS_RES_OK;
}

void mfs_free(Pool* pool, Addr p, std::size_t size) {
  MFS* mfs = mfs_of(pool);
  MPS_ASSERT_MSG(size_is_unit(mfs, size), "mps_free: size is not the MFS pool's unit size");
  MPS_ASSERT_MSG(p != nullptr && addr_is_aligned(p, MPS_PF_ALIGN),
                 "mps_free: the address is null or misaligned for an MFS pool");
  MPS_ASSERT_MSG(arena_addr_pool(pool->arena, p) == pool, "mps_free: the address is not in this MFS pool");
  if constexpr (kTrackFreeUnits) {
    std::size_t index;
    MFSExtent* extent = extent_of_unit(mfs, p, &index);
    MPS_ASSERT_MSG(!extent->free_units.get(index), "mps_free: the block is already free (double free)");
    extent->free_units.set(index);
  }
  MPS_ASSERT(mfs->live_units > 0);
  --mfs->live_units;
  auto* unit = reinterpret_cast<FreeUnit*>(p);
  unit->next = mfs->free_stack;
  mfs->free_stack = unit;
}

std::size_t mfs_total_size(const Pool* pool) { return mfs_of(pool)->total_size; }

std::size_t mfs_free_size(const Pool* pool) {
  const MFS* mfs = mfs_of(pool);
  return mfs->total_size - mfs->live_units * mfs->unit_size;
}

// mps_pool_create(..., mps_class_mfs(), size_t extend_by, size_t unit_size)
void mfs_varargs(mps_arg_s args[], va_list varargs) {
  args[0].key = MPS_KEY_EXTEND_BY;
  args[0].val.size = va_arg(varargs, std::size_t);
  args[1].key = MPS_KEY_MFS_UNIT_SIZE;
  args[1].val.size = va_arg(varargs, std::size_t);
  args[2].key = MPS_KEY_ARGS_END;
}

}  // namespace

const PoolClass kMFSPoolClass = {
    .name = "MFS",
    .instance_size = sizeof(MFS),
    .init = mfs_init,
    .finish = mfs_finish,
    .alloc = mfs_alloc,
    .free = mfs_free,
    .buffer_init = nullptr,
    .buffer_finish = nullptr,
    .buffer_fill = nullptr,
    .buffer_empty = nullptr,
    .total_size = mfs_total_size,
    .free_size = mfs_free_size,
    .check_fenceposts = nullptr,
    .check_free_space = nullptr,
    .varargs = mfs_varargs,
};

}  // namespace mps
