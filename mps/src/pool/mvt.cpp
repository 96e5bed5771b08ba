// mvt.cpp -- MVT, Manual Variable Temporal: allocation points only, freeing
// with mps_free.
//
// Owns the MVT pool class (mps_class_mvt).  Each buffer fill hands the
// allocation point one contiguous region, so consecutive allocations are
// adjacent (temporal placement).  Freed memory goes to an address-ordered
// list of free ranges (mvt_ranges.hpp) where it coalesces with neighbours.
// Refills prefer a large coalesced free range; when free/total exceeds the
// fragmentation limit they fall back to first fit.  Freed memory beyond the
// reserve (reserve_depth x mean_size bytes) goes back to the arena, a whole
// free span at a time.  See docs/design/mvt.md.
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
  MVTNodeStore nodes;
  MVTRangeList free_ranges;
  MVTSpan* spans;
  std::size_t total_size;      // sum of span sizes
  std::size_t free_spans;      // spans that are entirely free (kept as reserve)
  std::size_t lost_bytes;      // freed bytes that could not be recorded (no node)
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

// Every grain of a span points at it through its page slot.
MVTSpan* span_of(const MVT* mvt, const void* addr) {
  void** slot = arena_page_slot(mvt->pool.arena, addr);
  return slot == nullptr ? nullptr : static_cast<MVTSpan*>(*slot);
}

bool mvt_check(const MVT* mvt) {
  if (!mvt->free_ranges.check()) return false;
  std::size_t total = 0, free_spans = 0, span_free = 0;
  for (const MVTSpan* s = mvt->spans; s != nullptr; s = s->next) {
    total += s->size();
    span_free += s->free_bytes;
    if (s->is_entirely_free()) ++free_spans;
  }
  return total == mvt->total_size && free_spans == mvt->free_spans &&
         span_free == mvt->free_ranges.free_bytes();
}

Res mvt_init(Pool* pool, ArgList args) {
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
  mvt->nodes.init(pool->arena, pool);
  mvt->free_ranges.init();
  mvt->spans = nullptr;
  mvt->total_size = 0;
  mvt->free_spans = 0;
  mvt->lost_bytes = 0;
  return MPS_RES_OK;
}

void mvt_finish(Pool* pool) {
  MVT* mvt = mvt_of(pool);
  Arena* arena = pool->arena;
  for (MVTSpan* s = mvt->spans; s != nullptr; s = s->next) {
    arena_free(arena, s->base, s->size());  // span nodes live in node grains, still valid
  }
  mvt->spans = nullptr;
  mvt->nodes.finish();
  mvt->total_size = 0;
}

// Gets a new span of at least `size` bytes (rounded up to grains) from the
// arena.  The whole span is in use on return (not on the free list).
Res span_create(MVTSpan** span_o, MVT* mvt, std::size_t size) {
  Arena* arena = mvt->pool.arena;
  const std::size_t grain = arena_grain_size(arena);
  size = align_up(size, grain);
  void* mem;
  Res res = mvt->nodes.alloc(&mem);
  if (res != MPS_RES_OK) return res;
  Addr base;
  res = arena_alloc(&base, arena, size, &mvt->pool);
  if (res != MPS_RES_OK) {
    mvt->nodes.free(mem);
    return res;
  }
  auto* span = static_cast<MVTSpan*>(mem);
  span->base = base;
  span->limit = base + size;
  span->free_bytes = 0;
  for (std::size_t offset = 0; offset < size; offset += grain) {
    void** slot = arena_page_slot(arena, base + offset);
    MPS_ASSERT(slot != nullptr);
    *slot = span;
  }
  span->next = mvt->spans;
  mvt->spans = span;
  mvt->total_size += size;
  *span_o = span;
  return MPS_RES_OK;
}

// Returns an entirely free span to the arena.
void span_destroy(MVT* mvt, MVTSpan* span) {
  MPS_ASSERT(span->is_entirely_free());
  MVTRange* range = mvt->free_ranges.range_of_free_span(span);
  mvt->free_ranges.take_low(mvt->nodes, range, range->size());
  MVTSpan** link = &mvt->spans;
  while (*link != span) link = &(*link)->next;
  *link = span->next;
  mvt->total_size -= span->size();
  --mvt->free_spans;
  arena_free(mvt->pool.arena, span->base, span->size());
  mvt->nodes.free(span);
}

