// api_unimplemented_formats_chains_scan.cpp -- interface functions that arrive with
// the collector issue (object formats, generation chains, scanning and fixing, heap walking, transforms).  DELETE each group
// when its implementation lands.
//
// Rules (docs/compat.md): a function returning mps_res_t checks what it can
// and returns MPS_RES_UNIMPL; any other function reports "not implemented
// yet" through the assertion handler in every variety (so it cannot be taken
// for success) and, if the handler returns (hot variety), returns a neutral
// value.
#include "api/api_internal.hpp"
#include "mpscamc.h"

using namespace mps;
using namespace mps::api;

#define COLLECTOR_ISSUE " not implemented yet (arrives with the collector)"

// --- Object formats ------------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_k(mps_fmt_t* fmt_o, mps_arena_t arena, mps_arg_s args[]) {
  API_CHECK_NOT_NULL("mps_fmt_create_k", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_k", arena_of(arena));
  ArgList(args).check();
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_A(mps_fmt_t* fmt_o, mps_arena_t arena, mps_fmt_A_s* fmt) {
  API_CHECK_NOT_NULL("mps_fmt_create_A", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_A", arena_of(arena));
  API_CHECK_NOT_NULL("mps_fmt_create_A", fmt);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_B(mps_fmt_t* fmt_o, mps_arena_t arena, mps_fmt_B_s* fmt) {
  API_CHECK_NOT_NULL("mps_fmt_create_B", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_B", arena_of(arena));
  API_CHECK_NOT_NULL("mps_fmt_create_B", fmt);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_auto_header(mps_fmt_t* fmt_o, mps_arena_t arena,
                                                           mps_fmt_auto_header_s* fmt) {
  API_CHECK_NOT_NULL("mps_fmt_create_auto_header", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_auto_header", arena_of(arena));
  API_CHECK_NOT_NULL("mps_fmt_create_auto_header", fmt);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_fixed(mps_fmt_t* fmt_o, mps_arena_t arena, mps_fmt_fixed_s* fmt) {
  API_CHECK_NOT_NULL("mps_fmt_create_fixed", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_fixed", arena_of(arena));
  API_CHECK_NOT_NULL("mps_fmt_create_fixed", fmt);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT void mps_fmt_destroy(mps_fmt_t) { API_UNIMPLEMENTED("mps_fmt_destroy:" COLLECTOR_ISSUE); }

extern "C" MPS_EXPORT mps_bool_t mps_addr_fmt(mps_fmt_t*, mps_arena_t, mps_addr_t) {
  API_UNIMPLEMENTED("mps_addr_fmt:" COLLECTOR_ISSUE);
  return 0;
}

// --- Generation chains ----------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_chain_create(mps_chain_t* chain_o, mps_arena_t arena, size_t gen_count,
                                                 mps_gen_param_s* gen_params) {
  API_CHECK_NOT_NULL("mps_chain_create", chain_o);
  API_CHECK_ARENA("mps_chain_create", arena_of(arena));
  API_ASSERT(gen_count > 0, "mps_chain_create: gen_count is zero");
  API_CHECK_NOT_NULL("mps_chain_create", gen_params);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT void mps_chain_destroy(mps_chain_t) { API_UNIMPLEMENTED("mps_chain_destroy:" COLLECTOR_ISSUE); }

// --- Scanning and fixing -----------------------------------------------------------
// No scan state exists until the collector does, so these can only be
// reached by misuse; they still answer with a result code.

extern "C" MPS_EXPORT mps_res_t _mps_fix2(mps_ss_t ss, mps_addr_t* ref_io) {
  API_CHECK_NOT_NULL("_mps_fix2", ss);
  API_CHECK_NOT_NULL("_mps_fix2", ref_io);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_fix(mps_ss_t ss, mps_addr_t* ref_io) {
  API_CHECK_NOT_NULL("mps_fix", ss);
  API_CHECK_NOT_NULL("mps_fix", ref_io);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_scan_area(mps_ss_t ss, void*, void*, void*) {
  API_CHECK_NOT_NULL("mps_scan_area", ss);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_scan_area_masked(mps_ss_t ss, void*, void*, void*) {
  API_CHECK_NOT_NULL("mps_scan_area_masked", ss);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_scan_area_tagged(mps_ss_t ss, void*, void*, void*) {
  API_CHECK_NOT_NULL("mps_scan_area_tagged", ss);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_scan_area_tagged_or_zero(mps_ss_t ss, void*, void*, void*) {
  API_CHECK_NOT_NULL("mps_scan_area_tagged_or_zero", ss);
  return MPS_RES_UNIMPL;
}

// --- Heap walking ----------------------------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_pool_walk(mps_pool_t pool, mps_area_scan_t scan_area, void*) {
  API_CHECK_POOL("mps_pool_walk", pool_of(pool));
  API_CHECK_NOT_NULL("mps_pool_walk", scan_area);
  return MPS_RES_UNIMPL;  // only GC pools can be walked, and there are none yet
}

extern "C" MPS_EXPORT void mps_arena_formatted_objects_walk(mps_arena_t, mps_formatted_objects_stepper_t, void*,
                                                            size_t) {
  API_UNIMPLEMENTED("mps_arena_formatted_objects_walk:" COLLECTOR_ISSUE);
}

extern "C" MPS_EXPORT void mps_arena_roots_walk(mps_arena_t, mps_roots_stepper_t, void*, size_t) {
  API_UNIMPLEMENTED("mps_arena_roots_walk:" COLLECTOR_ISSUE);
}

extern "C" MPS_EXPORT void mps_amc_apply(mps_pool_t, mps_amc_apply_stepper_t, void*, size_t) {
  API_UNIMPLEMENTED("mps_amc_apply:" COLLECTOR_ISSUE);
}

// --- Transforms ---------------------------------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_transform_create(mps_transform_t* transform_o, mps_arena_t arena) {
  API_CHECK_NOT_NULL("mps_transform_create", transform_o);
  API_CHECK_ARENA("mps_transform_create", arena_of(arena));
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_transform_add_oldnew(mps_transform_t transform, mps_addr_t*, mps_addr_t*,
                                                         size_t) {
  API_CHECK_NOT_NULL("mps_transform_add_oldnew", transform);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_transform_apply(mps_bool_t* applied_o, mps_transform_t transform) {
  API_CHECK_NOT_NULL("mps_transform_apply", applied_o);
  API_CHECK_NOT_NULL("mps_transform_apply", transform);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT void mps_transform_destroy(mps_transform_t) {
  API_UNIMPLEMENTED("mps_transform_destroy:" COLLECTOR_ISSUE);
}
