// api_keys.cpp -- keyword arguments: the key objects, mps_args_none and
// _mps_args_set_key (mps-interface.md 1.5, 1.6).
//
// Each MPS_KEY_X macro in the headers is the address of _mps_key_X, a
// constant mps_key_s carrying the key signature, its name (used when a
// required key is missing or a value is illegal) and a checker for the
// value ranges the reference states (booleans take any int: no checker).
// Decoding lists is base/args.*'s job.
#include <cstdio>

#include "api/api_internal.hpp"
#include "mpsacl.h"
#include "mpscams.h"
#include "mpscawl.h"
#include "mpscmfs.h"
#include "mpscmvff.h"
#include "mpscmvt.h"

namespace mps::api {
namespace {

// --- Value checkers ---------------------------------------------------------
// Each reports what is wrong in words naming the key (ArgList::take then adds
// its own generic report) and returns whether the value is acceptable.

bool value_ok(bool ok, const mps_arg_s* arg, const char* problem) {
  if (!ok) {
    static thread_local char text[160];  // per thread: concurrent reports stay whole
    std::snprintf(text, sizeof text, "%s %s", arg->key->name, problem);
    report_assertion(__FILE__, __LINE__, text);
  }
  return ok;
}

bool check_positive_size(const mps_arg_s* arg) { return value_ok(arg->val.size > 0, arg, "is zero"); }
bool check_fraction(const mps_arg_s* arg) {  // NaN fails
  return value_ok(arg->val.d >= 0.0 && arg->val.d <= 1.0, arg, "is not between 0.0 and 1.0");
}
bool check_non_negative_time(const mps_arg_s* arg) {  // +infinity allowed
  return value_ok(arg->val.d >= 0.0, arg, "is negative (or not a number)");
}
bool check_align(const mps_arg_s* arg) { return value_ok(is_pow2(arg->val.align), arg, "is not a power of two"); }
bool check_grain_size(const mps_arg_s* arg) {
  return value_ok(is_pow2(arg->val.size) && arg->val.size >= sizeof(void*), arg,
                  "is not a power of two at least the size of a pointer");
}
bool check_addr_not_null(const mps_arg_s* arg) { return value_ok(arg->val.addr != nullptr, arg, "is NULL"); }
bool check_format_not_null(const mps_arg_s* arg) { return value_ok(arg->val.format != nullptr, arg, "is NULL"); }
bool check_chain_not_null(const mps_arg_s* arg) { return value_ok(arg->val.chain != nullptr, arg, "is NULL"); }
bool check_debug_options(const mps_arg_s* arg) {
  return value_ok(arg->val.pool_debug_options != nullptr, arg, "is NULL");
}
bool check_rank(const mps_arg_s* arg) {  // ambig 0, exact 1, (final 2), weak 3
  return value_ok(arg->val.rank <= 3, arg, "is not a rank (use mps_rank_ambig/exact/weak())");
}

}  // namespace
}  // namespace mps::api

using mps::kKeySig;
namespace chk = mps::api;

// Defines the key object _mps_key_<name>, exported with C linkage.
#define MPS_DEFINE_KEY(name, checker) \
  extern "C" MPS_EXPORT const mps_key_s _mps_key_##name = {kKeySig, "MPS_KEY_" #name, checker}

// The terminator is a key like the others so that ArgList::check accepts it.
MPS_DEFINE_KEY(ARGS_END, nullptr);

// Arenas (mps.h, mpsacl.h).
MPS_DEFINE_KEY(ARENA_SIZE, chk::check_positive_size);
MPS_DEFINE_KEY(ARENA_GRAIN_SIZE, chk::check_grain_size);
MPS_DEFINE_KEY(ARENA_ZONED, nullptr);
MPS_DEFINE_KEY(ARENA_EXTENDED, nullptr);
MPS_DEFINE_KEY(ARENA_CONTRACTED, nullptr);
MPS_DEFINE_KEY(COMMIT_LIMIT, nullptr);
MPS_DEFINE_KEY(SPARE, chk::check_fraction);
MPS_DEFINE_KEY(SPARE_COMMIT_LIMIT, nullptr);
MPS_DEFINE_KEY(PAUSE_TIME, chk::check_non_negative_time);
MPS_DEFINE_KEY(VMW3_TOP_DOWN, nullptr);
MPS_DEFINE_KEY(ARENA_CL_BASE, chk::check_addr_not_null);