// Takes `size` bytes from the low end of a free range for a buffer.
Addr take_from_range(MVT* mvt, MVTRange* range, std::size_t size) {
  MVTSpan* span = range->span;
  if (span->is_entirely_free()) --mvt->free_spans;
  span->free_bytes -= size;
  return mvt->free_ranges.take_low(mvt->nodes, range, size);
}

// Records [base, limit) as free and gives memory beyond the reserve back to
// the arena.  If no node can be had for the range, the bytes are lost to
// this pool until it is destroyed (counted in lost_bytes).
void free_range(MVT* mvt, Addr base, std::size_t size) {
  MVTSpan* span = span_of(mvt, base);
  MPS_ASSERT_MSG(span != nullptr && base >= span->base && size <= addr_offset(base, span->limit),
                 "mps_free: the block is not inside memory of this MVT pool (wrong address or size)");
  Addr limit = base + size;
  Res res = mvt->free_ranges.insert(mvt->nodes, base, limit, span);
  if (res != MPS_RES_OK) {
    mvt->lost_bytes += addr_offset(base, limit);
    return;
  }
  span->free_bytes += addr_offset(base, limit);
  if (span->is_entirely_free()) ++mvt->free_spans;

  // Free spans beyond the reserve go back to the arena.
  while (mvt->free_spans > 0 && mvt->free_ranges.free_bytes() > mvt->reserve_limit) {
    MVTSpan* victim = mvt->spans;
    while (!victim->is_entirely_free()) victim = victim->next;
    span_destroy(mvt, victim);
  }
  MPS_ASSERT_COOL(mvt_check(mvt));
}

bool is_fragmented(const MVT* mvt) {
  return mvt->total_size > 0 &&
         static_cast<double>(mvt->free_ranges.free_bytes()) >
             mvt->frag_limit * static_cast<double>(mvt->total_size);
}

Res mvt_buffer_fill(Addr* base_o, Addr* limit_o, Pool* pool, Buffer*, std::size_t size) {
  MVT* mvt = mvt_of(pool);
  MVTSpan* span;
  Res res;

  // Large blocks get a span of their own.
  if (size > mvt->max_size) {
    res = span_create(&span, mvt, size);
    if (res != MPS_RES_OK) return res;
    *base_o = span->base;
    *limit_o = span->limit;
    return MPS_RES_OK;
  }

  const std::size_t want = mvt->fill_size;  // >= max_size >= size
  MVTRange* range = nullptr;
  if (is_fragmented(mvt)) {
    range = mvt->free_ranges.first_fit(size);           // reuse before growing
  } else {
    MVTRange* big = mvt->free_ranges.largest();          // temporal: only big ranges
    if (big != nullptr && big->size() >= want) range = big;
  }
  if (range == nullptr) {
    res = span_create(&span, mvt, want);
    if (res == MPS_RES_OK) {
      *base_o = span->base;
      *limit_o = span->limit;
      MPS_ASSERT_COOL(mvt_check(mvt));
      return MPS_RES_OK;
    }
    // The arena is exhausted: any free range that fits will do.
    range = mvt->free_ranges.first_fit(size);
    if (range == nullptr) return res;
  }
  const std::size_t take = range->size() < want ? range->size() : want;
  Addr base = take_from_range(mvt, range, take);
  *base_o = base;
  *limit_o = base + take;
  MPS_ASSERT_COOL(mvt_check(mvt));
  return MPS_RES_OK;
}

void mvt_buffer_empty(Pool* pool, Buffer*, Addr init, Addr limit) {
  MVT* mvt = mvt_of(pool);
  MPS_ASSERT(init <= limit);
  if (init < limit) free_range(mvt, init, addr_offset(init, limit));
}

void mvt_free(Pool* pool, Addr p, std::size_t size) {
  MVT* mvt = mvt_of(pool);
  MPS_ASSERT_MSG(p != nullptr && addr_is_aligned(p, pool->alignment),
                 "mps_free: the address is null or not aligned to the MVT pool's alignment");
  MPS_ASSERT_MSG(arena_addr_pool(pool->arena, p) == pool, "mps_free: the address is not in this MVT pool");
  free_range(mvt, p, align_up(size, pool->alignment));
}

std::size_t mvt_total_size(const Pool* pool) { return mvt_of(pool)->total_size; }
std::size_t mvt_free_size(const Pool* pool) { return mvt_of(pool)->free_ranges.free_bytes(); }

// mps_pool_create(..., mps_class_mvt(), size_t min, size_t mean, size_t max,
//                 mps_word_t reserve_depth, mps_word_t frag_limit_percent)
void mvt_varargs(mps_arg_s args[], va_list varargs) {
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
