// mvt_ranges.hpp -- MVT's bookkeeping: spans, free ranges, and the nodes
// that describe them.
//
// A span is one piece of memory MVT got from the arena (one arena_alloc).
// Free ranges are the free parts of spans, kept in one address-ordered list;
// adjacent free ranges of the same span are always coalesced, and a range
// never crosses a span boundary (so a span that is entirely free is exactly
// one range and can go back to the arena whole).
//
// The nodes come from whole grains the pool gets from the arena (owned by
// the MVT pool in the page table, but not spans: their page slots are null),
// carved into fixed-size nodes on a free stack.  Nodes are control memory:
// they do not count in the pool's total or free size.  Nothing here mallocs.
#pragma once

#include <cstddef>

#include "arena/arena.hpp"
#include "base/word.hpp"

namespace mps {

struct Pool;

struct MVTSpan {
  MVTSpan* next;            // the pool's spans, unordered
  Addr base;
  Addr limit;
  std::size_t free_bytes;   // bytes of this span in free ranges
  std::size_t size() const { return addr_offset(base, limit); }
  bool is_entirely_free() const { return free_bytes == size(); }
};

struct MVTRange {
  MVTRange* next;           // next range at a higher address
  Addr base;
  Addr limit;
  MVTSpan* span;            // the span holding [base, limit)
  std::size_t size() const { return addr_offset(base, limit); }
};

// Fixed-size nodes (big enough for an MVTSpan or an MVTRange).
class MVTNodeStore {
 public:
  void init(Arena* arena, Pool* owner) noexcept;
  void finish() noexcept;  // returns every node grain to the arena
  // MPS_RES_COMMIT_LIMIT etc. when a new grain cannot be had.
  Res alloc(void** node_o) noexcept;
  void free(void* node) noexcept;

 private:
  struct FreeNode { FreeNode* next; };
  Arena* arena_;
  Pool* owner_;
  FreeNode* free_;
  Addr grains_;  // chain of node grains through their first node slot
};

// The address-ordered list of free ranges.
class MVTRangeList {
 public:
  void init() noexcept { head_ = nullptr; free_bytes_ = 0; count_ = 0; }

  // Adds [base, limit) of `span` as free, coalescing with its neighbours in
  // the same span.  Asserts that it overlaps no free range (a double free).
  // Needs a node only when nothing coalesces; may then fail, and nothing
  // changes.
  Res insert(MVTNodeStore& nodes, Addr base, Addr limit, MVTSpan* span) noexcept;

  // The first range (lowest address) of at least `size` bytes, or null.
  MVTRange* first_fit(std::size_t size) const noexcept;
  // The largest range (the lowest of equals), or null if there is none.
  MVTRange* largest() const noexcept;
  // The range that exactly covers `span`, which must be entirely free.
  MVTRange* range_of_free_span(const MVTSpan* span) const noexcept;

  // Takes `size` bytes from the low end of `range`, freeing its node if it
  // empties.  Returns the base of the bytes taken.
  Addr take_low(MVTNodeStore& nodes, MVTRange* range, std::size_t size) noexcept;

  std::size_t free_bytes() const noexcept { return free_bytes_; }
  std::size_t count() const noexcept { return count_; }
  MVTRange* head() const noexcept { return head_; }

  // Every range sorted, non-empty, non-overlapping, coalesced; sums agree.
  bool check() const noexcept;

 private:
  void unlink(MVTNodeStore& nodes, MVTRange* range) noexcept;
  MVTRange* head_;
  std::size_t free_bytes_;
  std::size_t count_;
};

}  // namespace mps
