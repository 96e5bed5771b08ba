/* test_interface_symbols.c -- every function and key object the public
 * headers declare links (mps-interface.md 1.9, 20.3), including the
 * function forms of macros, reached by writing the name without a call.
 * A missing definition fails the build of this test.  Public headers only. */
#include "mps.h"
#include "mpsacl.h"
#include "mpsavm.h"
#include "mpscamc.h"
#include "mpscams.h"
#include "mpscawl.h"
#include "mpsclo.h"
#include "mpscmfs.h"
#include "mpscmv.h"
#include "mpscmv2.h"
#include "mpscmvff.h"
#include "mpscmvt.h"
#include "mpscsnc.h"
#include "mpsio.h"
#include "mpslib.h"
#include "testlib.h"

/* Writing a function-like macro's name without "(" names the function. */
#define FN(name) {#name, (mps_fun_t)name}

struct named_function {
  const char *name;
  mps_fun_t address;
};

static const struct named_function functions[] = {
    FN(_mps_args_set_key),
    FN(mps_rank_ambig),
    FN(mps_rank_exact),
    FN(mps_rank_weak),
    FN(mps_arena_create_k),
    FN(mps_arena_destroy),
    FN(mps_arena_create),
    FN(mps_arena_create_v),
    FN(mps_arena_extend),
    FN(mps_arena_reserved),
    FN(mps_arena_committed),
    FN(mps_arena_spare_committed),
    FN(mps_arena_commit_limit),
    FN(mps_arena_commit_limit_set),
    FN(mps_arena_spare),
    FN(mps_arena_spare_set),
    FN(mps_arena_pause_time),
    FN(mps_arena_pause_time_set),
    FN(mps_arena_spare_commit_limit),
    FN(mps_arena_spare_commit_limit_set),
    FN(mps_collections),
    FN(mps_arena_clamp),
    FN(mps_arena_release),
    FN(mps_arena_park),
    FN(mps_arena_postmortem),
    FN(mps_arena_start_collect),
    FN(mps_arena_collect),
    FN(mps_arena_step),
    FN(mps_arena_expose),
    FN(mps_arena_unsafe_expose_remember_protection),
    FN(mps_arena_unsafe_restore_protection),
    FN(mps_arena_busy),
    FN(mps_arena_has_addr),
    FN(mps_addr_object),
    FN(mps_pool_create_k),
    FN(mps_pool_create),
    FN(mps_pool_create_v),
    FN(mps_pool_destroy),
    FN(mps_pool_total_size),
    FN(mps_pool_free_size),
    FN(mps_addr_pool),
    FN(mps_pool_walk),
    FN(mps_alloc),
    FN(mps_free),
    FN(mps_pool_check_fenceposts),
    FN(mps_pool_check_free_space),
    FN(mps_fmt_create_k),
    FN(mps_fmt_destroy),
    FN(mps_addr_fmt),
    FN(mps_fmt_create_A),
    FN(mps_fmt_create_B),
    FN(mps_fmt_create_auto_header),
    FN(mps_fmt_create_fixed),
    FN(mps_chain_create),
    FN(mps_chain_destroy),
    FN(mps_ap_create_k),
    FN(mps_ap_create),
    FN(mps_ap_create_v),
    FN(mps_ap_destroy),
    FN(mps_ap_fill),
    FN(mps_ap_trip),
    FN(mps_reserve),
    FN(mps_commit),
    FN(mps_ap_fill_with_reservoir_permit),
    FN(mps_reserve_with_reservoir_permit),
    FN(mps_reservoir_limit_set),
    FN(mps_reservoir_limit),
    FN(mps_reservoir_available),
    FN(mps_ap_frame_push),
    FN(mps_ap_frame_pop),
    FN(mps_alloc_pattern_ramp),
    FN(mps_alloc_pattern_ramp_collect_all),
    FN(mps_ap_alloc_pattern_begin),
    FN(mps_ap_alloc_pattern_end),
    FN(mps_ap_alloc_pattern_reset),
    FN(mps_sac_create),
    FN(mps_sac_destroy),
    FN(mps_sac_flush),
    FN(mps_sac_alloc),
    FN(mps_sac_free),
    FN(mps_sac_fill),
    FN(mps_sac_empty),
    FN(mps_root_create),
    FN(mps_root_create_area),
    FN(mps_root_create_area_tagged),
    FN(mps_root_create_fmt),
    FN(mps_root_create_thread),
    FN(mps_root_create_thread_tagged),
    FN(mps_root_create_thread_scanned),
    FN(mps_root_create_table),
    FN(mps_root_create_table_masked),
    FN(mps_root_create_reg),
    FN(mps_stack_scan_ambig),
    FN(mps_root_destroy),
    FN(mps_arena_roots_walk),
    FN(mps_thread_reg),
    FN(mps_thread_dereg),
    FN(mps_tramp),
    FN(_mps_fix2),
    FN(mps_fix),
    FN(mps_scan_area),
    FN(mps_scan_area_masked),
    FN(mps_scan_area_tagged),
    FN(mps_scan_area_tagged_or_zero),
    FN(mps_ld_reset),
    FN(mps_ld_add),
    FN(mps_ld_merge),
    FN(mps_ld_isstale),
    FN(mps_ld_isstale_any),
    FN(mps_message_type_enable),
    FN(mps_message_type_disable),
    FN(mps_message_poll),
    FN(mps_message_queue_type),
    FN(mps_message_get),
    FN(mps_message_discard),
    FN(mps_message_type),
    FN(mps_message_clock),
    FN(mps_message_finalization_ref),
    FN(mps_message_gc_live_size),
    FN(mps_message_gc_condemned_size),
    FN(mps_message_gc_not_condemned_size),
    FN(mps_message_gc_start_why),
    FN(mps_finalize),
    FN(mps_definalize),
    FN(mps_telemetry_set),
    FN(mps_telemetry_reset),
    FN(mps_telemetry_get),
    FN(mps_telemetry_intern),
    FN(mps_telemetry_label),
    FN(mps_telemetry_flush),
    FN(mps_telemetry_control),
    FN(mps_arena_formatted_objects_walk),
    FN(mps_transform_create),
    FN(mps_transform_add_oldnew),
    FN(mps_transform_apply),
    FN(mps_transform_destroy),
    FN(mps_arena_class_vm),
    FN(mps_arena_class_vmnz),
    FN(mps_arena_vm_growth),
    FN(mps_arena_class_cl),
    FN(mps_class_amc),
    FN(mps_class_amcz),
    FN(mps_amc_apply),
    FN(mps_class_ams),
    FN(mps_class_ams_debug),
    FN(mps_class_awl),
    FN(mps_class_lo),
    FN(mps_class_mfs),
    FN(mps_class_mv),
    FN(mps_class_mv_debug),
    FN(mps_class_mvt),
    FN(mps_class_mvff),
    FN(mps_class_mvff_debug),
    FN(mps_class_snc),
    FN(mps_lib_get_EOF),
    FN(mps_lib_get_stderr),
    FN(mps_lib_get_stdout),
    FN(mps_lib_fputc),
    FN(mps_lib_fputs),
    FN(mps_lib_assert_fail),
    FN(mps_lib_assert_fail_install),
    FN(mps_lib_memset),
    FN(mps_lib_memcpy),
    FN(mps_lib_memcmp),
    FN(mps_clock),
    FN(mps_clocks_per_sec),
    FN(mps_lib_telemetry_control),
    FN(mps_io_create),
    FN(mps_io_destroy),
    FN(mps_io_write),
    FN(mps_io_flush),
};

