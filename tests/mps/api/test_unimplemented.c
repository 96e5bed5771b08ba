/* test_unimplemented.c -- functions of later issues can never be mistaken
 * for success (docs/compat.md): each one that returns a result returns
 * MPS_RES_UNIMPL (leaving its out-parameter alone), and each one that
 * returns anything else is reported through the assertion handler as "not
 * implemented yet".  One or more per facility: formats, chains, roots,
 * scanning, finalization, walking, transforms, the automatic pool
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


static void test_automatic_pool_classes(void) {
  mps_pool_class_t classes[7];
  mps_pool_t pool = (mps_pool_t)&pool;
  size_t i;
  classes[0] = mps_class_ams();
  classes[1] = mps_class_ams_debug();
  classes[2] = mps_class_awl();
  classes[3] = mps_class_lo();
  classes[4] = mps_class_snc();
  classes[5] = mps_class_mv(); /* removed from the MPS: use MVFF */
  classes[6] = mps_class_mv_debug();
  for (i = 0; i < sizeof classes / sizeof classes[0]; ++i) {
    TEST_CHECK(classes[i] != NULL);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, classes[i], mps_args_none), MPS_RES_UNIMPL);
    TEST_CHECK(pool == (mps_pool_t)&pool);
  }
  TEST_CHECK(mps_class_amc() != mps_class_amcz() && mps_class_amc() != mps_class_mvff());
  TEST_CHECK_RES(mps_pool_create(&pool, arena, mps_class_ams(), (mps_fmt_t)NULL, (mps_chain_t)NULL),
                 MPS_RES_UNIMPL);
  TEST_CHECK(pool == (mps_pool_t)&pool);
}

static void test_scanning_finalization_walking_transforms(void) {
  mps_addr_t ref = NULL, block;
  mps_pool_t pool;
  mps_transform_t transform = (mps_transform_t)&transform;
  mps_bool_t applied = 7;

  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&block, pool, 64), MPS_RES_OK);
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
static void call_transform_destroy(void *closure) { mps_transform_destroy((mps_transform_t)closure); }

static void test_reported_functions(void) {
  static int dummy;
  TEST_EXPECT_ASSERTION(call_transform_destroy, &dummy, "mps_transform_destroy: not implemented yet");
}

int main(void) {
  testlib_init("unimplemented");
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  test_automatic_pool_classes();
  test_scanning_finalization_walking_transforms();
  test_reported_functions();
  mps_arena_destroy(arena);
  return testlib_pass();
}
