// api_unimplemented_ld_messages_final.cpp -- interface functions that arrive with
// the collector issue (location dependency, messages, finalization).  DELETE each group
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

// --- Location dependency ------------------------------------------------------------

#define LD_ISSUE " not implemented yet (location dependency arrives with the collector)"

extern "C" MPS_EXPORT void mps_ld_reset(mps_ld_t, mps_arena_t) { API_UNIMPLEMENTED("mps_ld_reset:" LD_ISSUE); }
extern "C" MPS_EXPORT void mps_ld_add(mps_ld_t, mps_arena_t, mps_addr_t) {
  API_UNIMPLEMENTED("mps_ld_add:" LD_ISSUE);
}
extern "C" MPS_EXPORT void mps_ld_merge(mps_ld_t, mps_arena_t, mps_ld_t) {
  API_UNIMPLEMENTED("mps_ld_merge:" LD_ISSUE);
}
extern "C" MPS_EXPORT mps_bool_t mps_ld_isstale(mps_ld_t, mps_arena_t, mps_addr_t) {
  API_UNIMPLEMENTED("mps_ld_isstale:" LD_ISSUE);
  return 1;  // if the handler returns, "stale" is the safe answer
}
extern "C" MPS_EXPORT mps_bool_t mps_ld_isstale_any(mps_ld_t, mps_arena_t) {
  API_UNIMPLEMENTED("mps_ld_isstale_any:" LD_ISSUE);
  return 1;
}

// --- Messages -------------------------------------------------------------------------

#define MESSAGE_ISSUE " not implemented yet (messages arrive with the collector)"

extern "C" MPS_EXPORT void mps_message_type_enable(mps_arena_t, mps_message_type_t) {
  API_UNIMPLEMENTED("mps_message_type_enable:" MESSAGE_ISSUE);
}
extern "C" MPS_EXPORT void mps_message_type_disable(mps_arena_t, mps_message_type_t) {
  API_UNIMPLEMENTED("mps_message_type_disable:" MESSAGE_ISSUE);
}
extern "C" MPS_EXPORT mps_bool_t mps_message_poll(mps_arena_t) {
  API_UNIMPLEMENTED("mps_message_poll:" MESSAGE_ISSUE);
  return 0;
}
extern "C" MPS_EXPORT mps_bool_t mps_message_queue_type(mps_message_type_t*, mps_arena_t) {
  API_UNIMPLEMENTED("mps_message_queue_type:" MESSAGE_ISSUE);
  return 0;
}
extern "C" MPS_EXPORT mps_bool_t mps_message_get(mps_message_t*, mps_arena_t, mps_message_type_t) {
  API_UNIMPLEMENTED("mps_message_get:" MESSAGE_ISSUE);
  return 0;
}
extern "C" MPS_EXPORT void mps_message_discard(mps_arena_t, mps_message_t) {
  API_UNIMPLEMENTED("mps_message_discard:" MESSAGE_ISSUE);
}
extern "C" MPS_EXPORT mps_message_type_t mps_message_type(mps_arena_t, mps_message_t) {
  API_UNIMPLEMENTED("mps_message_type:" MESSAGE_ISSUE);
  return 0;
}
extern "C" MPS_EXPORT mps_clock_t mps_message_clock(mps_arena_t, mps_message_t) {
  API_UNIMPLEMENTED("mps_message_clock:" MESSAGE_ISSUE);
  return 0;
}
extern "C" MPS_EXPORT void mps_message_finalization_ref(mps_addr_t*, mps_arena_t, mps_message_t) {
  API_UNIMPLEMENTED("mps_message_finalization_ref:" MESSAGE_ISSUE);
}
extern "C" MPS_EXPORT size_t mps_message_gc_live_size(mps_arena_t, mps_message_t) {
  API_UNIMPLEMENTED("mps_message_gc_live_size:" MESSAGE_ISSUE);
  return 0;
}
extern "C" MPS_EXPORT size_t mps_message_gc_condemned_size(mps_arena_t, mps_message_t) {
  API_UNIMPLEMENTED("mps_message_gc_condemned_size:" MESSAGE_ISSUE);
  return 0;
}
extern "C" MPS_EXPORT size_t mps_message_gc_not_condemned_size(mps_arena_t, mps_message_t) {
  API_UNIMPLEMENTED("mps_message_gc_not_condemned_size:" MESSAGE_ISSUE);
  return 0;
}
extern "C" MPS_EXPORT const char* mps_message_gc_start_why(mps_arena_t, mps_message_t) {
  API_UNIMPLEMENTED("mps_message_gc_start_why:" MESSAGE_ISSUE);
  return "";
}

// --- Finalization ------------------------------------------------------------------------

extern "C" MPS_EXPORT mps_res_t mps_finalize(mps_arena_t arena, mps_addr_t* ref_p) {
  API_CHECK_ARENA("mps_finalize", arena_of(arena));
  API_CHECK_NOT_NULL("mps_finalize", ref_p);
  return MPS_RES_UNIMPL;
}

extern "C" MPS_EXPORT mps_res_t mps_definalize(mps_arena_t arena, mps_addr_t* ref_p) {
  API_CHECK_ARENA("mps_definalize", arena_of(arena));
  API_CHECK_NOT_NULL("mps_definalize", ref_p);
  return MPS_RES_UNIMPL;
}

