// mvt.cpp -- MVT, Manual Variable Temporal: allocation points only, freeing
// with mps_free.
//
// Owns the MVT pool class (mps_class_mvt) and its placement policy.  Each
// buffer fill hands the allocation point one contiguous region, so
// consecutive allocations are adjacent (temporal placement).  Freed memory
// goes to a land of free ranges (mvt_ranges.hpp) where it coalesces with
// its neighbours.  Refills take a whole fill region from a largest free
// range when one is that large, and otherwise new memory; when free/total
// exceeds the fragmentation limit they fall back to first fit.  Free memory
// beyond the reserve (reserve_depth x mean_size bytes) goes back to the
// arena in whole grains, from inside partly used memory too.  See
// docs/design/mvt.md.
#include "pool/mvt.hpp"

#include "base/check.hpp"
#include "mpscmvt.h"
#include "pool/mvt_ranges.hpp"

namespace mps {

namespace {

constexpr std::size_t kDefaultMinSize = MPS_PF_ALIGN;
constexpr std::size_t kDefaultMeanSize = 32;
constexpr std::size_t kDefaultMaxSize = 8192;
constexpr mps_word_t kDefaultReserveDepth = 1024;
constexpr double kDefaultFragLimit = 0.3;

struct MVT {
  Pool pool;                   // must stay first
  std::size_t min_size;        // hints, rounded up to the alignment
  std::size_t mean_size;
  std::size_t max_size;
  double frag_limit;           // in [0, 1]
  std::size_t fill_size;       // normal buffer region: max_size rounded up to grains
  std::size_t reserve_limit;   // free bytes kept for reuse: reserve_depth x mean_size
  MVTRanges ranges;            // held and free memory
};

static_assert(offsetof(MVT, pool) == 0, "the Pool must be at offset 0 of MVT");

MVT* mvt_of(Pool* pool) {
  MPS_ASSERT(pool->klass == &kMVTPoolClass);
  return reinterpret_cast<MVT*>(pool);
}
const MVT* mvt_of(const Pool* pool) {
  MPS_ASSERT(pool->klass == &kMVTPoolClass);
  return reinterpret_cast<const MVT*>(pool);
}

// Used only by cool-variety checks, so unused in the hot and rash builds.
[[maybe_unused]] bool mvt_check(const MVT* mvt) {
  return mvt->min_size <= mvt->mean_size && mvt->mean_size <= mvt->max_size &&
         mvt->max_size <= mvt->fill_size && mvt->ranges.check();
}

Res mvt_init(Pool* pool, ArgList args) noexcept {
  MVT* mvt = mvt_of(pool);
  std::size_t align = MPS_PF_ALIGN;
  std::size_t min_size = kDefaultMinSize, mean_size = kDefaultMeanSize, max_size = kDefaultMaxSize;
  mps_word_t reserve_depth = kDefaultReserveDepth;
  double frag_limit = kDefaultFragLimit;
  mps_arg_s arg;
  if (args.take(MPS_KEY_ALIGN, &arg)) align = arg.val.align;
  args.take(MPS_KEY_MIN_SIZE, &min_size);
  args.take(MPS_KEY_MEAN_SIZE, &mean_size);
  args.take(MPS_KEY_MAX_SIZE, &max_size);
  args.take(MPS_KEY_MVT_RESERVE_DEPTH, &reserve_depth);
  args.take(MPS_KEY_MVT_FRAG_LIMIT, &frag_limit);

  const std::size_t grain = arena_grain_size(pool->arena);
  MPS_ASSERT_MSG(is_pow2(align), "MVT: MPS_KEY_ALIGN is not a power of two");
  MPS_ASSERT_MSG(align >= sizeof(void*), "MVT: MPS_KEY_ALIGN is smaller than a pointer");
  MPS_ASSERT_MSG(align <= grain, "MVT: MPS_KEY_ALIGN is larger than the arena grain size");
  MPS_ASSERT_MSG(min_size > 0, "MVT: MPS_KEY_MIN_SIZE is zero");
  MPS_ASSERT_MSG(min_size <= mean_size, "MVT: MPS_KEY_MIN_SIZE is larger than MPS_KEY_MEAN_SIZE");
  MPS_ASSERT_MSG(mean_size <= max_size, "MVT: MPS_KEY_MEAN_SIZE is larger than MPS_KEY_MAX_SIZE");
  MPS_ASSERT_MSG(max_size <= (std::size_t{1} << (kWordBits - 2)), "MVT: MPS_KEY_MAX_SIZE is too large");
  MPS_ASSERT_MSG(frag_limit >= 0.0 && frag_limit <= 1.0, "MVT: MPS_KEY_MVT_FRAG_LIMIT is not between 0 and 1");

  pool->alignment = align;
  mvt->min_size = align_up(min_size, align);
  mvt->mean_size = align_up(mean_size, align);
  mvt->max_size = align_up(max_size, align);
  mvt->frag_limit = frag_limit;
  mvt->fill_size = align_up(mvt->max_size, grain);
  // Saturate rather than overflow for absurd depths.
  mvt->reserve_limit = reserve_depth > SIZE_MAX / mvt->mean_size ? SIZE_MAX : reserve_depth * mvt->mean_size;
  mvt->ranges.init(pool, align);
  return MPS_RES_OK;
}

void mvt_finish(Pool* pool) noexcept {
  mvt_of(pool)->ranges.finish();
}

// After memory became free: free memory beyond the reserve goes back to the
// arena, whole grains at a time.
void after_free(MVT* mvt) {
  MVTRanges& ranges = mvt->ranges;
  if (ranges.free_bytes() > mvt->reserve_limit && ranges.may_return()) {
    ranges.return_excess(mvt->reserve_limit);
  }
  MPS_ASSERT_COOL(mvt_check(mvt));
}

bool is_fragmented(const MVT* mvt) {
  const std::size_t total = mvt->ranges.total_bytes();
  return total > 0 &&
         static_cast<double>(mvt->ranges.free_bytes()) > mvt->frag_limit * static_cast<double>(total);
}

Res mvt_buffer_fill(Addr* base_o, Addr* limit_o, Pool* pool, Buffer*, std::size_t size) noexcept {
  MVT* mvt = mvt_of(pool);
  MVTRanges& ranges = mvt->ranges;
  Addr base, limit;
  Res res;

  // Large blocks get fresh memory of their own, so that freeing one gives
  // back whole grains.
  if (size > mvt->max_size) {
    res = ranges.extend(&base, &limit, size);
    // The arena is exhausted: any free range that fits will do.
    if (res != MPS_RES_OK && !ranges.take_first(&base, &limit, size, size)) return res;
    *base_o = base;
    *limit_o = limit;
    MPS_ASSERT_COOL(mvt_check(mvt));
    return MPS_RES_OK;
  }

  const std::size_t want = mvt->fill_size;  // >= max_size >= size
  bool found;
  if (is_fragmented(mvt)) {
    // Reuse before growing: first fit.  Prefer the lowest range with room
    // for this block and as much again (at least two mean-sized blocks), so
    // that the region serves more than one allocation before the next
    // fill; failing that, the lowest range that holds the request.  The
    // buffer gets the range, up to `want` of it.
    const std::size_t room = size > 2 * mvt->mean_size ? size : 2 * mvt->mean_size;
    const std::size_t roomy = want - size > room ? size + room : want;
    found = ranges.take_first(&base, &limit, roomy, want) ||
            (roomy > size && ranges.take_first(&base, &limit, size, want));
  } else {
    found = ranges.take_largest(&base, &limit, want, want);  // temporal: only big ranges
  }
  if (!found) {
    res = ranges.extend(&base, &limit, want);
    if (res != MPS_RES_OK && !ranges.take_first(&base, &limit, size, want)) return res;
  }
  *base_o = base;
  *limit_o = limit;
  MPS_ASSERT_COOL(mvt_check(mvt));
  return MPS_RES_OK;
}

void mvt_buffer_empty(Pool* pool, Buffer*, Addr init, Addr limit) noexcept {
  MVT* mvt = mvt_of(pool);
  MPS_ASSERT(init <= limit);
  if (init == limit) return;
  const bool added = mvt->ranges.add_free(init, limit);
  MPS_ASSERT(added);  // the buffer's region was taken out of the free set
  (void)added;
  after_free(mvt);
}

void mvt_free(Pool* pool, Addr p, std::size_t size) noexcept {
  MVT* mvt = mvt_of(pool);
  MPS_ASSERT_MSG(p != nullptr && addr_is_aligned(p, pool->alignment),
                 "mps_free: the address is null or not aligned to the MVT pool's alignment");
  MPS_ASSERT_MSG(size > 0, "mps_free: the size is zero");
  const Addr limit = p + align_up(size, pool->alignment);
  // Cheap, in every checking variety: within the bounds of the memory the
  // pool ever got.  The cool variety also asks the page table and the held
  // land.
  MPS_ASSERT_MSG(mvt->ranges.within_bounds(p, limit),
                 "mps_free: the address is not in this MVT pool (or the size is wrong)");
  MPS_ASSERT_COOL_MSG(arena_addr_pool(pool->arena, p) == pool, "mps_free: the address is not in this MVT pool");
  MPS_ASSERT_COOL_MSG(mvt->ranges.holds(p, limit),
                      "mps_free: the block is not inside memory of this MVT pool (wrong address or size)");
  const bool added = mvt->ranges.add_free(p, limit);
  MPS_ASSERT_MSG(added, "mps_free: the block overlaps free memory in the MVT pool (double free?)");
  (void)added;
  after_free(mvt);
}

std::size_t mvt_total_size(const Pool* pool) noexcept { return mvt_of(pool)->ranges.total_bytes(); }
std::size_t mvt_free_size(const Pool* pool) noexcept { return mvt_of(pool)->ranges.free_bytes(); }

// mps_pool_create(..., mps_class_mvt(), size_t min, size_t mean, size_t max,
//                 mps_word_t reserve_depth, mps_word_t frag_limit_percent)
void mvt_varargs(mps_arg_s args[], va_list varargs) noexcept {
  args[0].key = MPS_KEY_MIN_SIZE;
  args[0].val.size = va_arg(varargs, std::size_t);
  args[1].key = MPS_KEY_MEAN_SIZE;
  args[1].val.size = va_arg(varargs, std::size_t);
  args[2].key = MPS_KEY_MAX_SIZE;
  args[2].val.size = va_arg(varargs, std::size_t);
  args[3].key = MPS_KEY_MVT_RESERVE_DEPTH;
  args[3].val.count = va_arg(varargs, mps_word_t);
  args[4].key = MPS_KEY_MVT_FRAG_LIMIT;
  const mps_word_t percent = va_arg(varargs, mps_word_t);
  MPS_ASSERT_MSG(percent <= 100, "mps_pool_create (MVT): the fragmentation limit is not a percentage 0-100");
  args[4].val.d = static_cast<double>(percent) / 100.0;
  args[5].key = MPS_KEY_ARGS_END;
}

}  // namespace

const PoolClass kMVTPoolClass = {
    .name = "MVT",
    .instance_size = sizeof(MVT),
    .init = mvt_init,
    .finish = mvt_finish,
    .alloc = nullptr,  // allocation points only
    .free = mvt_free,
    .buffer_init = nullptr,
    .buffer_finish = nullptr,
    .buffer_fill = mvt_buffer_fill,
    .buffer_empty = mvt_buffer_empty,
    .total_size = mvt_total_size,
    .free_size = mvt_free_size,
    .check_fenceposts = nullptr,
    .check_free_space = nullptr,
    .varargs = mvt_varargs,
};

}  // namespace mps