// Pools in general.
MPS_DEFINE_KEY(FORMAT, chk::check_format_not_null);
MPS_DEFINE_KEY(CHAIN, chk::check_chain_not_null);
MPS_DEFINE_KEY(GEN, nullptr);
MPS_DEFINE_KEY(INTERIOR, nullptr);
MPS_DEFINE_KEY(EXTEND_BY, chk::check_positive_size);
MPS_DEFINE_KEY(LARGE_SIZE, chk::check_positive_size);
MPS_DEFINE_KEY(MIN_SIZE, chk::check_positive_size);
MPS_DEFINE_KEY(MEAN_SIZE, chk::check_positive_size);
MPS_DEFINE_KEY(MAX_SIZE, chk::check_positive_size);
MPS_DEFINE_KEY(ALIGN, chk::check_align);
MPS_DEFINE_KEY(POOL_DEBUG_OPTIONS, chk::check_debug_options);

// Pool classes (mpsc*.h).
MPS_DEFINE_KEY(MFS_UNIT_SIZE, chk::check_positive_size);
MPS_DEFINE_KEY(MVFF_ARENA_HIGH, nullptr);
MPS_DEFINE_KEY(MVFF_SLOT_HIGH, nullptr);
MPS_DEFINE_KEY(MVFF_FIRST_FIT, nullptr);
MPS_DEFINE_KEY(MVT_RESERVE_DEPTH, nullptr);  // the class decides about 0 (mps-interface.md 21)
MPS_DEFINE_KEY(MVT_FRAG_LIMIT, chk::check_fraction);
MPS_DEFINE_KEY(AMS_SUPPORT_AMBIGUOUS, nullptr);
MPS_DEFINE_KEY(AWL_FIND_DEPENDENT, nullptr);

// Allocation points.
MPS_DEFINE_KEY(RANK, chk::check_rank);
MPS_DEFINE_KEY(AP_HASH_ARRAYS, nullptr);

// Object formats: absent methods are allowed, so no checks but alignment.
MPS_DEFINE_KEY(FMT_ALIGN, chk::check_align);
MPS_DEFINE_KEY(FMT_HEADER_SIZE, nullptr);
MPS_DEFINE_KEY(FMT_SCAN, nullptr);
MPS_DEFINE_KEY(FMT_SKIP, nullptr);
MPS_DEFINE_KEY(FMT_FWD, nullptr);
MPS_DEFINE_KEY(FMT_ISFWD, nullptr);
MPS_DEFINE_KEY(FMT_PAD, nullptr);
MPS_DEFINE_KEY(FMT_CLASS, nullptr);

// The empty list (C linkage from its declaration in mps.h).  Declared mutable, but no function ever writes
// it: callees only remove keys they use, and it has none.
MPS_EXPORT mps_arg_s mps_args_none[1] = {{MPS_KEY_ARGS_END, {0}}};

extern "C" MPS_EXPORT void _mps_args_set_key(mps_arg_s args[MPS_ARGS_MAX], unsigned i, mps_key_t key) {
  API_CHECK_NOT_NULL("_mps_args_set_key", args);
  API_ASSERT(i < MPS_ARGS_MAX,
                 "_mps_args_set_key: too many keyword arguments (a list holds at most MPS_ARGS_MAX "
                 "entries, terminator included)");
  API_ASSERT(key != nullptr && key->sig == kKeySig, "_mps_args_set_key: key is not an MPS key");
  if (i >= MPS_ARGS_MAX) return;  // hot/rash: never write past the array
  args[i].key = key;
}
