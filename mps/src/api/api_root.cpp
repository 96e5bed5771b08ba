// api_root.cpp -- roots through the C interface (mps-interface.md 8, 19):
// creation of client-function, area, tagged-area, formatted and table
// roots, destruction, and the deprecated mps_arena_roots_walk.  Thread
// roots and thread registration are api_thread.cpp.  The descriptors and
// their scanning are root/root.cpp; design: docs/design/root.md.
//
// Every constructor checks, in this order: the out-parameter, the arena,
// the rank (ambig, exact or weak), the mode (0 or a sum of MPS_RM_*), then
// its own arguments; under the arena lock, in the cool variety, that a root
// with a range does not overlap an existing one.  Modes are stored and not
// yet acted on (docs/compat.md).
#include "api/api_internal.hpp"
#include "arena/thread.hpp"
#include "root/root.hpp"
#include "trace/scan_area.hpp"

using namespace mps;
using namespace mps::api;

namespace {

Root* root_of(mps_root_t handle) { return reinterpret_cast<Root*>(handle); }
mps_root_t handle_of_root(Root* root) { return reinterpret_cast<mps_root_t>(root); }

#define CHECK_ROOT_COMMON(fn)                                                                         \
  API_CHECK_NOT_NULL(fn, root_o);                                                                     \
  API_CHECK_ARENA(fn, arena_of(arena));                                                               \
  API_ASSERT(root_rank_ok(rank), fn ": rank is not mps_rank_ambig(), mps_rank_exact() or mps_rank_weak()"); \
  API_ASSERT(root_mode_ok(rm), fn ": rm is not 0 or a sum of MPS_RM_CONST, MPS_RM_PROT and MPS_RM_PROT_INNER")

// The range of an area, table or formatted root.
#define CHECK_ROOT_RANGE(fn, base, limit)                                                   \
  API_ASSERT((base) != nullptr, fn ": base is NULL");                                       \
  API_ASSERT((limit) != nullptr, fn ": limit is NULL");                                     \
  API_ASSERT(word_of(base) < word_of(limit), fn ": base is not below limit (empty or reversed range)"); \
  API_ASSERT(addr_is_aligned(base, kWordSize), fn ": base is not aligned to a word");      \
  API_ASSERT(addr_is_aligned(limit, kWordSize), fn ": limit is not aligned to a word")

// Roots must not overlap (mps-interface.md 8).  The original MPS does not
// check; the cool variety does, at the cost of a walk over the roots.
void check_no_overlap(const char* words, Arena* arena, const void* base, const void* limit) {
  if constexpr (kVariety == Variety::cool) {
    API_ASSERT(root_find_overlap(arena, base, limit) == nullptr, words);
  } else {
    (void)words; (void)arena; (void)base; (void)limit;
  }
}

// Common tail of the constructors: out-parameter only on success.
mps_res_t finish_create(mps_root_t* root_o, Res res, Root* root) {
  if (res != MPS_RES_OK) return res;
  *root_o = handle_of_root(root);
  return MPS_RES_OK;
}

mps_res_t create_area(const char* overlap_words, mps_root_t* root_o, mps_arena_t arena_handle, mps_rank_t rank,
                      mps_rm_t rm, void* base, void* limit, mps_area_scan_t scan_area, void* closure) {
  Arena* arena = arena_of(arena_handle);
  Root* root = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(arena));
    check_no_overlap(overlap_words, arena, base, limit);
    res = root_create_area(&root, arena, static_cast<Rank>(rank), rm, base, limit, scan_area, closure);
  }
  return finish_create(root_o, res, root);
}

mps_res_t create_area_tagged(const char* overlap_words, mps_root_t* root_o, mps_arena_t arena_handle,
                             mps_rank_t rank, mps_rm_t rm, void* base, void* limit, mps_area_scan_t scan_area,
                             mps_word_t mask, mps_word_t pattern) {
  Arena* arena = arena_of(arena_handle);
  Root* root = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(arena));
    check_no_overlap(overlap_words, arena, base, limit);
    res = root_create_area_tagged(&root, arena, static_cast<Rank>(rank), rm, base, limit, scan_area, mask,
                                  pattern);
  }
  return finish_create(root_o, res, root);
}

