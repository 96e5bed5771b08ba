/* test_unimplemented.c -- functions of later issues can never be mistaken
 * for success (docs/compat.md): each one that returns a result returns
 * MPS_RES_UNIMPL (leaving its out-parameter alone), and each one that
 * returns anything else is reported through the assertion handler as "not
 * implemented yet".  One or more per facility: formats, chains, roots,
 * threads, scanning, finalization, walking, transforms, the automatic pool
 * classes, location dependency, messages.  Delete lines as facilities
 * arrive. */
#include "mps.h"
#include "mpsavm.h"
#include "mpscamc.h"
#include "mpscams.h"
#include "mpscawl.h"
#include "mpsclo.h"
#include "mpscmv.h"
#include "mpscmvff.h"
#include "mpscsnc.h"
#include "testlib.h"

static mps_arena_t arena;

static mps_res_t scan_nothing(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  (void)ss; (void)base; (void)limit;
  return MPS_RES_OK;
}

static mps_addr_t skip_word(mps_addr_t addr) { return (char *)addr + sizeof(mps_word_t); }

static void test_formats_and_chains(void) {
  mps_fmt_t fmt = (mps_fmt_t)&fmt;
  mps_chain_t chain = (mps_chain_t)&chain;
  mps_gen_param_s gens[2] = {{1024, 0.8}, {4096, 0.5}};
  mps_fmt_A_s a = {sizeof(mps_word_t), scan_nothing, skip_word, NULL, NULL, NULL, NULL};
  mps_fmt_B_s b = {sizeof(mps_word_t), scan_nothing, skip_word, NULL, NULL, NULL, NULL, NULL};
  mps_fmt_auto_header_s ah = {sizeof(mps_word_t), scan_nothing, skip_word, NULL, NULL, NULL, 8};
  mps_fmt_fixed_s fixed = {sizeof(mps_word_t), scan_nothing, NULL, NULL, NULL};
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, scan_nothing);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, skip_word);
    TEST_CHECK_RES(mps_fmt_create_k(&fmt, arena, args), MPS_RES_UNIMPL);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_fmt_create_A(&fmt, arena, &a), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_fmt_create_B(&fmt, arena, &b), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_fmt_create_auto_header(&fmt, arena, &ah), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_fmt_create_fixed(&fmt, arena, &fixed), MPS_RES_UNIMPL);
  TEST_CHECK(fmt == (mps_fmt_t)&fmt);
  TEST_CHECK_RES(mps_chain_create(&chain, arena, 2, gens), MPS_RES_UNIMPL);
  TEST_CHECK(chain == (mps_chain_t)&chain);
}

static void test_automatic_pool_classes(void) {
  mps_pool_class_t classes[9];
  mps_pool_t pool = (mps_pool_t)&pool;
  size_t i;
  classes[0] = mps_class_amc();
  classes[1] = mps_class_amcz();
  classes[2] = mps_class_ams();
  classes[3] = mps_class_ams_debug();
  classes[4] = mps_class_awl();
  classes[5] = mps_class_lo();
  classes[6] = mps_class_snc();
  classes[7] = mps_class_mv(); /* removed from the MPS: use MVFF */
  classes[8] = mps_class_mv_debug();
  for (i = 0; i < sizeof classes / sizeof classes[0]; ++i) {
    TEST_CHECK(classes[i] != NULL);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, classes[i], mps_args_none), MPS_RES_UNIMPL);
    TEST_CHECK(pool == (mps_pool_t)&pool);
  }
  TEST_CHECK(mps_class_amc() != mps_class_amcz() && mps_class_amc() != mps_class_mvff());
  TEST_CHECK_RES(mps_pool_create(&pool, arena, mps_class_amc(), (mps_fmt_t)NULL, (mps_chain_t)NULL),
                 MPS_RES_UNIMPL);
  TEST_CHECK(pool == (mps_pool_t)&pool);
}

static void test_roots_and_threads(void) {
  static mps_addr_t table[4];
  mps_root_t root = (mps_root_t)&root;
  mps_thr_t thr = (mps_thr_t)&thr;
  mps_scan_tag_s tag = {7, 0};
  void *cold = &root;
  TEST_CHECK_RES(mps_thread_reg(&thr, arena), MPS_RES_UNIMPL);
  TEST_CHECK(thr == (mps_thr_t)&thr);
  TEST_CHECK_RES(mps_root_create_table(&root, arena, mps_rank_exact(), 0, table, 4), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_root_create_table_masked(&root, arena, mps_rank_exact(), 0, table, 4, 7), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_root_create_area(&root, arena, mps_rank_exact(), 0, table, table + 4, mps_scan_area, NULL),
                 MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_root_create_area_tagged(&root, arena, mps_rank_exact(), 0, table, table + 4,
                                             mps_scan_area_tagged, 7, 0),
                 MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_root_create_fmt(&root, arena, mps_rank_exact(), 0, scan_nothing, table, table + 4),
                 MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_root_create_thread(&root, arena, thr, cold), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_root_create_thread_tagged(&root, arena, mps_rank_ambig(), 0, thr, mps_scan_area_tagged,
                                               7, 0, cold),
                 MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_root_create_thread_scanned(&root, arena, mps_rank_ambig(), 0, thr, mps_scan_area, &tag,
                                                cold),
                 MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_root_create_reg(&root, arena, mps_rank_ambig(), 0, thr, mps_stack_scan_ambig, cold, 0),
                 MPS_RES_UNIMPL);
  TEST_CHECK(root == (mps_root_t)&root);
}

