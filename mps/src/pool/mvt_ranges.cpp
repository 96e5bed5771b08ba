// mvt_ranges.cpp -- MVT's held and free lands: getting memory from the
// arena, recording frees, taking buffer regions, and giving whole free
// grains back.  See mvt_ranges.hpp for the invariants and
// docs/design/mvt.md for the policy that calls these.
#include "pool/mvt_ranges.hpp"

#include <cstdint>

#include "base/check.hpp"
#include "pool/pool.hpp"

namespace mps {

void MVTRanges::init(Pool* owner, std::size_t align) noexcept {
  arena_ = owner->arena;
  owner_ = owner;
  grain_ = arena_grain_size(arena_);
  lowest_ = highest_ = nullptr;
  fruitless_max_ = 0;
  node_pool_init(&nodes_, land_block_source_of_arena(arena_));
  land_init(&held_, &nodes_, grain_);
  land_init(&free_, &nodes_, align);
}

void MVTRanges::finish() noexcept {
  // Held ranges are coalesced across arena pieces; the arena takes back any
  // whole-grain range of memory it handed out, so each goes back in one call.
  land_each(&held_, [&](Addr base, Addr limit, bool) {
    arena_free(arena_, base, addr_offset(base, limit));
    return true;
  });
  land_finish(&free_);
  land_finish(&held_);
  node_pool_finish(&nodes_);
}

Res MVTRanges::reserve_nodes() noexcept {
  return node_pool_reserve(&nodes_, land_nodes_for_insert(&held_) + land_nodes_for_insert(&free_));
}

Res MVTRanges::extend(Addr* base_o, Addr* limit_o, std::size_t size) noexcept {
  if (size > SIZE_MAX - grain_) return MPS_RES_RESOURCE;
  size = align_up(size, grain_);
  // Nodes first: held must never overflow (see the header).
  Res res = node_pool_reserve(&nodes_, land_nodes_for_insert(&held_));
  if (res != MPS_RES_OK) return res;
  Addr base;
  res = arena_alloc(&base, arena_, size, owner_);
  if (res != MPS_RES_OK) return res;
  const bool inserted = land_insert(&held_, base, base + size);
  MPS_ASSERT(inserted);  // the arena never hands out memory twice
  MPS_ASSERT(held_.overflow == nullptr);
  if (lowest_ == nullptr || base < lowest_) lowest_ = base;
  if (base + size > highest_) highest_ = base + size;
  *base_o = base;
  *limit_o = base + size;
  return MPS_RES_OK;
}

bool MVTRanges::add_free(Addr base, Addr limit) noexcept {
  // land_insert never fails for want of nodes: at the commit limit the
  // range goes on the overflow list and still counts as free.
  return land_insert(&free_, base, limit);
}

void MVTRanges::take_low(Addr* base_o, Addr* limit_o, Addr base, Addr limit, std::size_t want) noexcept {
  const std::size_t size = addr_offset(base, limit);
  if (size == fruitless_max_) fruitless_max_ = 0;  // it may have been the largest
  const Addr taken_limit = base + (size < want ? size : want);
  // Shrinking a range from its low end needs no node.
  const Res res = land_delete(&free_, base, taken_limit);
  MPS_ASSERT(res == MPS_RES_OK);
  (void)res;
  *base_o = base;
  *limit_o = taken_limit;
}

bool MVTRanges::take_largest(Addr* base_o, Addr* limit_o, std::size_t min_size,
                             std::size_t want) noexcept {
  Addr base, limit;
  if (!land_find_largest(&base, &limit, &free_) || addr_offset(base, limit) < min_size) return false;
  take_low(base_o, limit_o, base, limit, want);
  return true;
}

bool MVTRanges::take_first(Addr* base_o, Addr* limit_o, std::size_t size, std::size_t want) noexcept {
  Addr base, limit;
  if (!land_find_first(&base, &limit, &free_, size, false)) return false;
  take_low(base_o, limit_o, base, limit, want);
  return true;
}

void MVTRanges::return_excess(std::size_t keep) noexcept {
  while (land_size(&free_) > keep) {
    if (!may_return()) return;
    Addr base, limit;
    if (!land_find_largest(&base, &limit, &free_)) return;
    Addr grain_base = addr_align_up(base, grain_);
    const Addr grain_limit = addr_align_down(limit, grain_);
    // Only the largest range is tried: a smaller one might hold a whole
    // grain when this one does not, but finding it would cost a scan.
    if (grain_base >= grain_limit) {
      fruitless_max_ = addr_offset(base, limit);
      return;
    }
    fruitless_max_ = 0;
    // Give back only the excess (in whole grains), from the top of the range.
    const std::size_t excess = align_up(land_size(&free_) - keep, grain_);
    if (addr_offset(grain_base, grain_limit) > excess) grain_base = grain_limit - excess;
    // Either delete may split a range in two; with the nodes in hand neither
    // fails.  Without them the grains are simply kept for now.
    if (reserve_nodes() != MPS_RES_OK) return;
    Res res = land_delete(&free_, grain_base, grain_limit);
    MPS_ASSERT(res == MPS_RES_OK);
    res = land_delete(&held_, grain_base, grain_limit);
    MPS_ASSERT(res == MPS_RES_OK);  // free memory lies inside held memory
    (void)res;
    arena_free(arena_, grain_base, addr_offset(grain_base, grain_limit));
  }
}

bool MVTRanges::check() const noexcept {
  if (!land_check(&held_) || !land_check(&free_)) return false;
  if (held_.overflow != nullptr) return false;
  if (land_size(&free_) > land_size(&held_)) return false;
  bool ok = true;
  land_each(&held_, [&](Addr base, Addr limit, bool) {
    ok = arena_addr_pool(arena_, base) == owner_ && arena_addr_pool(arena_, limit - 1) == owner_;
    return ok;
  });
  if (!ok) return false;
  land_each(&free_, [&](Addr base, Addr limit, bool) {
    ok = land_contains(&held_, base, limit);
    return ok;
  });
  return ok;
}

}  // namespace mps