// "An object in a GC pool" for the roots walk: the address is in a grain
// of a formatted (collected) pool of the arena.
bool is_gc_object(Arena* arena, mps_addr_t ref) noexcept {
  const Pool* pool = arena_addr_pool(arena, ref);
  return pool != nullptr && pool->format != nullptr;
}

struct RootsWalk {
  mps_roots_stepper_t f;
  void* p;
  size_t s;
};

void visit_root_ref(mps_addr_t* ref, Root* root, void* closure) noexcept {
  auto* walk = static_cast<RootsWalk*>(closure);
  walk->f(ref, handle_of_root(root), walk->p, walk->s);
}

}  // namespace

extern "C" MPS_EXPORT mps_res_t mps_root_create(mps_root_t* root_o, mps_arena_t arena, mps_rank_t rank, mps_rm_t rm,
                                                mps_root_scan_t root_scan, void* p, size_t s) {
  CHECK_ROOT_COMMON("mps_root_create");
  API_CHECK_NOT_NULL("mps_root_create", root_scan);
  Arena* a = arena_of(arena);
  Root* root = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(a));
    res = root_create_function(&root, a, static_cast<Rank>(rank), rm, root_scan, p, s);
  }
  return finish_create(root_o, res, root);
}

extern "C" MPS_EXPORT mps_res_t mps_root_create_area(mps_root_t* root_o, mps_arena_t arena, mps_rank_t rank,
                                                     mps_rm_t rm, void* base, void* limit, mps_area_scan_t scan_area,
                                                     void* closure) {
  CHECK_ROOT_COMMON("mps_root_create_area");
  CHECK_ROOT_RANGE("mps_root_create_area", base, limit);
  API_CHECK_NOT_NULL("mps_root_create_area", scan_area);
  return create_area("mps_root_create_area: root overlaps an existing root", root_o, arena, rank, rm, base, limit,
                     scan_area, closure);
}

extern "C" MPS_EXPORT mps_res_t mps_root_create_area_tagged(mps_root_t* root_o, mps_arena_t arena, mps_rank_t rank,
                                                            mps_rm_t rm, void* base, void* limit,
                                                            mps_area_scan_t scan_area, mps_word_t mask,
                                                            mps_word_t pattern) {
  CHECK_ROOT_COMMON("mps_root_create_area_tagged");
  CHECK_ROOT_RANGE("mps_root_create_area_tagged", base, limit);
  API_CHECK_NOT_NULL("mps_root_create_area_tagged", scan_area);
  API_ASSERT((pattern & ~mask) == 0, "mps_root_create_area_tagged: pattern has bits outside mask");
  return create_area_tagged("mps_root_create_area_tagged: root overlaps an existing root", root_o, arena, rank, rm,
                            base, limit, scan_area, mask, pattern);
}

extern "C" MPS_EXPORT mps_res_t mps_root_create_fmt(mps_root_t* root_o, mps_arena_t arena, mps_rank_t rank,
                                                    mps_rm_t rm, mps_fmt_scan_t fmt_scan, mps_addr_t base,
                                                    mps_addr_t limit) {
  CHECK_ROOT_COMMON("mps_root_create_fmt");
  API_CHECK_NOT_NULL("mps_root_create_fmt", fmt_scan);
  API_ASSERT(base != nullptr, "mps_root_create_fmt: base is NULL");
  API_ASSERT(limit != nullptr, "mps_root_create_fmt: limit is NULL");
  API_ASSERT(word_of(base) < word_of(limit), "mps_root_create_fmt: base is not below limit (empty or reversed range)");
  API_ASSERT(addr_is_aligned(base, kWordSize), "mps_root_create_fmt: base is not aligned to a word");
  Arena* a = arena_of(arena);
  Root* root = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(a));
    check_no_overlap("mps_root_create_fmt: root overlaps an existing root", a, base, limit);
    res = root_create_fmt(&root, a, static_cast<Rank>(rank), rm, fmt_scan, base, limit);
  }
  return finish_create(root_o, res, root);
}

