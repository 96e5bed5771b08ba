/* test_arena_api.c -- arenas through the C interface (mps-interface.md 2):
 * creation with keys, accounting, the commit limit rules, spare memory,
 * has_addr and addr_pool, client arenas and extension, the deprecated
 * varargs creation, the collection-control calls, and lifecycle misuse.
 * Public headers only. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mps.h"
#include "mpsacl.h"
#include "mpsavm.h"
#include "mpscmfs.h"
#include "mpscmvff.h"
#include "testlib.h"

#define MB ((size_t)1 << 20)

static void test_vm_arena_with_keys(void) {
  mps_arena_t arena;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, 32 * MB);
    MPS_ARGS_ADD(args, MPS_KEY_COMMIT_LIMIT, 16 * MB);
    MPS_ARGS_ADD(args, MPS_KEY_SPARE, 0.5);
    MPS_ARGS_ADD(args, MPS_KEY_PAUSE_TIME, 0.25);
    TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), args), MPS_RES_OK);
    TEST_CHECK(args[0].key == MPS_KEY_ARGS_END); /* all used */
  } MPS_ARGS_END(args);
  TEST_CHECK(mps_arena_reserved(arena) >= 32 * MB);
  TEST_CHECK(mps_arena_committed(arena) > 0);
  TEST_CHECK(mps_arena_committed(arena) <= mps_arena_reserved(arena));
  TEST_CHECK(mps_arena_spare_committed(arena) <= mps_arena_committed(arena));
  TEST_CHECK(mps_arena_commit_limit(arena) == 16 * MB);
  TEST_CHECK(mps_arena_spare(arena) == 0.5);
  TEST_CHECK(mps_arena_pause_time(arena) == 0.25);
  mps_arena_pause_time_set(arena, 0.0);
  TEST_CHECK(mps_arena_pause_time(arena) == 0.0);
  mps_arena_pause_time_set(arena, HUGE_VAL);
  TEST_CHECK(mps_arena_pause_time(arena) == HUGE_VAL);
  TEST_CHECK_RES(mps_arena_vm_growth(arena, 8 * MB, 4 * MB), MPS_RES_OK);
  mps_arena_destroy(arena);
}

/* commit_limit_set: OK at or above committed; below, only if dropping spare
 * memory suffices; allocation past the limit is MPS_RES_COMMIT_LIMIT. */
static void test_commit_limit_rules(void) {
  mps_arena_t arena;
  mps_pool_t pool;
  mps_addr_t blocks[16];
  size_t committed, spare;
  int i;
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  TEST_CHECK(mps_arena_commit_limit(arena) == (size_t)-1);
  TEST_CHECK(mps_arena_spare(arena) == 0.75);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_SPARE, 0.0); /* the pool returns free memory at once */
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);

  committed = mps_arena_committed(arena);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, committed), MPS_RES_OK);
  TEST_CHECK(mps_arena_commit_limit(arena) == committed);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, committed - mps_arena_spare_committed(arena) - 1),
                 MPS_RES_FAIL);
  TEST_CHECK(mps_arena_commit_limit(arena) == committed); /* unchanged on failure */
  TEST_CHECK_RES(mps_alloc(&blocks[0], pool, 2 * MB), MPS_RES_COMMIT_LIMIT);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, (size_t)-1), MPS_RES_OK);

  /* Make some spare memory, then set the limit where only dropping it fits. */
  for (i = 0; i < 16; ++i) TEST_CHECK_RES(mps_alloc(&blocks[i], pool, 256 * 1024), MPS_RES_OK);
  for (i = 0; i < 16; ++i) mps_free(pool, blocks[i], 256 * 1024);
  committed = mps_arena_committed(arena);
  spare = mps_arena_spare_committed(arena);
  TEST_CHECK(spare > 0 && spare <= committed); /* the freed 4 MB went back to the arena as spare */
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, committed - spare), MPS_RES_OK);
  TEST_CHECK(mps_arena_committed(arena) <= committed - spare);
  TEST_CHECK(mps_arena_spare_committed(arena) == 0);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, (size_t)-1), MPS_RES_OK);

  /* Lowering the spare fraction releases spare memory at once. */
  for (i = 0; i < 16; ++i) TEST_CHECK_RES(mps_alloc(&blocks[i], pool, 256 * 1024), MPS_RES_OK);
  for (i = 0; i < 16; ++i) mps_free(pool, blocks[i], 256 * 1024);
  mps_arena_spare_set(arena, 0.0);
  TEST_CHECK(mps_arena_spare(arena) == 0.0);
  TEST_CHECK(mps_arena_spare_committed(arena) == 0);
  mps_arena_spare_set(arena, 1.0);
  TEST_CHECK(mps_arena_spare(arena) == 1.0);

  /* The deprecated byte form. */
  mps_arena_spare_commit_limit_set(arena, 0);
  TEST_CHECK(mps_arena_spare(arena) == 0.0);
  TEST_CHECK(mps_arena_spare_commit_limit(arena) == 0);
  mps_arena_spare_commit_limit_set(arena, (size_t)-1);
  TEST_CHECK(mps_arena_spare(arena) == 1.0);
  TEST_CHECK(mps_arena_spare_commit_limit(arena) == mps_arena_committed(arena));

  mps_pool_destroy(pool);
  mps_arena_destroy(arena);
}

