// root.cpp -- creating, destroying, scanning and walking roots
// (mps-interface.md 8; design: docs/design/root.md).
//
// Invariants:
// - every live Root has sig == kRootSig, a valid rank (ambig, exact or
//   weak), a mode within kRootModesAll, and is linked on exactly one ring:
//   its arena's arena_root_ring, through base.arena_link;
// - area and fmt roots have word-aligned bounds with area_base <
//   area_limit; a tagged area root's closure points at its own tag;
// - roots with ranges do not overlap (checked by the api layer in the cool
//   variety, through root_find_overlap, before creation);
// - a destroyed root's signature is kSigInvalid, so a stale handle is
//   caught on entry.
#include "root/root.hpp"

#include "base/check.hpp"

namespace mps {

bool root_check(const Root* root) noexcept {
  if (root == nullptr || root->base.sig != kRootSig) return false;
  if (!root_rank_ok(root->base.rank) || !root_mode_ok(root->mode)) return false;
  if (root->base.scan != root_scan || root->arena == nullptr) return false;
  switch (root->kind) {
    case RootKind::function:
      return root->root_scan != nullptr;
    case RootKind::area:
      return root->area_scan != nullptr && word_of(root->area_base) < word_of(root->area_limit);
    case RootKind::fmt:
      return root->fmt_scan != nullptr && word_of(root->area_base) < word_of(root->area_limit);
    case RootKind::thread:
      return root->area_scan != nullptr && thread_check(root->thread) && root->cold != nullptr;
    case RootKind::reg:
      return root->reg_scan != nullptr && thread_check(root->thread);
  }
  return false;
}

namespace {

// Allocates a zeroed descriptor with the fields every kind shares, not yet
// linked.  The caller fills in its kind's fields and calls link_root.
Res new_root(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, RootKind kind) noexcept {
  MPS_ASSERT(root_rank_ok(rank));
  MPS_ASSERT(root_mode_ok(mode));
  void* p = nullptr;
  const Res res = arena_control_alloc(&p, arena, sizeof(Root));
  if (res != MPS_RES_OK) return res;
  Root* root = static_cast<Root*>(p);
  root->base.arena_link.init();
  root->base.rank = rank;
  root->base.scan = root_scan;
  root->arena = arena;
  root->kind = kind;
  root->mode = mode;
  *root_o = root;
  return MPS_RES_OK;
}

// Makes the root visible to the trace: the signature goes on last, so a
// root on the ring is always complete.
void link_root(Root* root) noexcept {
  root->base.sig = kRootSig;
  MPS_ASSERT(root_check(root));
  arena_root_ring(root->arena)->append(&root->base.arena_link);
}

}  // namespace

Res root_create_function(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, mps_root_scan_t root_scan, void* p,
                         std::size_t s) noexcept {
  MPS_ASSERT(root_scan != nullptr);
  Root* root = nullptr;
  const Res res = new_root(&root, arena, rank, mode, RootKind::function);
  if (res != MPS_RES_OK) return res;
  root->root_scan = root_scan;
  root->p = p;
  root->s = s;
  link_root(root);
  *root_o = root;
  return MPS_RES_OK;
}

Res root_create_area(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, void* base, void* limit,
                     mps_area_scan_t area_scan, void* closure) noexcept {
  MPS_ASSERT(area_scan != nullptr);
  MPS_ASSERT(base != nullptr && word_of(base) < word_of(limit));
  Root* root = nullptr;
  const Res res = new_root(&root, arena, rank, mode, RootKind::area);
  if (res != MPS_RES_OK) return res;
  root->area_base = base;
  root->area_limit = limit;
  root->area_scan = area_scan;
  root->closure = closure;
  link_root(root);
  *root_o = root;
  return MPS_RES_OK;
}

Res root_create_area_tagged(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, void* base, void* limit,
                            mps_area_scan_t area_scan, Word mask, Word pattern) noexcept {
  MPS_ASSERT(area_scan != nullptr);
  MPS_ASSERT(base != nullptr && word_of(base) < word_of(limit));
  Root* root = nullptr;
  const Res res = new_root(&root, arena, rank, mode, RootKind::area);
  if (res != MPS_RES_OK) return res;
  root->area_base = base;
  root->area_limit = limit;
  root->area_scan = area_scan;
  root->tag.mask = mask;
  root->tag.pattern = pattern;
  root->closure = &root->tag;  // lives exactly as long as the root
  link_root(root);
  *root_o = root;
  return MPS_RES_OK;
}

Res root_create_fmt(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, mps_fmt_scan_t fmt_scan, void* base,
                    void* limit) noexcept {
  MPS_ASSERT(fmt_scan != nullptr);
  MPS_ASSERT(base != nullptr && word_of(base) < word_of(limit));
  Root* root = nullptr;
  const Res res = new_root(&root, arena, rank, mode, RootKind::fmt);
  if (res != MPS_RES_OK) return res;
  root->area_base = base;
  root->area_limit = limit;
  root->fmt_scan = fmt_scan;
  link_root(root);
  *root_o = root;
  return MPS_RES_OK;
}

Res root_create_thread(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, Thread* thread, void* cold,
                       mps_area_scan_t area_scan, void* closure) noexcept {
  MPS_ASSERT(area_scan != nullptr && thread_check(thread) && thread->arena == arena);
  MPS_ASSERT(cold != nullptr && is_aligned(word_of(cold), sizeof(Word)));
  Root* root = nullptr;
  const Res res = new_root(&root, arena, rank, mode, RootKind::thread);
  if (res != MPS_RES_OK) return res;
  root->thread = thread;
  root->cold = cold;
  root->area_scan = area_scan;
  root->closure = closure;
  link_root(root);
  *root_o = root;
  return MPS_RES_OK;
}

Res root_create_thread_tagged(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, Thread* thread, void* cold,
                              mps_area_scan_t area_scan, Word mask, Word pattern) noexcept {
  Root* root = nullptr;
  const Res res = root_create_thread(&root, arena, rank, mode, thread, cold, area_scan, nullptr);
  if (res != MPS_RES_OK) return res;
  root->tag.mask = mask;
  root->tag.pattern = pattern;
  root->closure = &root->tag;  // lives exactly as long as the root
  *root_o = root;
  return MPS_RES_OK;
}

Res root_create_reg(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, Thread* thread, mps_reg_scan_t reg_scan,
                    void* cold, std::size_t s) noexcept {
  MPS_ASSERT(reg_scan != nullptr && thread_check(thread) && thread->arena == arena);
  Root* root = nullptr;
  const Res res = new_root(&root, arena, rank, mode, RootKind::reg);
  if (res != MPS_RES_OK) return res;
  root->thread = thread;
  root->reg_scan = reg_scan;
  root->cold = cold;
  root->s = s;
  link_root(root);
  *root_o = root;
  return MPS_RES_OK;
}

Res root_scan_thread(mps_ss_t ss, Thread* thread, void* cold, mps_area_scan_t area_scan, void* closure) noexcept {
  Word* context_base = nullptr;
  Word* context_limit = nullptr;
  void* hot = nullptr;
  if (!thread_scan_ranges(thread, &context_base, &context_limit, &hot)) return MPS_RES_OK;
  Res res = area_scan(ss, context_base, context_limit, closure);
  if (res != MPS_RES_OK) return res;
  void* const stack_base = reinterpret_cast<void*>(align_up(word_of(hot), sizeof(Word)));
  MPS_ASSERT_MSG(word_of(stack_base) <= word_of(cold),
                 "thread root: the thread's stack pointer is above the root's cold end "
                 "(take the cold end in the thread's outermost frame)");
  if (word_of(stack_base) < word_of(cold)) res = area_scan(ss, stack_base, cold, closure);
  return res;
}

void root_destroy(Root* root) noexcept {
  MPS_ASSERT(root_check(root));
  Arena* arena = root->arena;
  root->base.arena_link.remove();
  root->base.sig = kSigInvalid;
  arena_control_free(arena, root, sizeof(Root));
}

Root* root_find_overlap(Arena* arena, const void* base, const void* limit) noexcept {
  MPS_RING_FOR(node, next, arena_root_ring(arena)) {
    Root* root = root_of_link(node);
    if (root->kind != RootKind::area && root->kind != RootKind::fmt) continue;
    if (word_of(root->area_base) < word_of(limit) && word_of(base) < word_of(root->area_limit)) return root;
  }
  return nullptr;
}

Root* root_find_for_thread(Arena* arena, const Thread* thread) noexcept {
  MPS_RING_FOR(node, next, arena_root_ring(arena)) {
    Root* root = root_of_link(node);
    if ((root->kind == RootKind::thread || root->kind == RootKind::reg) && root->thread == thread) return root;
  }
  return nullptr;
}

bool root_belongs_to(Arena* arena, const Root* root) noexcept {
  MPS_RING_FOR(node, next, arena_root_ring(arena)) {
    if (root_of_link(node) == root) return true;
  }
  return false;
}

Res root_scan(ScanState* ss, RootBase* base) noexcept {
  Root* root = root_of_base(base);
  MPS_ASSERT_COOL(root_check(root));
  mps_ss_t mss = ss_of_scan_state(ss);
  switch (root->kind) {
    case RootKind::function:
      return root->root_scan(mss, root->p, root->s);
    case RootKind::area:
      return root->area_scan(mss, root->area_base, root->area_limit, root->closure);
    case RootKind::fmt:
      return root->fmt_scan(mss, root->area_base, root->area_limit);
    case RootKind::thread:
      return root_scan_thread(mss, root->thread, root->cold, root->area_scan, root->closure);
    case RootKind::reg:
      return root->reg_scan(mss, reinterpret_cast<mps_thr_t>(root->thread), root->cold, root->s);
  }
  MPS_ASSERT_MSG(false, "root_scan: root of unknown kind");
  return MPS_RES_FAIL;
}

// --- Walking ------------------------------------------------------------------------

namespace {

struct WalkState {
  Root* root;  // the root being scanned
  RootRefPredicate is_object;
  RootRefVisitor visit;
  void* closure;
};

// The fix of a walking scan state: reports references to objects, changes
// nothing (ambiguous and exact alike), never fails.
Res walk_fix(ScanState* ss, mps_addr_t* ref_io) noexcept {
  auto* walk = static_cast<WalkState*>(ss->closure);
  if (walk->is_object(ss->arena, *ref_io)) walk->visit(ref_io, walk->root, walk->closure);
  return MPS_RES_OK;
}

}  // namespace

Res root_walk(Arena* arena, RootRefPredicate is_object, RootRefVisitor visit, void* closure) noexcept {
  MPS_ASSERT(is_object != nullptr && visit != nullptr);
  WalkState walk{nullptr, is_object, visit, closure};
  MPS_RING_FOR(node, next, arena_root_ring(arena)) {
    Root* root = root_of_link(node);
    walk.root = root;
    ScanState ss;
    // White set: every zone, so that every reference reaches the walker.
    scan_state_init(&ss, arena, nullptr, root->base.rank, kZoneSetUniverse);
    ss.closure = &walk;
    ss.fix = walk_fix;
    const Res res = root->base.scan(&ss, &root->base);
    scan_state_finish(&ss);
    if (res != MPS_RES_OK) return res;
  }
  return MPS_RES_OK;
}

}  // namespace mps