static void test_scanning_finalization_walking_transforms(void) {
  mps_ss_s ss = {0, 0, 0};
  mps_addr_t ref = NULL, block;
  mps_pool_t pool;
  mps_transform_t transform = (mps_transform_t)&transform;
  mps_bool_t applied = 7;
  TEST_CHECK_RES(_mps_fix2(&ss, &ref), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_fix(&ss, &ref), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_scan_area(&ss, &ref, &ref + 1, NULL), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_stack_scan_ambig(&ss, NULL, NULL, 0), MPS_RES_UNIMPL);

  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&block, pool, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_finalize(arena, &block), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_definalize(arena, &block), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_pool_walk(pool, mps_scan_area, NULL), MPS_RES_UNIMPL);
  TEST_CHECK_RES(mps_addr_object(&ref, arena, block), MPS_RES_UNIMPL);
  TEST_CHECK(ref == NULL);
  mps_free(pool, block, 64);
  mps_pool_destroy(pool);

  TEST_CHECK_RES(mps_transform_create(&transform, arena), MPS_RES_UNIMPL);
  TEST_CHECK(transform == (mps_transform_t)&transform);
  TEST_CHECK_RES(mps_transform_apply(&applied, (mps_transform_t)&transform), MPS_RES_UNIMPL);
  TEST_CHECK(applied == 7);
}

/* Functions with no result code to carry MPS_RES_UNIMPL. */
static void call_ld_reset(void *closure) {
  mps_ld_s ld;
  (void)closure;
  mps_ld_reset(&ld, arena);
}
static void call_ld_isstale(void *closure) {
  mps_ld_s ld;
  (void)closure;
  (void)mps_ld_isstale(&ld, arena, &ld);
}
static void call_message_poll(void *closure) {
  (void)closure;
  (void)mps_message_poll(arena);
}
static void call_message_type_enable(void *closure) {
  (void)closure;
  mps_message_type_enable(arena, mps_message_type_finalization());
}
static void call_root_destroy(void *closure) {
  (void)closure;
  mps_root_destroy((mps_root_t)closure);
}
static void call_thread_dereg(void *closure) {
  (void)closure;
  mps_thread_dereg((mps_thr_t)closure);
}
static void call_fmt_destroy(void *closure) { mps_fmt_destroy((mps_fmt_t)closure); }
static void call_chain_destroy(void *closure) { mps_chain_destroy((mps_chain_t)closure); }
static void call_addr_fmt(void *closure) {
  mps_fmt_t fmt;
  (void)mps_addr_fmt(&fmt, arena, closure);
}
static void call_formatted_objects_walk(void *closure) {
  (void)closure;
  mps_arena_formatted_objects_walk(arena, NULL, NULL, 0);
}
static void call_transform_destroy(void *closure) { mps_transform_destroy((mps_transform_t)closure); }

static void test_reported_functions(void) {
  static int dummy;
  TEST_EXPECT_ASSERTION(call_ld_reset, NULL, "mps_ld_reset: not implemented yet");
  TEST_EXPECT_ASSERTION(call_ld_isstale, NULL, "mps_ld_isstale: not implemented yet");
  TEST_EXPECT_ASSERTION(call_message_poll, NULL, "mps_message_poll: not implemented yet");
  TEST_EXPECT_ASSERTION(call_message_type_enable, NULL, "mps_message_type_enable: not implemented yet");
  TEST_EXPECT_ASSERTION(call_root_destroy, &dummy, "mps_root_destroy: not implemented yet");
  TEST_EXPECT_ASSERTION(call_thread_dereg, &dummy, "mps_thread_dereg: not implemented yet");
  TEST_EXPECT_ASSERTION(call_fmt_destroy, &dummy, "mps_fmt_destroy: not implemented yet");
  TEST_EXPECT_ASSERTION(call_chain_destroy, &dummy, "mps_chain_destroy: not implemented yet");
  TEST_EXPECT_ASSERTION(call_addr_fmt, &dummy, "mps_addr_fmt: not implemented yet");
  TEST_EXPECT_ASSERTION(call_formatted_objects_walk, NULL, "mps_arena_formatted_objects_walk: not implemented");
  TEST_EXPECT_ASSERTION(call_transform_destroy, &dummy, "mps_transform_destroy: not implemented yet");
}

int main(void) {
  testlib_init("unimplemented");
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  test_formats_and_chains();
  test_automatic_pool_classes();
  test_roots_and_threads();
  test_scanning_finalization_walking_transforms();
  test_reported_functions();
  mps_arena_destroy(arena);
  return testlib_pass();
}
