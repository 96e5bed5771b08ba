// api_unimplemented_roots.cpp -- interface functions that arrive with the
// threads issue: thread roots, thread registration, and the deprecated
// register-scanning pair.  (The other roots are in api_root.cpp.)  DELETE
// each group when its implementation lands.  Same rules as
// api_unimplemented_transforms.cpp.
#include "api/api_internal.hpp"

using namespace mps;
using namespace mps::api;

// What every root constructor can check before saying MPS_RES_UNIMPL.
#define UNBUILT_ROOT(function)                      \
  API_CHECK_NOT_NULL(function, root_o);             \
  API_CHECK_ARENA(function, arena_of(arena));       \
  return MPS_RES_UNIMPL

// --- Thread roots ------------------------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_root_create_thread(mps_root_t* root_o, mps_arena_t arena, mps_thr_t, void*) {
  UNBUILT_ROOT("mps_root_create_thread");
}

extern "C" MPS_EXPORT mps_res_t mps_root_create_thread_tagged(mps_root_t* root_o, mps_arena_t arena, mps_rank_t,
                                                              mps_rm_t, mps_thr_t, mps_area_scan_t, mps_word_t,
                                                              mps_word_t, void*) {
  UNBUILT_ROOT("mps_root_create_thread_tagged");
}

extern "C" MPS_EXPORT mps_res_t mps_root_create_thread_scanned(mps_root_t* root_o, mps_arena_t arena, mps_rank_t,
                                                               mps_rm_t, mps_thr_t, mps_area_scan_t, void*, void*) {
  UNBUILT_ROOT("mps_root_create_thread_scanned");
}

extern "C" MPS_EXPORT mps_res_t mps_root_create_reg(mps_root_t* root_o, mps_arena_t arena, mps_rank_t, mps_rm_t,
                                                    mps_thr_t, mps_reg_scan_t, void*, size_t) {
  UNBUILT_ROOT("mps_root_create_reg");
}

extern "C" MPS_EXPORT mps_res_t mps_stack_scan_ambig(mps_ss_t ss, mps_thr_t, void*, size_t) {
  API_CHECK_NOT_NULL("mps_stack_scan_ambig", ss);
  return MPS_RES_UNIMPL;
}

// --- Threads ------------------------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_thread_reg(mps_thr_t* thr_o, mps_arena_t arena) {
  API_CHECK_NOT_NULL("mps_thread_reg", thr_o);
  API_CHECK_ARENA("mps_thread_reg", arena_of(arena));
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT void mps_thread_dereg(mps_thr_t) {
  API_UNIMPLEMENTED("mps_thread_dereg: not implemented yet (threads arrive with the roots and threads issue)");
}
