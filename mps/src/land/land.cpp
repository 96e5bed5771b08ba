// land.cpp -- the free-range set: coalescing, searches, and the overflow
// list that makes insertion infallible.  See land.hpp, docs/design/land.md.
#include "land/land.hpp"

#include <cstring>

#include "base/check.hpp"

namespace mps {

namespace {

// --- The overflow list ---------------------------------------------------------
//
// An entry lives at the base of its free range.  Word 0 holds the next
// entry's address with bit 0 set when the range is a single word long (so
// there is no room for word 1); otherwise word 1 holds the range's size.
// Ranges are at least one word and word-aligned, so bit 0 of a link is free.

constexpr Word kOneWordFlag = 1;

inline Word load_word(Addr at) {
  Word w;
  std::memcpy(&w, at, sizeof w);
  return w;
}
inline void store_word(Addr at, Word w) { std::memcpy(at, &w, sizeof w); }

void overflow_push(Land* land, Addr base, Addr limit) {
  const std::size_t size = addr_offset(base, limit);
  if (size < 2 * kWordSize) {
    store_word(base, word_of(land->overflow) | kOneWordFlag);
  } else {
    store_word(base, word_of(land->overflow));
    store_word(base + kWordSize, size);
  }
  land->overflow = base;
  ++land->overflow_ranges;
}

bool overlaps_overflow(const Land* land, Addr base, Addr limit) {
  for (Addr entry = land->overflow; entry != nullptr;
       entry = land_detail::overflow_next(entry, land->unit)) {
    Addr entry_limit = entry + land_detail::overflow_size(entry, land->unit);
    if (entry < limit && base < entry_limit) return true;
  }
  return false;
}

// --- The tree ----------------------------------------------------------------------

// True if the node pool holds (or can get) the nodes an insertion may need.
inline bool nodes_ready(Land* land) {
  const std::size_t need = range_btree_nodes_for_insert(&land->tree);
  return land->nodes->free_count >= need || node_pool_reserve(land->nodes, need) == MPS_RES_OK;
}

// Adds [base, limit) to the tree, coalescing.  Does not touch land->size.
// Returns false if it overlaps a tree range; pushes it on the overflow list
// if it needs nodes and they cannot be got.
bool tree_insert(Land* land, Addr base, Addr limit) {
  RangeRef pred, succ;
  range_btree_neighbours(&land->tree, base, &pred, &succ);
  if ((pred.exists() && pred.limit() > base) || (succ.exists() && succ.base() < limit)) return false;
  const bool join_pred = pred.exists() && pred.limit() == base;
  const bool join_succ = succ.exists() && succ.base() == limit;
  if (join_pred && join_succ) {
    // Widen pred over succ first (set moves no entry, so succ's ref stays
    // good), then remove succ: one descent, not two.
    range_btree_set(&land->tree, pred, pred.base(), succ.limit());
    range_btree_remove(&land->tree, land->nodes, succ);
  } else if (join_pred) {
    range_btree_set(&land->tree, pred, pred.base(), limit);
  } else if (join_succ) {
    range_btree_set(&land->tree, succ, base, succ.limit());
  } else if (nodes_ready(land)) {
    range_btree_insert(&land->tree, land->nodes, pred, base, limit);
  } else {
    overflow_push(land, base, limit);
  }
  return true;
}

inline void fold_if_needed(Land* land) {
  if (land->overflow != nullptr) (void)land_flush(land);
}

}  // namespace

namespace land_detail {

Addr overflow_next(Addr entry, std::size_t) noexcept {
  return addr_from_word(load_word(entry) & ~kOneWordFlag);
}

std::size_t overflow_size(Addr entry, std::size_t) noexcept {
  const Word link = load_word(entry);
  return (link & kOneWordFlag) != 0 ? kWordSize : load_word(entry + kWordSize);
}

}  // namespace land_detail

std::size_t land_overflow_header_bytes(std::size_t range_size) noexcept {
  return range_size < 2 * kWordSize ? kWordSize : 2 * kWordSize;
}

void land_init(Land* land, NodePool* nodes, std::size_t unit) noexcept {
  MPS_ASSERT(is_pow2(unit) && unit >= kWordSize);
  range_btree_init(&land->tree);
  land->nodes = nodes;
  land->overflow = nullptr;
  land->size = 0;
  land->overflow_ranges = 0;
  land->unit = unit;
  land->fold_hook = nullptr;
  land->fold_closure = nullptr;
}

void land_finish(Land* land) noexcept {
  range_btree_finish(&land->tree, land->nodes);
  land->overflow = nullptr;
  land->size = land->overflow_ranges = 0;
}

bool land_insert(Land* land, Addr base, Addr limit) noexcept {
  MPS_ASSERT(base < limit);
  MPS_ASSERT_COOL(addr_is_aligned(base, land->unit) && addr_is_aligned(limit, land->unit));
  if constexpr (kVariety == Variety::cool) {
    if (land->overflow != nullptr && overlaps_overflow(land, base, limit)) return false;
  }
  if (!tree_insert(land, base, limit)) return false;
  land->size += addr_offset(base, limit);
  return true;
}

Res land_delete(Land* land, Addr base, Addr limit) noexcept {
  MPS_ASSERT(base < limit);
  RangeRef pred, succ;
  range_btree_neighbours(&land->tree, base, &pred, &succ);
  if (!pred.exists() || limit > pred.limit()) return MPS_RES_FAIL;
  const Addr old_base = pred.base();
  const Addr old_limit = pred.limit();
  if (old_base == base && old_limit == limit) {
    range_btree_remove(&land->tree, land->nodes, pred);
  } else if (old_base == base) {
    range_btree_set(&land->tree, pred, limit, old_limit);
  } else if (old_limit == limit) {
    range_btree_set(&land->tree, pred, old_base, base);
  } else {
    // From the middle: the upper part becomes a new range after pred.
    Res res = node_pool_reserve(land->nodes, range_btree_nodes_for_insert(&land->tree));
    if (res != MPS_RES_OK) return res;
    range_btree_set(&land->tree, pred, old_base, base);
    range_btree_insert(&land->tree, land->nodes, pred, limit, old_limit);
  }
  land->size -= addr_offset(base, limit);
  return MPS_RES_OK;
}

bool land_contains(const Land* land, Addr base, Addr limit) noexcept {
  RangeRef pred, succ;
  range_btree_neighbours(&land->tree, base, &pred, &succ);
  return pred.exists() && limit <= pred.limit();
}

bool land_find_first(Addr* base_o, Addr* limit_o, Land* land, std::size_t size, bool high) noexcept {
  fold_if_needed(land);
  RangeRef found = range_btree_first_fit(&land->tree, size, high);
  if (!found.exists()) return false;
  *base_o = found.base();
  *limit_o = found.limit();
  return true;
}

bool land_find_largest(Addr* base_o, Addr* limit_o, Land* land) noexcept {
  fold_if_needed(land);
  RangeRef found = range_btree_largest(&land->tree);
  if (!found.exists()) return false;
  *base_o = found.base();
  *limit_o = found.limit();
  return true;
}

bool land_take_first_bounded(Addr* base_o, Addr* limit_o, Land* land, std::size_t size,
                             std::size_t most, bool search_high, bool take_high) noexcept {
  MPS_ASSERT(most >= size);
  fold_if_needed(land);
  RangeRef found = range_btree_first_fit(&land->tree, size, search_high);
  if (!found.exists()) return false;
  const Addr base = found.base();
  const Addr limit = found.limit();
  const std::size_t take = found.size() <= most ? found.size() : most;
  Addr block;
  if (take == found.size()) {
    block = base;
    range_btree_remove(&land->tree, land->nodes, found);
  } else if (take_high) {
    block = limit - take;
    range_btree_set(&land->tree, found, base, block);
  } else {
    block = base;
    range_btree_set(&land->tree, found, base + take, limit);
  }
  land->size -= take;
  *base_o = block;
  *limit_o = block + take;
  return true;
}

bool land_take_first(Addr* base_o, Land* land, std::size_t size, bool search_high,
                     bool take_high) noexcept {
  Addr limit;
  return land_take_first_bounded(base_o, &limit, land, size, size, search_high, take_high);
}

bool land_take_largest(Addr* base_o, Addr* limit_o, Land* land, std::size_t min_size) noexcept {
  fold_if_needed(land);
  RangeRef found = range_btree_largest(&land->tree);
  if (!found.exists() || found.size() < min_size) return false;
  *base_o = found.base();
  *limit_o = found.limit();
  land->size -= found.size();
  range_btree_remove(&land->tree, land->nodes, found);
  return true;
}

bool land_flush(Land* land) noexcept {
  while (land->overflow != nullptr) {
    // Make sure the insertion below cannot overflow again.
    if (!nodes_ready(land)) return false;
    Addr base = land->overflow;
    const std::size_t size = land_detail::overflow_size(base, land->unit);
    land->overflow = land_detail::overflow_next(base, land->unit);
    --land->overflow_ranges;
    const bool inserted = tree_insert(land, base, base + size);
    MPS_ASSERT(inserted);  // overflow ranges were checked against the tree when freed
    if (land->fold_hook != nullptr) {
      land->fold_hook(land->fold_closure, base, land_overflow_header_bytes(size));
    }
  }
  return true;
}

bool land_check(const Land* land) noexcept {
  if (!range_btree_check(&land->tree)) return false;
  std::size_t tree_ranges = 0, overflow_ranges = 0, size = 0;
  Addr prev_limit = nullptr;
  bool ok = true;
  land_each(land, [&](Addr base, Addr limit, bool in_overflow) {
    if (!addr_is_aligned(base, land->unit) || !addr_is_aligned(limit, land->unit)) ok = false;
    if (in_overflow) {
      ++overflow_ranges;
    } else {
      if (prev_limit != nullptr && prev_limit >= base) ok = false;  // touching: not coalesced
      prev_limit = limit;
      ++tree_ranges;
    }
    size += addr_offset(base, limit);
    return ok;
  });
  return ok && tree_ranges == land->tree.count && overflow_ranges == land->overflow_ranges &&
         size == land->size;
}

}  // namespace mps
