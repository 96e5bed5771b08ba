// api_thread.cpp -- threads through the C interface (mps-interface.md 8-9):
// registration, thread roots, and the deprecated register-scanning pair
// mps_root_create_reg / mps_stack_scan_ambig.  Registration and stopping
// the world are arena/thread.cpp; scanning a thread is root/root.cpp;
// design: docs/design/thread.md.
//
// As in the original MPS, every thread root has rank ambiguous and mode 0,
// a word-aligned cold end, and a thread registered with the same arena.
#include "api/api_internal.hpp"
#include "arena/thread.hpp"
#include "root/root.hpp"
#include "trace/scan_area.hpp"

using namespace mps;
using namespace mps::api;

namespace {

Thread* thread_of(mps_thr_t handle) { return reinterpret_cast<Thread*>(handle); }
mps_thr_t handle_of_thread(Thread* thread) { return reinterpret_cast<mps_thr_t>(thread); }

#define CHECK_THREAD_ROOT(fn, thr, cold)                                                                  \
  API_CHECK_NOT_NULL(fn, root_o);                                                                       \
  API_CHECK_ARENA(fn, arena_of(arena));                                                                 \
  API_ASSERT(rank == mps_rank_ambig(), fn ": a thread root must have rank mps_rank_ambig()");          \
  API_ASSERT(rm == 0, fn ": a thread root must have root mode 0");                                       \
  API_ASSERT(thread_of(thr) != nullptr && thread_check(thread_of(thr)),                                 \
             fn ": thr is not a registered thread (deregistered, or never made by mps_thread_reg)");    \
  API_ASSERT(thread_of(thr)->arena == arena_of(arena), fn ": thr is registered with a different arena"); \
  API_ASSERT((cold) != nullptr, fn ": the cold end of the stack is NULL");                              \
  API_ASSERT(addr_is_aligned(cold, kWordSize), fn ": the cold end of the stack is not aligned to a word")

mps_res_t create_thread_root(mps_root_t* root_o, mps_arena_t arena_handle, mps_thr_t thr, void* cold,
                             mps_area_scan_t scan_area, bool tagged, void* closure, mps_word_t mask,
                             mps_word_t pattern) {
  Arena* arena = arena_of(arena_handle);
  Root* root = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(arena));
    res = tagged ? root_create_thread_tagged(&root, arena, kRankAmbig, 0, thread_of(thr), cold, scan_area, mask,
                                             pattern)
                 : root_create_thread(&root, arena, kRankAmbig, 0, thread_of(thr), cold, scan_area, closure);
  }
  if (res != MPS_RES_OK) return res;
  *root_o = reinterpret_cast<mps_root_t>(root);
  return MPS_RES_OK;
}

}  // namespace

// --- Registration ------------------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_thread_reg(mps_thr_t* thr_o, mps_arena_t handle) {
  API_CHECK_NOT_NULL("mps_thread_reg", thr_o);
  Arena* arena = arena_of(handle);
  API_CHECK_ARENA("mps_thread_reg", arena);
  Thread* thread = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(arena));
    res = thread_register(&thread, arena);
  }
  if (res != MPS_RES_OK) return res;
  *thr_o = handle_of_thread(thread);
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_thread_dereg(mps_thr_t thr) {
  Thread* thread = thread_of(thr);
  API_ASSERT(thread != nullptr, "mps_thread_dereg: thr is NULL");
  API_ASSERT(thread_check(thread),
             "mps_thread_dereg: thr is not a registered thread (deregistered twice, or never registered)");
  Arena* arena = thread->arena;
  API_CHECK_ARENA("mps_thread_dereg", arena);
  os::LockGuard guard(arena_lock(arena));
  API_ASSERT(thread_belongs_to(arena, thread), "mps_thread_dereg: thr is not registered with its arena");
  if constexpr (kVariety == Variety::cool) {
    API_ASSERT(root_find_for_thread(arena, thread) == nullptr,
               "mps_thread_dereg: a root still scans this thread (destroy the thread root first)");
  }
  thread_deregister(thread);
}

// --- Thread roots ------------------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_root_create_thread(mps_root_t* root_o, mps_arena_t arena, mps_thr_t thr,
                                                       void* cold) {
  const mps_rank_t rank = mps_rank_ambig();
  const mps_rm_t rm = 0;
  CHECK_THREAD_ROOT("mps_root_create_thread", thr, cold);
  return create_thread_root(root_o, arena, thr, cold, mps_scan_area_tagged, true, nullptr, sizeof(mps_word_t) - 1, 0);
}

extern "C" MPS_EXPORT mps_res_t mps_root_create_thread_tagged(mps_root_t* root_o, mps_arena_t arena,
                                                              mps_rank_t rank, mps_rm_t rm, mps_thr_t thr,
                                                              mps_area_scan_t scan_area, mps_word_t mask,
                                                              mps_word_t pattern, void* cold) {
  CHECK_THREAD_ROOT("mps_root_create_thread_tagged", thr, cold);
  API_CHECK_NOT_NULL("mps_root_create_thread_tagged", scan_area);
  return create_thread_root(root_o, arena, thr, cold, scan_area, true, nullptr, mask, pattern);
}

extern "C" MPS_EXPORT mps_res_t mps_root_create_thread_scanned(mps_root_t* root_o, mps_arena_t arena,
                                                               mps_rank_t rank, mps_rm_t rm, mps_thr_t thr,
                                                               mps_area_scan_t scan_area, void* closure,
                                                               void* cold) {
  CHECK_THREAD_ROOT("mps_root_create_thread_scanned", thr, cold);
  API_CHECK_NOT_NULL("mps_root_create_thread_scanned", scan_area);
  return create_thread_root(root_o, arena, thr, cold, scan_area, false, closure, 0, 0);
}

// --- Deprecated: register scanning ---------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_root_create_reg(mps_root_t* root_o, mps_arena_t arena_handle, mps_rank_t rank,
                                                    mps_rm_t rm, mps_thr_t thr, mps_reg_scan_t reg_scan, void* cold,
                                                    size_t s) {
  mps_arena_t arena = arena_handle;
  CHECK_THREAD_ROOT("mps_root_create_reg", thr, cold);
  API_CHECK_NOT_NULL("mps_root_create_reg", reg_scan);
  Root* root = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(arena_of(arena)));
    res = root_create_reg(&root, arena_of(arena), kRankAmbig, 0, thread_of(thr), reg_scan, cold, s);
  }
  if (res != MPS_RES_OK) return res;
  *root_o = reinterpret_cast<mps_root_t>(root);
  return MPS_RES_OK;
}

// Called by the collector (as a reg root's scanner) with the arena's
// threads stopped: scans the thread's registers and stack ambiguously.
extern "C" MPS_EXPORT mps_res_t mps_stack_scan_ambig(mps_ss_t ss, mps_thr_t thr, void* cold, size_t) {
  API_CHECK_NOT_NULL("mps_stack_scan_ambig", ss);
  API_ASSERT(thread_of(thr) != nullptr && thread_check(thread_of(thr)),
             "mps_stack_scan_ambig: thr is not a registered thread");
  API_CHECK_NOT_NULL("mps_stack_scan_ambig", cold);
  return root_scan_thread(ss, thread_of(thr), cold, mps_scan_area, nullptr);
}
