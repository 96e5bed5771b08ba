// api_unimplemented_transforms.cpp -- transforms (mps-interface.md 18), not
// built yet.  DELETE this file when they land.
//
// Rules (docs/compat.md): a function returning mps_res_t checks what it can
// and returns MPS_RES_UNIMPL; any other function reports "not implemented
// yet" through the assertion handler in every variety (so it cannot be taken
// for success) and, if the handler returns (hot variety), returns a neutral
// value.
#include "api/api_internal.hpp"

using namespace mps;
using namespace mps::api;

#define COLLECTOR_ISSUE " not implemented yet (transforms are not built)"

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