struct named_key {
  const char *macro_name;
  mps_key_t key;
};

#define KEY(name) {"MPS_KEY_" #name, MPS_KEY_##name}

static const struct named_key keys[] = {
    KEY(ALIGN),
    KEY(AMS_SUPPORT_AMBIGUOUS),
    KEY(AP_HASH_ARRAYS),
    KEY(ARENA_CL_BASE),
    KEY(ARENA_CONTRACTED),
    KEY(ARENA_EXTENDED),
    KEY(ARENA_GRAIN_SIZE),
    KEY(ARENA_SIZE),
    KEY(ARENA_ZONED),
    KEY(ARGS_END),
    KEY(AWL_FIND_DEPENDENT),
    KEY(CHAIN),
    KEY(COMMIT_LIMIT),
    KEY(EXTEND_BY),
    KEY(FMT_ALIGN),
    KEY(FMT_CLASS),
    KEY(FMT_FWD),
    KEY(FMT_HEADER_SIZE),
    KEY(FMT_ISFWD),
    KEY(FMT_PAD),
    KEY(FMT_SCAN),
    KEY(FMT_SKIP),
    KEY(FORMAT),
    KEY(GEN),
    KEY(INTERIOR),
    KEY(LARGE_SIZE),
    KEY(MAX_SIZE),
    KEY(MEAN_SIZE),
    KEY(MFS_UNIT_SIZE),
    KEY(MIN_SIZE),
    KEY(MVFF_ARENA_HIGH),
    KEY(MVFF_FIRST_FIT),
    KEY(MVFF_SLOT_HIGH),
    KEY(MVT_FRAG_LIMIT),
    KEY(MVT_RESERVE_DEPTH),
    KEY(PAUSE_TIME),
    KEY(POOL_DEBUG_OPTIONS),
    KEY(RANK),
    KEY(SPARE),
    KEY(SPARE_COMMIT_LIMIT),
    KEY(VMW3_TOP_DOWN),
};

int main(void) {
  size_t i, j;
  testlib_init("interface_symbols");
  for (i = 0; i < sizeof functions / sizeof functions[0]; ++i) TEST_CHECK(functions[i].address != NULL);
  /* Keys are distinct objects. */
  for (i = 0; i < sizeof keys / sizeof keys[0]; ++i) {
    TEST_CHECK(keys[i].key != NULL);
    for (j = i + 1; j < sizeof keys / sizeof keys[0]; ++j) TEST_CHECK(keys[i].key != keys[j].key);
  }
  TEST_CHECK(mps_args_none[0].key == MPS_KEY_ARGS_END);
  return testlib_pass();
}
