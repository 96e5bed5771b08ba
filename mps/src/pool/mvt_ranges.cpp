// mvt_ranges.cpp -- MVT's node store and address-ordered free-range list;
// see mvt_ranges.hpp and docs/design/mvt.md.
#include "pool/mvt_ranges.hpp"

#include "base/check.hpp"

namespace mps {

namespace {

constexpr std::size_t kNodeSize =
    align_up(sizeof(MVTSpan) > sizeof(MVTRange) ? sizeof(MVTSpan) : sizeof(MVTRange), sizeof(void*));

}  // namespace

// --- Nodes --------------------------------------------------------------------

void MVTNodeStore::init(Arena* arena, Pool* owner) noexcept {
  arena_ = arena;
  owner_ = owner;
  free_ = nullptr;
  grains_ = nullptr;
}

void MVTNodeStore::finish() noexcept {
  const std::size_t grain = arena_grain_size(arena_);
  Addr g = grains_;
  while (g != nullptr) {
    Addr next = *reinterpret_cast<Addr*>(g);  // read before the grain goes
    arena_free(arena_, g, grain);
    g = next;
  }
  grains_ = nullptr;
  free_ = nullptr;
}

Res MVTNodeStore::alloc(void** node_o) noexcept {
  if (free_ == nullptr) {
    const std::size_t grain = arena_grain_size(arena_);
    Addr g;
    Res res = arena_alloc(&g, arena_, grain, owner_);
    if (res != MPS_RES_OK) return res;
    // Null page slot: the grain is the pool's but holds no span, so a
    // client free of an address in it is caught.
    if (void** slot = arena_page_slot(arena_, g)) *slot = nullptr;
    // Slot 0 links the grains; the rest become free nodes.
    *reinterpret_cast<Addr*>(g) = grains_;
    grains_ = g;
    for (std::size_t offset = grain - kNodeSize; offset >= kNodeSize; offset -= kNodeSize) {
      auto* node = reinterpret_cast<FreeNode*>(g + offset);
      node->next = free_;
      free_ = node;
    }
  }
  FreeNode* node = free_;
  free_ = node->next;
  *node_o = node;
  return MPS_RES_OK;
}

void MVTNodeStore::free(void* node) noexcept {
  auto* n = static_cast<FreeNode*>(node);
  n->next = free_;
  free_ = n;
}

// --- Free ranges ----------------------------------------------------------------

Res MVTRangeList::insert(MVTNodeStore& nodes, Addr base, Addr limit, MVTSpan* span) noexcept {
  MPS_ASSERT(base < limit);
  MPS_ASSERT(span->base <= base && limit <= span->limit);
  // Invariant kept: the list is sorted by address.  Linear search: MVT keeps
  // a bounded reserve, so the list stays short in the intended use.
  MVTRange* prev = nullptr;
  MVTRange* next = head_;
  while (next != nullptr && next->base < base) {
    prev = next;
    next = next->next;
  }
  MPS_ASSERT_MSG(prev == nullptr || prev->limit <= base,
                 "mps_free: the block overlaps free memory in the MVT pool (double free?)");
  MPS_ASSERT_MSG(next == nullptr || limit <= next->base,
                 "mps_free: the block overlaps free memory in the MVT pool (double free?)");

  const bool join_prev = prev != nullptr && prev->limit == base && prev->span == span;
  const bool join_next = next != nullptr && next->base == limit && next->span == span;
  if (join_prev && join_next) {
    prev->limit = next->limit;
    prev->next = next->next;
    nodes.free(next);
    --count_;
  } else if (join_prev) {
    prev->limit = limit;
  } else if (join_next) {
    next->base = base;
  } else {
    void* mem;
    Res res = nodes.alloc(&mem);
    if (res != MPS_RES_OK) return res;
    auto* range = static_cast<MVTRange*>(mem);
    range->base = base;
    range->limit = limit;
    range->span = span;
    range->next = next;
    if (prev == nullptr) head_ = range; else prev->next = range;
    ++count_;
  }
  free_bytes_ += addr_offset(base, limit);
  return MPS_RES_OK;
}

MVTRange* MVTRangeList::first_fit(std::size_t size) const noexcept {
  for (MVTRange* r = head_; r != nullptr; r = r->next) {
    if (r->size() >= size) return r;
  }
  return nullptr;
}

MVTRange* MVTRangeList::largest() const noexcept {
  MVTRange* best = nullptr;
  for (MVTRange* r = head_; r != nullptr; r = r->next) {
    if (best == nullptr || r->size() > best->size()) best = r;
  }
  return best;
}

MVTRange* MVTRangeList::range_of_free_span(const MVTSpan* span) const noexcept {
  for (MVTRange* r = head_; r != nullptr && r->base <= span->base; r = r->next) {
    if (r->base == span->base) {
      MPS_ASSERT(r->limit == span->limit && r->span == span);
      return r;
    }
  }
  MPS_ASSERT_MSG(false, "MVT: a span counted as free has no free range");
  return nullptr;
}

void MVTRangeList::unlink(MVTNodeStore& nodes, MVTRange* range) noexcept {
  if (head_ == range) {
    head_ = range->next;
  } else {
    MVTRange* prev = head_;
    while (prev->next != range) prev = prev->next;
    prev->next = range->next;
  }
  --count_;
  nodes.free(range);
}

Addr MVTRangeList::take_low(MVTNodeStore& nodes, MVTRange* range, std::size_t size) noexcept {
  MPS_ASSERT(size > 0 && size <= range->size());
  Addr base = range->base;
  range->base += size;
  free_bytes_ -= size;
  if (range->base == range->limit) unlink(nodes, range);
  return base;
}

bool MVTRangeList::check() const noexcept {
  std::size_t bytes = 0, n = 0;
  const MVTRange* prev = nullptr;
  for (const MVTRange* r = head_; r != nullptr; prev = r, r = r->next) {
    if (r->base >= r->limit) return false;
    if (r->base < r->span->base || r->limit > r->span->limit) return false;
    if (prev != nullptr) {
      if (prev->limit > r->base) return false;
      if (prev->limit == r->base && prev->span == r->span) return false;  // not coalesced
    }
    bytes += r->size();
    ++n;
  }
  return bytes == free_bytes_ && n == count_;
}

}  // namespace mps
