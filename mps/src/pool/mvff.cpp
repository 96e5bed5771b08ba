// mvff.cpp -- MVFF, Manual Variable First Fit: mps_alloc/mps_free over an
// address-ordered set of free ranges (land/land.hpp), allocation points
// filled worst-fit, and memory returned to the arena in whole grains.
// See mvff_pool.hpp for the descriptor, docs/design/mvff.md for the policy.
#include <cstdarg>

#include "arena/arena.hpp"
#include "base/check.hpp"
#include "mpscmvff.h"
#include "pool/mvff.hpp"
#include "pool/mvff_pool.hpp"

namespace mps {

namespace {

constexpr std::size_t kDefaultExtendBy = 65536;
constexpr std::size_t kDefaultMeanSize = 32;
constexpr double kDefaultSpare = 0.75;

// Allocation-point fills (mvff_buffer_fill): the search is first fit for
// at least kBufferFillLeast bytes, and the buffer gets up to
// kBufferFillMost bytes of the range found.  Searching for a little more
// than the request keeps a fill from landing in a hole that holds one
// object (a fill per reserve is slow); the cap keeps buffers from holding
// large stretches of the pool.  Measured on the manual-pool benchmark:
// smaller values cost time (more fills), larger ones memory (holes below
// the search size are left to mps_alloc).  See docs/design/mvff.md.
constexpr std::size_t kBufferFillLeast = 1024;
constexpr std::size_t kBufferFillMost = 8192;

// After returning memory, free space is brought down to this fraction of
// the spare threshold, so that a pool oscillating around the threshold does
// not hand a grain back and forth on every free.
constexpr double kReduceHysteresis = 0.5;

// Free memory above the threshold goes back to the arena.  With a non-zero
// spare fraction the pool also keeps one extension's worth, so that a fresh
// or small pool does not hand its memory back and forth with the arena on
// every free; a spare of 0 means "return whatever whole grains are free".
std::size_t keep_floor(const MVFF* mvff) { return mvff->spare > 0.0 ? mvff->extend_by : 0; }

void update_threshold(MVFF* mvff) {
  const auto threshold =
      static_cast<std::size_t>(mvff->spare * static_cast<double>(land_size(&mvff->spans)));
  const std::size_t floor = keep_floor(mvff);
  mvff->reduce_threshold = threshold > floor ? threshold : floor;
}

// Makes sure one insertion (or split) into each land cannot run out of
// nodes, since both draw on the same node pool.
Res reserve_nodes(MVFF* mvff) {
  return node_pool_reserve(&mvff->nodes,
                           land_nodes_for_insert(&mvff->free) + land_nodes_for_insert(&mvff->spans));
}

// Gets at least `size` bytes from the arena (at least extend_by, whole
// grains) and adds them to the free set.  On error nothing changes.
Res extend(MVFF* mvff, std::size_t size) {
  Pool* pool = &mvff->pool;
  const std::size_t grain = mvff->grain_size;
  if (size > SIZE_MAX - grain) return MPS_RES_RESOURCE;
  const std::size_t needed = align_up(size, grain);
  std::size_t want = needed > mvff->extend_by ? needed : mvff->extend_by;
  // Nodes first: the span set must never overflow (its overflow entries
  // would live in memory that is also in the free set or in client blocks).
  Res res = reserve_nodes(mvff);
  if (res != MPS_RES_OK) return res;
  const Placement placement = mvff->arena_high ? Placement::high : Placement::low;
  Addr base;
  res = arena_alloc(&base, pool->arena, want, pool, placement);
  if (res != MPS_RES_OK && want > needed) {
    want = needed;  // near the commit limit, settle for what the block needs
    res = arena_alloc(&base, pool->arena, want, pool, placement);
  }
  if (res != MPS_RES_OK) return res;
  Addr limit = base + want;
  if (mvff->lowest == nullptr || base < mvff->lowest) mvff->lowest = base;
  if (limit > mvff->highest) mvff->highest = limit;
  const bool spanned = land_insert(&mvff->spans, base, limit);
  MPS_ASSERT(spanned);  // the arena never hands out memory twice
  if (mvff->hooks != nullptr) mvff->hooks->fresh(pool, base, limit);
  const bool freed = land_insert(&mvff->free, base, limit);
  MPS_ASSERT(freed);
  update_threshold(mvff);
  return MPS_RES_OK;
}

// Returns whole free grains to the arena, largest free ranges first, until
// free space is back under the hysteresis target.  Stops early if no free
// range holds a whole grain or nodes for splitting cannot be got; that only
// means memory is kept longer.
[[gnu::noinline]] void reduce(MVFF* mvff) {
  Pool* pool = &mvff->pool;
  const std::size_t grain = mvff->grain_size;
  auto target = static_cast<std::size_t>(static_cast<double>(mvff->reduce_threshold) *
                                         kReduceHysteresis);
  if (target < keep_floor(mvff)) target = keep_floor(mvff);
  while (land_size(&mvff->free) > target) {
    Addr base, limit;
    if (!land_find_largest(&base, &limit, &mvff->free)) break;
    Addr grain_base = addr_align_up(base, grain);
    Addr grain_limit = addr_align_down(limit, grain);
    if (grain_base >= grain_limit) break;  // no whole grain in the largest range
    // Give back only the excess, from the top of the range.
    const std::size_t excess = align_up(land_size(&mvff->free) - target, grain);
    if (addr_offset(grain_base, grain_limit) > excess) grain_base = grain_limit - excess;
    // Each delete may split a range; with the nodes in hand neither fails.
    if (reserve_nodes(mvff) != MPS_RES_OK) break;
    Res res = land_delete(&mvff->free, grain_base, grain_limit);
    MPS_ASSERT(res == MPS_RES_OK);
    res = land_delete(&mvff->spans, grain_base, grain_limit);
    MPS_ASSERT(res == MPS_RES_OK);  // free memory is always inside one span
    if (mvff->hooks != nullptr) mvff->hooks->release(pool, grain_base, grain_limit);
    arena_free(pool->arena, grain_base, addr_offset(grain_base, grain_limit));
  }
  update_threshold(mvff);
}

void check_keyword_values(std::size_t extend_by, std::size_t mean_size, std::size_t align,
                          double spare, std::size_t grain) {
  MPS_ASSERT_MSG(extend_by > 0, "MVFF: MPS_KEY_EXTEND_BY must be positive");
  MPS_ASSERT_MSG(mean_size > 0, "MVFF: MPS_KEY_MEAN_SIZE must be positive");
  MPS_ASSERT_MSG(is_pow2(align), "MVFF: MPS_KEY_ALIGN must be a power of 2");
  MPS_ASSERT_MSG(align >= sizeof(void*), "MVFF: MPS_KEY_ALIGN must be at least sizeof(void *)");
  MPS_ASSERT_MSG(align <= grain, "MVFF: MPS_KEY_ALIGN must not exceed the arena's grain size");
  MPS_ASSERT_MSG(spare >= 0.0 && spare <= 1.0, "MVFF: MPS_KEY_SPARE must be between 0.0 and 1.0");
}

void mvff_varargs(mps_arg_s args[], va_list varargs) { (void)mvff_varargs_into(args, varargs); }

}  // namespace

bool mvff_check(const MVFF* mvff) noexcept {
  return mvff != nullptr && mvff->sig == kMVFFSig && land_size(&mvff->free) <= land_size(&mvff->spans);
}

Res mvff_init(Pool* pool, ArgList args) noexcept {
  MVFF* mvff = mvff_of_pool(pool);
  std::size_t extend_by = kDefaultExtendBy;
  std::size_t mean_size = kDefaultMeanSize;
  std::size_t align = MPS_PF_ALIGN;
  double spare = kDefaultSpare;
  bool arena_high = false, slot_high = false, first_fit = true;
  args.take(MPS_KEY_EXTEND_BY, &extend_by);
  args.take(MPS_KEY_MEAN_SIZE, &mean_size);
  mps_arg_s arg;
  if (args.take(MPS_KEY_ALIGN, &arg)) align = arg.val.align;
  args.take(MPS_KEY_SPARE, &spare);
  args.take(MPS_KEY_MVFF_ARENA_HIGH, &arena_high);
  args.take(MPS_KEY_MVFF_SLOT_HIGH, &slot_high);
  args.take(MPS_KEY_MVFF_FIRST_FIT, &first_fit);
  const std::size_t grain = arena_grain_size(pool->arena);
  check_keyword_values(extend_by, mean_size, align, spare, grain);

  pool->alignment = align;
  node_pool_init(&mvff->nodes, land_block_source_of_arena(pool->arena));
  land_init(&mvff->free, &mvff->nodes, align);
  land_init(&mvff->spans, &mvff->nodes, grain);
  mvff->extend_by = align_up(extend_by, grain);
  mvff->mean_size = mean_size;
  mvff->grain_size = grain;
  mvff->spare = spare;
  mvff->reduce_threshold = 0;
  mvff->lowest = mvff->highest = nullptr;
  mvff->arena_high = arena_high;
  mvff->slot_high = slot_high;
  mvff->first_fit = first_fit;
  mvff->hooks = nullptr;
  mvff->sig = kMVFFSig;
  return MPS_RES_OK;
}

void mvff_finish(Pool* pool) noexcept {
  MVFF* mvff = mvff_of_pool(pool);
  MPS_ASSERT(mvff_check(mvff));
  land_each(&mvff->spans, [&](Addr base, Addr limit, bool) {
    arena_free(pool->arena, base, addr_offset(base, limit));
    return true;
  });
  land_finish(&mvff->free);
  land_finish(&mvff->spans);
  node_pool_finish(&mvff->nodes);
  mvff->sig = kSigInvalid;
}

Res mvff_alloc(Addr* p_o, Pool* pool, std::size_t size) noexcept {
  MVFF* mvff = mvff_of_pool(pool);
  MPS_ASSERT_COOL(mvff_check(mvff));
  if (size > SIZE_MAX - pool->alignment) return MPS_RES_RESOURCE;
  size = align_up(size, pool->alignment);
  Addr p;
  if (!land_take_first(&p, &mvff->free, size, mvff->slot_high, !mvff->first_fit)) {
    Res res = extend(mvff, size);
    if (res != MPS_RES_OK) return res;
    const bool found = land_take_first(&p, &mvff->free, size, mvff->slot_high, !mvff->first_fit);
    MPS_ASSERT(found);
  }
  *p_o = p;
  return MPS_RES_OK;
}

void mvff_free(Pool* pool, Addr p, std::size_t size) noexcept {
  MVFF* mvff = mvff_of_pool(pool);
  MPS_ASSERT_COOL(mvff_check(mvff));
  MPS_ASSERT_MSG(p != nullptr, "mps_free: address is NULL");
  MPS_ASSERT_MSG(addr_is_aligned(p, pool->alignment),
                 "mps_free: address not allocated by this pool (not aligned to the pool's alignment)");
  size = align_up(size, pool->alignment);
  // Cheap in every checking variety: inside the pool's address bounds.
  // The cool variety also asks the page table and the span set.
  MPS_ASSERT_MSG(p >= mvff->lowest && p < mvff->highest,
                 "mps_free: address not allocated by this pool");
  MPS_ASSERT_MSG(size <= addr_offset(p, mvff->highest),
                 "mps_free: block extends beyond the pool's memory (wrong size?)");
  MPS_ASSERT_COOL_MSG(arena_addr_pool(pool->arena, p) == pool,
                      "mps_free: address not allocated by this pool");
  MPS_ASSERT_COOL_MSG(land_contains(&mvff->spans, p, p + size),
                      "mps_free: block extends beyond the pool's memory (wrong size?)");
  const bool inserted = land_insert(&mvff->free, p, p + size);
  MPS_ASSERT_MSG(inserted, "mps_free: block overlaps free memory of the pool (double free?)");
  if (land_size(&mvff->free) > mvff->reduce_threshold) reduce(mvff);
}

Res mvff_buffer_fill(Addr* base_o, Addr* limit_o, Pool* pool, Buffer*, std::size_t size) noexcept {
  MVFF* mvff = mvff_of_pool(pool);
  MPS_ASSERT_COOL(mvff_check(mvff));
  // Placed as mps_alloc places a block (first fit), but for a little more
  // than `size`, and the buffer takes up to kBufferFillMost bytes of the
  // range found, so consecutive reserves are usually contiguous.  Handing
  // the buffer a whole largest range instead (worst fit) spread allocation
  // over all of the pool's memory and cost half as much memory again.  The
  // unused tail comes back when the buffer is next filled or emptied.
  const std::size_t least = align_up(kBufferFillLeast, pool->alignment);
  const std::size_t most_cap = align_up(kBufferFillMost, pool->alignment);
  const std::size_t want = size > least ? size : least;
  const std::size_t most = want > most_cap ? want : most_cap;
  Addr base, limit;
  if (!land_take_first_bounded(&base, &limit, &mvff->free, want, most, mvff->slot_high,
                               !mvff->first_fit) &&
      // No range of `want` bytes: one that holds the request will do
      // before the pool asks the arena for more.
      !land_take_first_bounded(&base, &limit, &mvff->free, size, most, mvff->slot_high,
                               !mvff->first_fit)) {
    Res res = extend(mvff, want);
    if (res != MPS_RES_OK) return res;
    const bool found = land_take_first_bounded(&base, &limit, &mvff->free, want, most,
                                               mvff->slot_high, !mvff->first_fit);
    MPS_ASSERT(found);
  }
  *base_o = base;
  *limit_o = limit;
  return MPS_RES_OK;
}

void mvff_buffer_empty(Pool* pool, Buffer*, Addr init, Addr limit) noexcept {
  MVFF* mvff = mvff_of_pool(pool);
  if (init == limit) return;
  const bool inserted = land_insert(&mvff->free, init, limit);
  MPS_ASSERT(inserted);  // the buffer's region was taken out of the free set
  if (land_size(&mvff->free) > mvff->reduce_threshold) reduce(mvff);
}

std::size_t mvff_total_size(const Pool* pool) noexcept { return land_size(&mvff_of_pool(pool)->spans); }

std::size_t mvff_free_size(const Pool* pool) noexcept { return land_size(&mvff_of_pool(pool)->free); }

unsigned mvff_varargs_into(mps_arg_s args[], va_list varargs) noexcept {
  args[0].key = MPS_KEY_EXTEND_BY;
  args[0].val.size = va_arg(varargs, std::size_t);
  args[1].key = MPS_KEY_MEAN_SIZE;
  args[1].val.size = va_arg(varargs, std::size_t);
  args[2].key = MPS_KEY_ALIGN;
  args[2].val.align = va_arg(varargs, mps_align_t);
  args[3].key = MPS_KEY_MVFF_SLOT_HIGH;
  args[3].val.b = va_arg(varargs, mps_bool_t);
  args[4].key = MPS_KEY_MVFF_ARENA_HIGH;
  args[4].val.b = va_arg(varargs, mps_bool_t);
  args[5].key = MPS_KEY_MVFF_FIRST_FIT;
  args[5].val.b = va_arg(varargs, mps_bool_t);
  args[6].key = MPS_KEY_ARGS_END;
  return 6;
}

extern const PoolClass kMVFFPoolClass = {
    .name = "MVFF",
    .instance_size = sizeof(MVFF),
    .init = mvff_init,
    .finish = mvff_finish,
    .alloc = mvff_alloc,
    .free = mvff_free,
    .buffer_init = nullptr,
    .buffer_finish = nullptr,
    .buffer_fill = mvff_buffer_fill,
    .buffer_empty = mvff_buffer_empty,
    .total_size = mvff_total_size,
    .free_size = mvff_free_size,
    .check_fenceposts = nullptr,
    .check_free_space = nullptr,
    .varargs = mvff_varargs,
};

}  // namespace mps
