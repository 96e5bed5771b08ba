// range_btree.cpp -- the B+-tree of free ranges; see range_btree.hpp and
// docs/design/land.md.
//
// The hot paths (neighbours, first fit, changing one range) scan whole
// nodes without data-dependent branches and touch only the nodes on one
// root-to-leaf path; structural changes (splits, removals) are rarer and
// keep the cached fields (max_all, parent_index, empty slots) right.
#include "land/range_btree.hpp"

#include <cstring>

#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "base/check.hpp"
#include "land/node_pool.hpp"

namespace mps {

namespace {

const Addr kNoKey = addr_from_word(~Word{0});

inline std::size_t scan_max(const RangeBNode* node) {
  std::size_t m = 0;
  for (unsigned i = 0; i < kRangeFanout; ++i) m = node->max[i] > m ? node->max[i] : m;
  return m;
}

// After max[i] changed from `old_value` to `new_value`.
inline void update_max_all(RangeBNode* node, std::size_t old_value, std::size_t new_value) {
  if (new_value >= node->max_all) {
    node->max_all = new_value;
  } else if (old_value == node->max_all) {
    node->max_all = scan_max(node);
  }
}

// The first (lowest) and last (highest) slot whose max is at least `size`;
// the caller knows one exists (node->max_all >= size).
//
// Requires 0 < size < 2^63 (range sizes are far below that), so empty slots
// (max 0) never match and max - size cannot wrap past the sign bit: the
// sign of the difference is the comparison.  On x86-64 that tests two
// slots per SSE2 step (64-bit compares need SSE4.2).  The scans stop at
// the first step with a fit: small requests usually fit in the first slot
// they look at.
#if defined(__SSE2__) && defined(__x86_64__)
// Bit j (j = 0, 1) set when max[i + j] >= size.
inline unsigned fit_pair(const RangeBNode* node, unsigned i, __m128i want) {
  const __m128i have = _mm_loadu_si128(reinterpret_cast<const __m128i*>(node->max + i));
  return ~static_cast<unsigned>(_mm_movemask_pd(_mm_castsi128_pd(_mm_sub_epi64(have, want)))) & 3u;
}

inline unsigned first_fit_slot(const RangeBNode* node, std::size_t size) {
  const __m128i want = _mm_set1_epi64x(static_cast<long long>(size));
  unsigned i = 0;
  unsigned fits;
  while ((fits = fit_pair(node, i, want)) == 0) i += 2;
  return i + static_cast<unsigned>(__builtin_ctz(fits));
}

inline unsigned last_fit_slot(const RangeBNode* node, std::size_t size) {
  const __m128i want = _mm_set1_epi64x(static_cast<long long>(size));
  unsigned i = kRangeFanout - 2;
  unsigned fits;
  while ((fits = fit_pair(node, i, want)) == 0) i -= 2;
  return i + (fits >> 1);
}
#else
inline unsigned first_fit_slot(const RangeBNode* node, std::size_t size) {
  unsigned i = 0;
  while (node->max[i] < size) ++i;
  return i;
}

inline unsigned last_fit_slot(const RangeBNode* node, std::size_t size) {
  unsigned i = kRangeFanout - 1;
  while (node->max[i] < size) --i;
  return i;
}
#endif

// The last slot whose key is <= addr, or 0 if none is.  Keys are sorted
// and unused slots hold kNoKey, so a branchless binary search over all
// sixteen slots finds it in four dependent steps.
static_assert(kRangeFanout == 16, "last_key_at_or_below searches exactly 16 slots");
inline unsigned last_key_at_or_below(const RangeBNode* node, Addr addr) {
  unsigned i = 0;
  i += node->key[i + 8] <= addr ? 8u : 0u;
  i += node->key[i + 4] <= addr ? 4u : 0u;
  i += node->key[i + 2] <= addr ? 2u : 0u;
  i += node->key[i + 1] <= addr ? 1u : 0u;
  return i;
}

// Entries [pos, count) move one slot up, or (pos+1, count) one slot down.
// Counts are below 16: plain loops beat three calls to memmove.
inline void shift_up(RangeBNode* node, unsigned pos) {
  for (unsigned i = node->count; i > pos; --i) {
    node->key[i] = node->key[i - 1];
    node->max[i] = node->max[i - 1];
    node->limit[i] = node->limit[i - 1];
  }
}
inline void shift_down(RangeBNode* node, unsigned pos) {
  for (unsigned i = pos; i + 1 < node->count; ++i) {
    node->key[i] = node->key[i + 1];
    node->max[i] = node->max[i + 1];
    node->limit[i] = node->limit[i + 1];
  }
}

inline void clear_slots(RangeBNode* node, unsigned from, unsigned to) {
  for (unsigned i = from; i < to; ++i) {
    node->key[i] = kNoKey;
    node->max[i] = 0;
    node->limit[i] = nullptr;
  }
}

// Children in slots [from, count) learn their (new) place.
inline void adopt_children(RangeBNode* node, unsigned from) {
  if (node->is_leaf) return;
  for (unsigned i = from; i < node->count; ++i) {
    node->child[i]->parent = node;
    node->child[i]->parent_index = i;
  }
}

// Brings the entries describing `node` in its ancestors up to date (key =
// least base, max = largest size).  Stops at the first unchanged entry:
// nothing above it can have changed either.
void refresh_up(RangeBNode* node) {
  while (node->parent != nullptr) {
    RangeBNode* parent = node->parent;
    const unsigned i = node->parent_index;
    const std::size_t old_max = parent->max[i];
    if (old_max == node->max_all && parent->key[i] == node->key[0]) return;
    parent->max[i] = node->max_all;
    parent->key[i] = node->key[0];
    update_max_all(parent, old_max, node->max_all);
    node = parent;
  }
}

RangeBNode* new_node(NodePool* nodes, bool is_leaf) {
  RangeBNode* node = node_pool_alloc(nodes);
  MPS_ASSERT(node != nullptr);  // the caller reserved enough
  node->parent = node->prev = node->next = nullptr;
  node->count = 0;
  node->is_leaf = is_leaf ? 1 : 0;
  node->parent_index = 0;
  node->max_all = 0;
  clear_slots(node, 0, kRangeFanout);
  return node;
}

// Moves entries [from, count) of `node` to the empty `right`.
void move_upper_half(RangeBNode* node, RangeBNode* right, unsigned from) {
  const unsigned n = node->count - from;
  std::memcpy(right->key, node->key + from, n * sizeof node->key[0]);
  std::memcpy(right->max, node->max + from, n * sizeof node->max[0]);
  std::memcpy(right->limit, node->limit + from, n * sizeof node->limit[0]);  // or child
  right->count = n;
  clear_slots(node, from, node->count);
  node->count = from;
  node->max_all = scan_max(node);
  right->max_all = scan_max(right);
  adopt_children(right, 0);
}

void insert_entry(RangeBTree* tree, NodePool* nodes, RangeBNode* node, unsigned pos, Addr key,
                  std::size_t max, Addr value);

// Splits a full node in two, linking the new right half into the parent
// (splitting it in turn if needed, or growing a new root).
RangeBNode* split(RangeBTree* tree, NodePool* nodes, RangeBNode* node) {
  RangeBNode* right = new_node(nodes, node->is_leaf != 0);
  move_upper_half(node, right, node->count / 2);
  if (node->is_leaf) {
    right->prev = node;
    right->next = node->next;
    if (node->next != nullptr) node->next->prev = right;
    else tree->last_leaf = right;
    node->next = right;
  }
  if (node->parent == nullptr) {
    RangeBNode* root = new_node(nodes, false);
    root->count = 1;
    root->key[0] = node->key[0];
    root->max[0] = node->max_all;
    root->max_all = node->max_all;
    root->child[0] = node;
    node->parent = root;
    node->parent_index = 0;
    tree->root = root;
    ++tree->height;
  } else {
    RangeBNode* parent = node->parent;
    const std::size_t old_max = parent->max[node->parent_index];
    parent->max[node->parent_index] = node->max_all;  // it lost its upper half
    update_max_all(parent, old_max, node->max_all);
  }
  insert_entry(tree, nodes, node->parent, node->parent_index + 1, right->key[0], right->max_all,
               reinterpret_cast<Addr>(right));
  return right;
}

// Puts an entry at `pos` of `node`; `value` is a limit (leaf) or a child.
void insert_entry(RangeBTree* tree, NodePool* nodes, RangeBNode* node, unsigned pos, Addr key,
                  std::size_t max, Addr value) {
  if (node->count == kRangeFanout) {
    RangeBNode* right = split(tree, nodes, node);
    if (pos > node->count) {
      pos -= node->count;
      node = right;
    }
  }
  shift_up(node, pos);
  node->key[pos] = key;
  node->max[pos] = max;
  node->limit[pos] = value;
  ++node->count;
  if (max > node->max_all) node->max_all = max;
  adopt_children(node, pos);
  refresh_up(node);
}

void remove_entry(RangeBTree* tree, NodePool* nodes, RangeBNode* node, unsigned pos) {
  const std::size_t old_max = node->max[pos];
  shift_down(node, pos);
  --node->count;
  clear_slots(node, node->count, node->count + 1);
  update_max_all(node, old_max, 0);
  adopt_children(node, pos);
  if (node->count == 0) {
    RangeBNode* parent = node->parent;
    if (node->is_leaf) {
      if (node->prev != nullptr) node->prev->next = node->next;
      else tree->first_leaf = node->next;
      if (node->next != nullptr) node->next->prev = node->prev;
      else tree->last_leaf = node->prev;
    }
    if (parent == nullptr) {  // the tree is empty
      tree->root = nullptr;
      tree->first_leaf = tree->last_leaf = nullptr;
      tree->height = 0;
    } else {
      remove_entry(tree, nodes, parent, node->parent_index);
    }
    node_pool_free(nodes, node);
    return;
  }
  // A root with a single child is a level too many (perhaps several).
  bool node_freed = false;
  while (tree->root->count == 1 && !tree->root->is_leaf) {
    RangeBNode* old = tree->root;
    tree->root = old->child[0];
    tree->root->parent = nullptr;
    --tree->height;
    node_pool_free(nodes, old);
    if (old == node) node_freed = true;
  }
  if (!node_freed) refresh_up(node);
}

void free_subtree(RangeBNode* node, NodePool* nodes) {
  if (!node->is_leaf) {
    for (unsigned i = 0; i < node->count; ++i) free_subtree(node->child[i], nodes);
  }
  node_pool_free(nodes, node);
}

}  // namespace

void range_btree_init(RangeBTree* tree) noexcept {
  tree->root = nullptr;
  tree->first_leaf = tree->last_leaf = nullptr;
  tree->height = 0;
  tree->count = 0;
}

void range_btree_finish(RangeBTree* tree, NodePool* nodes) noexcept {
  if (tree->root != nullptr) free_subtree(tree->root, nodes);
  range_btree_init(tree);
}

void range_btree_neighbours(const RangeBTree* tree, Addr addr, RangeRef* pred, RangeRef* succ) noexcept {
  *pred = RangeRef{nullptr, 0};
  *succ = RangeRef{nullptr, 0};
  RangeBNode* node = tree->root;
  if (node == nullptr) return;
  // Follow the last entry whose key is <= addr (the first if none is).
  while (!node->is_leaf) node = node->child[last_key_at_or_below(node, addr)];
  const unsigned i = last_key_at_or_below(node, addr);
  if (node->key[i] > addr) {  // addr is below every range
    *succ = RangeRef{node, 0};
    return;
  }
  *pred = RangeRef{node, i};
  if (i + 1 < node->count) {
    *succ = RangeRef{node, i + 1};
  } else if (node->next != nullptr) {
    *succ = RangeRef{node->next, 0};
  }
}

void range_btree_set(RangeBTree*, RangeRef ref, Addr base, Addr limit) noexcept {
  RangeBNode* leaf = ref.leaf;
  const unsigned i = ref.index;
  const std::size_t old_size = leaf->max[i];
  const std::size_t old_max_all = leaf->max_all;
  const std::size_t size = addr_offset(base, limit);
  leaf->key[i] = base;
  leaf->limit[i] = limit;
  leaf->max[i] = size;
  update_max_all(leaf, old_size, size);
  // Most changes stay inside the leaf: neither its least base nor its
  // largest size moved.
  if (i != 0 && leaf->max_all == old_max_all) return;
  refresh_up(leaf);
}

void range_btree_insert(RangeBTree* tree, NodePool* nodes, RangeRef pred, Addr base, Addr limit) noexcept {
  MPS_ASSERT(nodes->free_count >= range_btree_nodes_for_insert(tree));
  ++tree->count;
  if (tree->root == nullptr) {
    RangeBNode* leaf = new_node(nodes, true);
    leaf->count = 1;
    leaf->key[0] = base;
    leaf->limit[0] = limit;
    leaf->max[0] = leaf->max_all = addr_offset(base, limit);
    tree->root = tree->first_leaf = tree->last_leaf = leaf;
    tree->height = 1;
    return;
  }
  RangeBNode* leaf = pred.exists() ? pred.leaf : tree->first_leaf;
  const unsigned pos = pred.exists() ? pred.index + 1 : 0;
  insert_entry(tree, nodes, leaf, pos, base, addr_offset(base, limit), limit);
}

void range_btree_remove(RangeBTree* tree, NodePool* nodes, RangeRef ref) noexcept {
  --tree->count;
  remove_entry(tree, nodes, ref.leaf, ref.index);
}

RangeRef range_btree_first_fit(const RangeBTree* tree, std::size_t size, bool high) noexcept {
  RangeBNode* node = tree->root;
  if (node == nullptr || node->max_all < size) return RangeRef{nullptr, 0};
  MPS_ASSERT(size > 0);  // and size <= max_all < 2^63, as the fit scans need
  // The end leaf holds the lowest (highest) ranges: if one fits there, the
  // first fit is there, and the descent is saved.
  RangeBNode* end = high ? tree->last_leaf : tree->first_leaf;
  if (end->max_all >= size) node = end;
  // Every step has a fit below it, so the descent never backtracks.
  for (;;) {
    const unsigned i = high ? last_fit_slot(node, size) : first_fit_slot(node, size);
    if (node->is_leaf) return RangeRef{node, i};
    node = node->child[i];
  }
}

RangeRef range_btree_largest(const RangeBTree* tree) noexcept {
  RangeBNode* node = tree->root;
  if (node == nullptr) return RangeRef{nullptr, 0};
  const std::size_t largest = node->max_all;
  for (;;) {
    unsigned i = 0;
    while (node->max[i] != largest) ++i;
    if (node->is_leaf) return RangeRef{node, i};
    node = node->child[i];
  }
}

namespace {

bool check_node_fields(const RangeBNode* node) {
  if (node->count == 0 || node->count > kRangeFanout) return false;
  if (node->max_all != scan_max(node)) return false;
  for (unsigned i = node->count; i < kRangeFanout; ++i) {
    if (node->key[i] != kNoKey || node->max[i] != 0) return false;
  }
  return true;
}

bool check_subtree(const RangeBNode* node, unsigned depth, unsigned height, const RangeBNode** leaf_io,
                   std::size_t* count_io) {
  if (!check_node_fields(node)) return false;
  if (node->is_leaf) {
    if (depth != height - 1 || node != *leaf_io) return false;
    for (unsigned i = 0; i < node->count; ++i) {
      if (node->key[i] >= node->limit[i]) return false;
      if (node->max[i] != addr_offset(node->key[i], node->limit[i])) return false;
      if (i > 0 && node->limit[i - 1] > node->key[i]) return false;
    }
    if (node->next != nullptr &&
        (node->next->prev != node || node->limit[node->count - 1] > node->next->key[0])) {
      return false;
    }
    *count_io += node->count;
    *leaf_io = node->next;
    return true;
  }
  for (unsigned i = 0; i < node->count; ++i) {
    const RangeBNode* child = node->child[i];
    if (child->parent != node || child->parent_index != i) return false;
    if (node->key[i] != child->key[0] || node->max[i] != child->max_all) return false;
    if (!check_subtree(child, depth + 1, height, leaf_io, count_io)) return false;
  }
  return true;
}

}  // namespace

bool range_btree_check(const RangeBTree* tree) noexcept {
  if (tree->root == nullptr) {
    return tree->height == 0 && tree->first_leaf == nullptr && tree->last_leaf == nullptr &&
           tree->count == 0;
  }
  if (tree->root->parent != nullptr) return false;
  if (!tree->root->is_leaf && tree->root->count < 2) return false;
  const RangeBNode* leaf = tree->first_leaf;
  if (leaf->prev != nullptr) return false;
  std::size_t count = 0;
  if (tree->last_leaf == nullptr || tree->last_leaf->next != nullptr) return false;
  if (!check_subtree(tree->root, 0, tree->height, &leaf, &count)) return false;
  return leaf == nullptr && count == tree->count;
}

}  // namespace mps
