// arena_alloc.cpp -- grains for pools and for the control allocator: finding
// free runs, committing on demand under the commit limit, keeping freed
// memory as spare up to the spare fraction, and the settings that change
// those bounds (arena_set_spare, arena_set_commit_limit).
// See docs/design/arena.md.
#include <cmath>

#include "arena/arena_internal.hpp"
#include "base/check.hpp"
#include "os/vm.hpp"

namespace mps {

namespace {

// A run of grains [base, limit) in one chunk.
struct GrainRun {
  Chunk* chunk;
  std::size_t base;
  std::size_t limit;
};

// The lowest run of `n` free grains of `chunk` lying wholly in zones of
// `zones`.  The chunk's grains are cut into the stretches of consecutive
// zone stripes that are all in the set (a zone recurs every 64 stripes, so a
// big chunk has several stretches per zone); each stretch, rounded inwards
// to whole grains, is searched in address order.
bool find_run_in_zones(std::size_t* found, const Chunk* chunk, unsigned grain_shift, std::size_t n,
                       ZoneSet zones) {
  if (zones == kZoneSetUniverse) return chunk->allocated.find_reset_run(found, 0, chunk->page_count, n);
  if (zones == kZoneSetEmpty) return false;
  constexpr Word kStripe = Word{1} << kZoneShift;
  const Word pages_base = word_of(chunk->pages_base);
  const Word pages_limit = pages_base + (Word{chunk->page_count} << grain_shift);
  Word stripe = align_down(pages_base, kStripe);
  while (stripe < pages_limit) {
    if ((zones & zone_set_of_zone(zone_of(stripe))) == 0) {
      stripe += kStripe;
      continue;
    }
    Word end = stripe + kStripe;
    while (end < pages_limit && (zones & zone_set_of_zone(zone_of(end))) != 0) end += kStripe;
    const Word lo = stripe < pages_base ? pages_base : stripe;
    const Word hi = end > pages_limit ? pages_limit : end;
    const std::size_t first = (align_up(lo, Word{1} << grain_shift) - pages_base) >> grain_shift;
    const std::size_t last = (hi - pages_base) >> grain_shift;
    if (last >= first + n && chunk->allocated.find_reset_run(found, first, last, n)) return true;
    stripe = end;
  }
  return false;
}

// A free run of `n` grains, searching the chunks in address order (from the
// top for Placement::high, which takes no zone preference).
bool find_free_run(GrainRun* run, const ChunkIndex* index, std::size_t n, Placement placement,
                   unsigned grain_shift, ZoneSet zones = kZoneSetUniverse) {
  MPS_ASSERT(placement == Placement::low || zones == kZoneSetUniverse);
  for (std::size_t k = 0; k < index->count; ++k) {
    Chunk* chunk = index->chunks[placement == Placement::high ? index->count - 1 - k : k];
    if (chunk->free_grains < n) continue;
    std::size_t found;
    const bool ok =
        placement == Placement::high
            ? chunk->allocated.find_reset_run_high(&found, 0, chunk->page_count, n)
            : find_run_in_zones(&found, chunk, grain_shift, n, zones);
    if (ok) {
      *run = GrainRun{chunk, found, found + n};
      return true;
    }
  }
  return false;
}

// Decommits up to `want` grains of spare memory from the top of the spare
// range [base, limit) of `chunk`; returns how many.
std::size_t decommit_spare(Arena* arena, Chunk* chunk, std::size_t base, std::size_t limit,
                           std::size_t want) {
  MPS_ASSERT_COOL(chunk->committed.is_range_set(base, limit));
  MPS_ASSERT_COOL(chunk->allocated.is_range_reset(base, limit));
  const std::size_t k = limit - base < want ? limit - base : want;
  if (k == 0) return 0;
  const std::size_t from = limit - k;
  arena->klass->decommit(chunk_page_base(chunk, from), k << arena->grain_shift);
  chunk->committed.reset_range(from, limit);
  arena->committed -= k << arena->grain_shift;
  arena->spare_committed -= k << arena->grain_shift;
  return k;
}

// Decommits at least `want` grains of spare memory if there are that many,
// never touching the run `avoid` (which the caller is about to allocate).
// Returns the grains decommitted.
std::size_t drop_spare_grains(Arena* arena, std::size_t want, const GrainRun* avoid) {
  std::size_t dropped = 0;
  const ChunkIndex* index = arena->current_index;
  for (std::size_t k = 0; k < index->count && dropped < want; ++k) {
    Chunk* chunk = index->chunks[k];
    std::size_t i = 0;
    while (dropped < want) {
      // Next spare range: committed and not allocated.
      const std::size_t s = find_set_and_reset(chunk->committed, chunk->allocated, i,
                                               chunk->page_count);
      if (s == chunk->page_count) break;
      std::size_t e = chunk->committed.find_reset(s, chunk->page_count);
      const std::size_t a = chunk->allocated.find_set(s, e);
      if (a < e) e = a;
      if (avoid != nullptr && avoid->chunk == chunk && s < avoid->limit && avoid->base < e) {
        // Split around the avoided run.
        if (s < avoid->base) dropped += decommit_spare(arena, chunk, s, avoid->base, want - dropped);
        if (avoid->limit < e && dropped < want) {
          dropped += decommit_spare(arena, chunk, avoid->limit, e, want - dropped);
        }
      } else {
        dropped += decommit_spare(arena, chunk, s, e, want - dropped);
      }
      i = e;
    }
  }
  return dropped;
}

// Makes room for committing `bytes` more under the commit limit, dropping
// spare memory outside `avoid` if necessary.  `avoid_spare` is the spare
// memory inside `avoid`, which cannot be dropped.  On failure nothing has
// changed.
Res make_commit_room(Arena* arena, std::size_t bytes, const GrainRun* avoid,
                     std::size_t avoid_spare) {
  const std::size_t headroom = arena->commit_limit - arena->committed;
  if (bytes <= headroom) return MPS_RES_OK;
  const std::size_t over = bytes - headroom;
  if (over > arena->spare_committed - avoid_spare) return MPS_RES_COMMIT_LIMIT;
  const std::size_t grains = (over + arena->grain_size - 1) >> arena->grain_shift;
  drop_spare_grains(arena, grains, avoid);
  MPS_ASSERT(bytes <= arena->commit_limit - arena->committed);
  return MPS_RES_OK;
}

// Calls f(base, limit) for each maximal run of reset bits of `table` in
// [base, limit), stopping early (and returning its result) if f fails.
template <typename F>
Res for_each_reset_run(const BitTable& table, std::size_t base, std::size_t limit, F f) {
  std::size_t i = table.find_reset(base, limit);
  while (i < limit) {
    const std::size_t e = table.find_set(i, limit);
    Res res = f(i, e);
    if (res != MPS_RES_OK) return res;
    i = table.find_reset(e, limit);
  }
  return MPS_RES_OK;
}

// Commits the page-table pages describing `run` that are not committed yet.
// On failure, decommits what it committed.
Res commit_page_table(Arena* arena, const GrainRun& run, std::size_t first, std::size_t limit) {
  Chunk* chunk = run.chunk;
  const std::size_t page = os::page_size();
  std::size_t done_limit = first;
  Res res = for_each_reset_run(chunk->page_table_committed, first, limit,
                               [&](std::size_t b, std::size_t e) {
    Res r = arena->klass->commit(chunk_page_table_page(chunk, b, page), (e - b) * page);
    if (r == MPS_RES_OK) done_limit = e;
    return r;
  });
  if (res != MPS_RES_OK) {
    for_each_reset_run(chunk->page_table_committed, first, done_limit,
                       [&](std::size_t b, std::size_t e) {
      arena->klass->decommit(chunk_page_table_page(chunk, b, page), (e - b) * page);
      return MPS_RES_OK;
    });
  }
  return res;
}

// Commits the grains of `run` that are not committed yet (the others are
// spare).  On failure, decommits what it committed.
Res commit_grains(Arena* arena, const GrainRun& run) {
  Chunk* chunk = run.chunk;
  std::size_t done_limit = run.base;
  Res res = for_each_reset_run(chunk->committed, run.base, run.limit,
                               [&](std::size_t b, std::size_t e) {
    Res r = arena->klass->commit(chunk_page_base(chunk, b), (e - b) << arena->grain_shift);
    if (r == MPS_RES_OK) done_limit = e;
    return r;
  });
  if (res != MPS_RES_OK) {
    for_each_reset_run(chunk->committed, run.base, done_limit, [&](std::size_t b, std::size_t e) {
      arena->klass->decommit(chunk_page_base(chunk, b), (e - b) << arena->grain_shift);
      return MPS_RES_OK;
    });
  }
  return res;
}

// Allocates the free run `run` to `owner`: commits what it needs under the
// commit limit and marks it in the page table.  On failure nothing changes.
Res allocate_run(Addr* base_o, Arena* arena, const GrainRun& run, Pool* owner) {
  Chunk* chunk = run.chunk;
  const std::size_t n = run.limit - run.base;
  const std::size_t spare_grains = chunk->committed.count_set(run.base, run.limit);
  std::size_t pt_first, pt_limit;
  chunk_page_table_span(chunk, run.base, run.limit, &pt_first, &pt_limit);
  const std::size_t pt_new =
      (pt_limit - pt_first) - chunk->page_table_committed.count_set(pt_first, pt_limit);
  const std::size_t need =
      ((n - spare_grains) << arena->grain_shift) + pt_new * os::page_size();
  const std::size_t avoid_spare = spare_grains << arena->grain_shift;

  Res res = make_commit_room(arena, need, &run, avoid_spare);
  if (res != MPS_RES_OK) return res;
  res = commit_page_table(arena, run, pt_first, pt_limit);
  if (res != MPS_RES_OK) return res;
  res = commit_grains(arena, run);
  if (res != MPS_RES_OK) {
    // Give back the page-table pages committed for this run alone.
    const std::size_t page = os::page_size();
    for_each_reset_run(chunk->page_table_committed, pt_first, pt_limit,
                       [&](std::size_t b, std::size_t e) {
      arena->klass->decommit(chunk_page_table_page(chunk, b, page), (e - b) * page);
      return MPS_RES_OK;
    });
    return res;
  }

  chunk->page_table_committed.set_range(pt_first, pt_limit);
  chunk->committed.set_range(run.base, run.limit);
  chunk->allocated.set_range(run.base, run.limit);
  for (std::size_t i = run.base; i < run.limit; ++i) chunk->page_table[i] = PageDesc{owner, nullptr};
  chunk->free_grains -= n;
  arena->committed += need;
  arena->spare_committed -= avoid_spare;
  *base_o = chunk_page_base(chunk, run.base);
  return MPS_RES_OK;
}

// How many grains must be decommitted to bring spare memory within the
// fraction `spare` of committed memory (each one lowers both).
std::size_t excess_spare_grains(const Arena* arena, double spare) {
  const double sc = static_cast<double>(arena->spare_committed);
  const double c = static_cast<double>(arena->committed);
  if (sc <= spare * c) return 0;
  if (spare >= 1.0) return 0;
  const double bytes = (sc - spare * c) / (1.0 - spare);
  const auto grains = static_cast<std::size_t>(std::ceil(bytes / static_cast<double>(arena->grain_size)));
  return grains == 0 ? 1 : grains;
}

}  // namespace

double arena_effective_spare(const Arena* arena) noexcept {
  return arena->klass->is_vm ? arena->spare : 0.0;
}

std::size_t arena_drop_spare(Arena* arena, std::size_t bytes) noexcept {
  const std::size_t grains = (bytes + arena->grain_size - 1) >> arena->grain_shift;
  return drop_spare_grains(arena, grains, nullptr) << arena->grain_shift;
}

void arena_trim_spare(Arena* arena) noexcept {
  const double spare = arena_effective_spare(arena);
  for (;;) {
    const std::size_t excess = excess_spare_grains(arena, spare);
    if (excess == 0 || drop_spare_grains(arena, excess, nullptr) == 0) return;
  }
}

namespace {

// arena_alloc_grains with zone preferences (see arena_alloc_zoned).
Res alloc_grains_preferring(Addr* base_o, Arena* arena, std::size_t size, Pool* owner, Placement placement,
                            const ZoneSet* prefer, std::size_t count) {
  MPS_ASSERT(arena_check(arena) && arena_accounting_check(arena));
  MPS_ASSERT(base_o != nullptr);
  MPS_ASSERT_MSG(size > 0 && is_aligned(size, arena->grain_size),
                 "arena_alloc: size must be a positive multiple of the grain size");
  // Even dropping every spare grain could not make room: fail before
  // searching or reserving.  (committed <= commit_limit, so no underflow.)
  const std::size_t in_use = arena->committed - arena->spare_committed;
  if (size > arena->commit_limit - in_use) return MPS_RES_COMMIT_LIMIT;

  const std::size_t n = size >> arena->grain_shift;
  const unsigned shift = arena->grain_shift;
  GrainRun run;
  bool found = false;
  for (std::size_t i = 0; i < count && !found; ++i) {
    found = find_free_run(&run, arena->current_index, n, placement, shift, prefer[i]);
  }
  if (!found) found = find_free_run(&run, arena->current_index, n, placement, shift);
  if (!found) {
    Chunk* chunk;
    Res res = arena->klass->grow(&chunk, arena, size);
    if (res != MPS_RES_OK) return res;
    for (std::size_t i = 0; i < count && !found; ++i) {
      found = find_run_in_zones(&run.base, chunk, shift, n, prefer[i]);
    }
    if (!found) {
      found = placement == Placement::high
                  ? chunk->allocated.find_reset_run_high(&run.base, 0, chunk->page_count, n)
                  : chunk->allocated.find_reset_run(&run.base, 0, chunk->page_count, n);
    }
    MPS_ASSERT(found);  // a new chunk has room for the request
    run.chunk = chunk;
    run.limit = run.base + n;
  }
  return allocate_run(base_o, arena, run, owner);
}

}  // namespace

Res arena_alloc_grains(Addr* base_o, Arena* arena, std::size_t size, Pool* owner,
                       Placement placement) noexcept {
  return alloc_grains_preferring(base_o, arena, size, owner, placement, nullptr, 0);
}

Res arena_alloc(Addr* base_o, Arena* arena, std::size_t size, Pool* pool,
                Placement placement) noexcept {
  MPS_ASSERT_MSG(pool != nullptr, "arena_alloc: memory must be owned by a pool");
  return arena_alloc_grains(base_o, arena, size, pool, placement);
}

Res arena_alloc_zoned(Addr* base_o, Arena* arena, std::size_t size, Pool* pool, const ZoneSet* prefer,
                      std::size_t count) noexcept {
  MPS_ASSERT_MSG(pool != nullptr, "arena_alloc: memory must be owned by a pool");
  MPS_ASSERT(prefer != nullptr || count == 0);
  if (!arena->zoned) count = 0;
  return alloc_grains_preferring(base_o, arena, size, pool, Placement::low, prefer, count);
}

void arena_free_grains(Arena* arena, Addr base, std::size_t size, bool control) noexcept {
  MPS_ASSERT(arena_check(arena) && arena_accounting_check(arena));
  MPS_ASSERT_MSG(size > 0 && is_aligned(size, arena->grain_size) &&
                     addr_is_aligned(base, arena->grain_size),
                 "arena_free: base and size must be multiples of the grain size");
  Chunk* chunk = arena_chunk_of(arena, base);
  MPS_ASSERT_MSG(chunk != nullptr && base >= chunk->pages_base &&
                     size <= addr_offset(base, chunk->limit),
                 "arena_free: memory was not allocated by this arena");
  const std::size_t first = chunk_page_index(chunk, base);
  const std::size_t limit = first + (size >> arena->grain_shift);
  MPS_ASSERT_MSG(chunk->allocated.is_range_set(first, limit),
                 "arena_free: memory is not allocated (freed twice, or never allocated)");
  if constexpr (kVariety == Variety::cool) {
    for (std::size_t i = first; i < limit; ++i) {
      MPS_ASSERT_MSG((chunk->page_table[i].pool == nullptr) == control,
                     control ? "arena_control_free: memory is not control memory"
                             : "arena_free: memory is not allocated to a pool");
    }
  }
  for (std::size_t i = first; i < limit; ++i) chunk->page_table[i] = PageDesc{nullptr, nullptr};
  chunk->allocated.reset_range(first, limit);
  chunk->free_grains += limit - first;
  arena->spare_committed += size;

  // Keep the freed grains as spare if the fraction allows; if not, they are
  // the first to go (they are known spare, no search needed).
  const double spare = arena_effective_spare(arena);
  const std::size_t excess = excess_spare_grains(arena, spare);
  if (excess > 0) decommit_spare(arena, chunk, first, limit, excess);
  arena_trim_spare(arena);
}

void arena_free(Arena* arena, Addr base, std::size_t size) noexcept {
  arena_free_grains(arena, base, size, false);
}

Res arena_set_commit_limit(Arena* arena, std::size_t limit) noexcept {
  MPS_ASSERT(arena_check(arena) && arena_accounting_check(arena));
  if (limit < arena->committed) {
    const std::size_t over = arena->committed - limit;
    if (over > arena->spare_committed) return MPS_RES_FAIL;
    arena_drop_spare(arena, over);
    MPS_ASSERT(arena->committed <= limit);
  }
  arena->commit_limit = limit;
  return MPS_RES_OK;
}

void arena_set_spare(Arena* arena, double spare) noexcept {
  MPS_ASSERT(arena_check(arena) && arena_accounting_check(arena));
  MPS_ASSERT_MSG(spare >= 0.0 && spare <= 1.0, "arena_set_spare: spare must be between 0.0 and 1.0");
  arena->spare = spare;
  arena_trim_spare(arena);
}

}  // namespace mps