static void test_has_addr_and_addr_pool(void) {
  mps_arena_t a1, a2;
  mps_pool_t p1, p2, found;
  mps_addr_t b1, b2;
  int local;
  TEST_CHECK_RES(mps_arena_create_k(&a1, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_create_k(&a2, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_MFS_UNIT_SIZE, 64);
    TEST_CHECK_RES(mps_pool_create_k(&p1, a1, mps_class_mfs(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_pool_create_k(&p2, a2, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&b1, p1, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&b2, p2, 1000), MPS_RES_OK);

  TEST_CHECK(mps_arena_has_addr(a1, b1) == 1 && mps_arena_has_addr(a2, b1) == 0);
  TEST_CHECK(mps_arena_has_addr(a2, b2) == 1 && mps_arena_has_addr(a1, b2) == 0);
  TEST_CHECK(mps_arena_has_addr(a1, &local) == 0 && mps_arena_has_addr(a1, NULL) == 0);
  TEST_CHECK(mps_addr_pool(&found, a1, b1) == 1 && found == p1);
  TEST_CHECK(mps_addr_pool(&found, a2, (char *)b2 + 999) == 1 && found == p2);
  found = NULL;
  TEST_CHECK(mps_addr_pool(&found, a1, b2) == 0 && found == NULL);
  TEST_CHECK(mps_addr_pool(&found, a1, &local) == 0 && found == NULL);

  /* Only AMC can find an object's base; outside the arena is a failure. */
  TEST_CHECK_RES(mps_addr_object(&b2, a1, &local), MPS_RES_FAIL);
  TEST_CHECK_RES(mps_addr_object(&b2, a1, b1), MPS_RES_UNIMPL);

  mps_free(p1, b1, 64);
  mps_free(p2, b2, 1000);
  mps_pool_destroy(p1);
  mps_pool_destroy(p2);
  mps_arena_destroy(a1);
  mps_arena_destroy(a2);
}

/* With no collector, the state calls succeed and nothing ever moves. */
static void test_collection_control(void) {
  mps_arena_t arena;
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  mps_arena_clamp(arena);
  mps_arena_park(arena);
  mps_arena_release(arena);
  TEST_CHECK_RES(mps_arena_start_collect(arena), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  mps_arena_release(arena);
  TEST_CHECK(mps_arena_step(arena, 0.1, 1.0) == 0);
  TEST_CHECK(mps_collections(arena) == 0);
  TEST_CHECK(mps_arena_busy(arena) == 0);
  mps_arena_expose(arena);
  mps_arena_unsafe_expose_remember_protection(arena);
  mps_arena_unsafe_restore_protection(arena);
  mps_arena_release(arena);
  mps_arena_postmortem(arena);
  mps_arena_destroy(arena);
}

static void test_client_arena(void) {
  const size_t size = 4 * MB;
  void *block1 = malloc(size), *block2 = malloc(size);
  mps_arena_t arena;
  mps_pool_t pool;
  mps_addr_t p;
  size_t reserved;
  TEST_CHECK(block1 != NULL && block2 != NULL);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_CL_BASE, block1);
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, size);
    TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_cl(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  reserved = mps_arena_reserved(arena);
  TEST_CHECK(reserved > 0 && reserved <= size);
  TEST_CHECK(mps_arena_spare_committed(arena) == 0);
  TEST_CHECK(mps_arena_has_addr(arena, (char *)block1 + size / 2) == 1);
  TEST_CHECK(mps_arena_has_addr(arena, (char *)block2 + size / 2) == 0);
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&p, pool, 4096), MPS_RES_OK);
  TEST_CHECK((char *)p >= (char *)block1 && (char *)p < (char *)block1 + size);

  TEST_CHECK_RES(mps_arena_extend(arena, block2, size), MPS_RES_OK);
  TEST_CHECK(mps_arena_reserved(arena) > reserved);
  TEST_CHECK(mps_arena_has_addr(arena, (char *)block2 + size / 2) == 1);

  mps_free(pool, p, 4096);
  mps_pool_destroy(pool);
  mps_arena_destroy(arena);
  free(block1);
  free(block2);
}

static void test_deprecated_creation(void) {
  const size_t size = 4 * MB;
  void *block = malloc(size);
  mps_arena_t arena;
  TEST_CHECK_RES(mps_arena_create(&arena, mps_arena_class_vm(), (size_t)(16 * MB)), MPS_RES_OK);
  TEST_CHECK(mps_arena_reserved(arena) >= 16 * MB);
  mps_arena_destroy(arena);
  TEST_CHECK_RES(mps_arena_create(&arena, mps_arena_class_vmnz(), (size_t)(16 * MB)), MPS_RES_OK);
  TEST_CHECK(mps_arena_reserved(arena) >= 16 * MB);
  mps_arena_destroy(arena);
  TEST_CHECK_RES(mps_arena_create(&arena, mps_arena_class_cl(), size, block), MPS_RES_OK);
  TEST_CHECK(mps_arena_has_addr(arena, (char *)block + size / 2) == 1);
  mps_arena_destroy(arena);
  free(block);
}

/* --- Misuse ------------------------------------------------------------------ */

static void destroy_arena_with_pool(void *closure) {
  mps_arena_t arena;
  mps_pool_t pool;
  (void)closure;
  (void)mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none);
  (void)mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none);
  mps_arena_destroy(arena);
}

