// api_scan_area.cpp -- the area scanners of the C interface
// (mps-interface.md 5.3): mps_scan_area, mps_scan_area_masked,
// mps_scan_area_tagged, mps_scan_area_tagged_or_zero.
//
// They are collector callbacks as much as interface functions: the
// collector calls them (through roots and mps_pool_walk) with the arena
// lock held, so they take no lock.  Each checks its arguments cheaply and
// hands over to the one implementation in trace/scan_area.cpp.
#include "api/api_internal.hpp"
#include "trace/scan_area.hpp"

using namespace mps;
using namespace mps::api;

#define CHECK_SCAN_AREA(fn)                                                              \
  API_CHECK_NOT_NULL(fn, ss);                                                            \
  API_ASSERT(scan_area_range_ok(base, limit),                                            \
             fn ": base and limit must be aligned to a word, with base not above limit")

#define CHECK_SCAN_TAG(fn) \
  API_ASSERT(closure != nullptr, fn ": closure is NULL (it must be an mps_scan_tag_t)")

extern "C" MPS_EXPORT mps_res_t mps_scan_area(mps_ss_t ss, void* base, void* limit, void* closure) {
  CHECK_SCAN_AREA("mps_scan_area");
  return scan_area(ss, base, limit, closure);
}

extern "C" MPS_EXPORT mps_res_t mps_scan_area_masked(mps_ss_t ss, void* base, void* limit, void* closure) {
  CHECK_SCAN_AREA("mps_scan_area_masked");
  CHECK_SCAN_TAG("mps_scan_area_masked");
  return scan_area_masked(ss, base, limit, closure);
}

extern "C" MPS_EXPORT mps_res_t mps_scan_area_tagged(mps_ss_t ss, void* base, void* limit, void* closure) {
  CHECK_SCAN_AREA("mps_scan_area_tagged");
  CHECK_SCAN_TAG("mps_scan_area_tagged");
  return scan_area_tagged(ss, base, limit, closure);
}

extern "C" MPS_EXPORT mps_res_t mps_scan_area_tagged_or_zero(mps_ss_t ss, void* base, void* limit, void* closure) {
  CHECK_SCAN_AREA("mps_scan_area_tagged_or_zero");
  CHECK_SCAN_TAG("mps_scan_area_tagged_or_zero");
  return scan_area_tagged_or_zero(ss, base, limit, closure);
}
