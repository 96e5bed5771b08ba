// root.hpp -- roots: where tracing starts (mps-interface.md 8).
//
// A Root describes memory outside the automatically managed pools whose
// references keep objects alive: a client scan function with its closure, a
// word-aligned area with an area scanner (plain, or tagged with a
// {mask, pattern} closure kept in the root), or a range of formatted
// objects, or a registered thread's registers and stack.
//
// The trace sees a root only through the RootBase at offset 0: its rank,
// its link on arena_root_ring(arena), and `scan`, which dispatches on the
// kind below.  Roots are created and destroyed under the arena lock by the
// api layer; descriptors live in the arena's control memory.
//
// What this layer must not do: call into pools or formats (it is below
// alloc/ and pool/), or take the arena lock (the caller holds it).
#pragma once

#include <cstddef>

#include "arena/arena.hpp"
#include "arena/thread.hpp"
#include "base/word.hpp"
#include "mps.h"
#include "trace/scan_state.hpp"

namespace mps {

inline constexpr Sig kRootSig = 0x51940074;

enum class RootKind : unsigned {
  function,  // root_scan(ss, p, s)
  area,      // scan_area(ss, base, limit, closure)
  fmt,       // fmt_scan(ss, base, limit)
  thread,    // area_scan over the thread's saved registers and its stack up to `cold`
  reg,       // reg_scan(ss, thread, cold, s) (deprecated mps_root_create_reg)
};

// Modes a root may carry (mps-interface.md 1.7).  Stored, not yet acted on:
// there are no barriers on roots (docs/compat.md).
inline constexpr mps_rm_t kRootModesAll = MPS_RM_CONST | MPS_RM_PROT | MPS_RM_PROT_INNER;

struct Root {
  RootBase base;  // must stay first: the trace reaches roots through it
  Arena* arena;
  RootKind kind;
  mps_rm_t mode;
  // function roots
  mps_root_scan_t root_scan;
  void* p;
  std::size_t s;
  // area and fmt roots: [area_base, area_limit)
  void* area_base;
  void* area_limit;
  mps_area_scan_t area_scan;
  void* closure;        // handed to area_scan; &tag for tagged roots
  mps_scan_tag_s tag;   // the closure of roots made by root_create_area_tagged
  mps_fmt_scan_t fmt_scan;
  // thread and reg roots
  Thread* thread;
  void* cold;           // the stack's cold end (exclusive)
  mps_reg_scan_t reg_scan;
};

static_assert(offsetof(Root, base) == 0, "RootBase must be at offset 0 of Root");

inline Root* root_of_base(RootBase* base) { return reinterpret_cast<Root*>(base); }
inline Root* root_of_link(Ring* link) { return root_of_base(root_base_of_link(link)); }

// Signature and invariants.  Safe on a pointer to anything readable.
bool root_check(const Root* root) noexcept;

// True for the ranks a client root may have: ambiguous, exact, weak.
constexpr bool root_rank_ok(unsigned rank) { return rank == kRankAmbig || rank == kRankExact || rank == kRankWeak; }
constexpr bool root_mode_ok(mps_rm_t mode) { return (mode & ~kRootModesAll) == 0; }

// Creation.  Arguments have been checked by the caller (the api layer);
// the caller holds the arena lock.  On error (MPS_RES_MEMORY,
// MPS_RES_COMMIT_LIMIT: no control memory) nothing is allocated.
Res root_create_function(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, mps_root_scan_t root_scan, void* p,
                         std::size_t s) noexcept;
Res root_create_area(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, void* base, void* limit,
                     mps_area_scan_t area_scan, void* closure) noexcept;
// As root_create_area, with the closure an mps_scan_tag_s kept in the root.
Res root_create_area_tagged(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, void* base, void* limit,
                            mps_area_scan_t area_scan, Word mask, Word pattern) noexcept;
Res root_create_fmt(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, mps_fmt_scan_t fmt_scan, void* base,
                    void* limit) noexcept;
// Thread roots: `thread` is registered with `arena`; `cold` is word-aligned.
// area_scan gets `closure`, or for the tagged form the root's own tag.
Res root_create_thread(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, Thread* thread, void* cold,
                       mps_area_scan_t area_scan, void* closure) noexcept;
Res root_create_thread_tagged(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, Thread* thread, void* cold,
                              mps_area_scan_t area_scan, Word mask, Word pattern) noexcept;
Res root_create_reg(Root** root_o, Arena* arena, Rank rank, mps_rm_t mode, Thread* thread, mps_reg_scan_t reg_scan,
                    void* cold, std::size_t s) noexcept;

// Scans a stopped thread's saved registers and its stack from the saved
// stack pointer up to `cold` with area_scan.  A thread that cannot be
// scanned now (running, exited, forked away) contributes nothing.
Res root_scan_thread(mps_ss_t ss, Thread* thread, void* cold, mps_area_scan_t area_scan, void* closure) noexcept;

// Unlinks the root from its arena and frees its descriptor.
void root_destroy(Root* root) noexcept;

// A root of `arena` whose range meets [base, limit), or null.  Only roots
// with a range (area and fmt) are considered.  Linear in the roots.
Root* root_find_overlap(Arena* arena, const void* base, const void* limit) noexcept;
// A thread or reg root of `arena` that scans `thread`, or null.
Root* root_find_for_thread(Arena* arena, const Thread* thread) noexcept;
// True if `root` is on `arena`'s ring of roots.  Linear in the roots.
bool root_belongs_to(Arena* arena, const Root* root) noexcept;

// Scans the root's references with `ss` (whose rank the caller has set to
// the root's): calls the client's function or scanner.  This is what
// RootBase::scan points to.
Res root_scan(ScanState* ss, RootBase* root) noexcept;

// Walking roots (mps_arena_roots_walk).  For each root of the arena, its
// references are fixed through a scan state whose fix is a walker: for each
// reference `ref` (the location fixed; for ambiguous roots a copy) with
// is_object(arena, *ref) true, visit(ref, root, closure) is called; nothing
// is changed.  The predicate comes from above (it asks pools), since this
// layer may not.  The arena must be parked.
using RootRefPredicate = bool (*)(Arena* arena, mps_addr_t ref);
using RootRefVisitor = void (*)(mps_addr_t* ref, Root* root, void* closure);
Res root_walk(Arena* arena, RootRefPredicate is_object, RootRefVisitor visit, void* closure) noexcept;

}  // namespace mps