static void extend_vm_arena(void *closure) {
  mps_arena_t arena;
  static char memory[65536];
  (void)closure;
  (void)mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none);
  (void)mps_arena_extend(arena, memory, sizeof memory);
}

static void spare_out_of_range(void *closure) {
  mps_arena_t arena;
  (void)closure;
  (void)mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none);
  mps_arena_spare_set(arena, 1.5);
}

static void client_arena_without_base(void *closure) {
  mps_arena_t arena;
  (void)closure;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, 4 * MB);
    (void)mps_arena_create_k(&arena, mps_arena_class_cl(), args);
  } MPS_ARGS_END(args);
}

static void not_an_arena(void *closure) {
  static mps_word_t junk[64];
  (void)closure;
  (void)mps_arena_committed((mps_arena_t)junk);
}

static void not_an_arena_class(void *closure) {
  static mps_word_t junk[64];
  mps_arena_t arena;
  (void)closure;
  (void)mps_arena_create_k(&arena, (mps_arena_class_t)junk, mps_args_none);
}

int main(void) {
  testlib_init("arena_api");
  test_vm_arena_with_keys();
  test_commit_limit_rules();
  test_has_addr_and_addr_pool();
  test_collection_control();
  test_client_arena();
  test_deprecated_creation();
  TEST_EXPECT_ASSERTION(destroy_arena_with_pool, NULL, "mps_arena_destroy: the arena still has pools");
  TEST_EXPECT_ASSERTION(extend_vm_arena, NULL, "only client arenas");
  TEST_EXPECT_ASSERTION(spare_out_of_range, NULL, "mps_arena_spare_set");
  TEST_EXPECT_ASSERTION(client_arena_without_base, NULL, "MPS_KEY_ARENA_CL_BASE");
  TEST_EXPECT_ASSERTION(not_an_arena, NULL, "mps_arena_committed: arena is not a valid arena");
  TEST_EXPECT_ASSERTION(not_an_arena_class, NULL, "not an arena class");
  return testlib_pass();
}