// Deprecated: an area of `count` references scanned by mps_scan_area.
extern "C" MPS_EXPORT mps_res_t mps_root_create_table(mps_root_t* root_o, mps_arena_t arena, mps_rank_t rank,
                                                      mps_rm_t rm, mps_addr_t* base, size_t count) {
  CHECK_ROOT_COMMON("mps_root_create_table");
  API_CHECK_NOT_NULL("mps_root_create_table", base);
  API_ASSERT(count > 0, "mps_root_create_table: count is zero");
  API_ASSERT(addr_is_aligned(base, kWordSize), "mps_root_create_table: base is not aligned to a word");
  API_ASSERT(count <= (~word_of(base)) / sizeof(mps_addr_t), "mps_root_create_table: base + count overflows");
  return create_area("mps_root_create_table: root overlaps an existing root", root_o, arena, rank, rm, base,
                     base + count, mps_scan_area, nullptr);
}

// Deprecated: a table whose words with (word & mask) != 0 are not
// references: mps_scan_area_tagged with pattern 0.
extern "C" MPS_EXPORT mps_res_t mps_root_create_table_masked(mps_root_t* root_o, mps_arena_t arena, mps_rank_t rank,
                                                             mps_rm_t rm, mps_addr_t* base, size_t count,
                                                             mps_word_t mask) {
  CHECK_ROOT_COMMON("mps_root_create_table_masked");
  API_CHECK_NOT_NULL("mps_root_create_table_masked", base);
  API_ASSERT(count > 0, "mps_root_create_table_masked: count is zero");
  API_ASSERT(addr_is_aligned(base, kWordSize), "mps_root_create_table_masked: base is not aligned to a word");
  API_ASSERT(count <= (~word_of(base)) / sizeof(mps_addr_t), "mps_root_create_table_masked: base + count overflows");
  return create_area_tagged("mps_root_create_table_masked: root overlaps an existing root", root_o, arena, rank, rm,
                            base, base + count, mps_scan_area_tagged, mask, 0);
}

extern "C" MPS_EXPORT void mps_root_destroy(mps_root_t handle) {
  Root* root = root_of(handle);
  API_ASSERT(root_check(root), "mps_root_destroy: root is not a valid root (null, destroyed, or not a root)");
  Arena* arena = root->arena;
  API_CHECK_ARENA("mps_root_destroy", arena);
  os::LockGuard guard(arena_lock(arena));
  API_ASSERT(kVariety != Variety::cool || root_belongs_to(arena, root),
             "mps_root_destroy: root is not on its arena's list of roots");
  root_destroy(root);
}

// Deprecated.  The arena must be parked (no collection in progress): the
// walk fixes nothing, it only reports.  A thread root is scanned from the
// context its thread saves when stopped, so the walk runs, like a
// collection, with the arena's other registered threads stopped (and the
// calling thread's own context captured).
extern "C" MPS_EXPORT void mps_arena_roots_walk(mps_arena_t arena_handle, mps_roots_stepper_t f, void* p, size_t s) {
  Arena* arena = arena_of(arena_handle);
  API_CHECK_ARENA("mps_arena_roots_walk", arena);
  API_CHECK_NOT_NULL("mps_arena_roots_walk", f);
  struct Walk {
    Arena* arena;
    RootsWalk steps;
    Res res;
  } walk{arena, RootsWalk{f, p, s}, MPS_RES_OK};
  os::LockGuard guard(arena_lock(arena));
  threads_stop_and_run(
      arena,
      [](void* closure) {
        auto* w = static_cast<Walk*>(closure);
        w->res = root_walk(w->arena, is_gc_object, visit_root_ref, &w->steps);
      },
      &walk);
  const Res res = walk.res;
  // A client scanner returns only what its fixes return, and the walker's
  // fixes cannot fail.
  API_ASSERT(res == MPS_RES_OK, "mps_arena_roots_walk: a root's scan function failed without a failing fix");
}
