/* test_mvff_debug.c -- the debugging MVFF class: fenceposts, free-space
 * splatting, on-demand checks, custom templates, allocation points, and
 * the reports a corrupting client gets.  Uses only mps.h, mpscmvff.h and
 * mpsavm.h.
 */
#include <string.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscmvff.h"
#include "testlib.h"

#define LIVE 500

static mps_arena_t arena;

static mps_pool_t make_debug_pool(mps_pool_debug_option_s *options) {
  mps_pool_t pool;
  MPS_ARGS_BEGIN(args) {
    if (options != NULL) MPS_ARGS_ADD(args, MPS_KEY_POOL_DEBUG_OPTIONS, options);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff_debug(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  return pool;
}

static void test_default_fences(void) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_addr_t p;
  unsigned char *c;
  TEST_CHECK_RES(mps_alloc(&p, pool, 13), MPS_RES_OK);
  c = p;
  TEST_CHECK((size_t)p % MPS_PF_ALIGN == 0);
  TEST_CHECK(memcmp(c - 4, "POST", 4) == 0); /* leading fencepost */
  TEST_CHECK(memcmp(c + 13, "POST", 4) == 0); /* trailing fencepost right after the block */
  memset(p, 0xAB, 13);                        /* the whole block is the client's */
  mps_pool_check_fenceposts(pool);
  mps_pool_check_free_space(pool);
  mps_free(pool, p, 13);
  mps_pool_check_free_space(pool);
  TEST_CHECK(memcmp(c, "FREE", 4) == 0 || memcmp(c, "REEF", 4) == 0 || memcmp(c, "EEFR", 4) == 0 ||
             memcmp(c, "EFRE", 4) == 0); /* splatted, by address phase */
  mps_pool_destroy(pool);
}

static void test_custom_templates(void) {
  mps_pool_debug_option_s options = {"abcdefghij", 10, "xy", 2};
  mps_pool_t pool = make_debug_pool(&options);
  mps_addr_t p[LIVE];
  size_t size[LIVE];
  size_t i;
  for (i = 0; i < LIVE; ++i) {
    size[i] = 1 + testlib_random_below(700);
    TEST_CHECK_RES(mps_alloc(&p[i], pool, size[i]), MPS_RES_OK);
    TEST_CHECK(memcmp((char *)p[i] + size[i], "abcdefghij", 10) == 0);
    memset(p[i], (int)i, size[i]);
  }
  for (i = 0; i < LIVE; i += 3) mps_free(pool, p[i], size[i]);
  mps_pool_check_fenceposts(pool);
  mps_pool_check_free_space(pool);
  for (i = 0; i < LIVE; i += 3) TEST_CHECK_RES(mps_alloc(&p[i], pool, size[i]), MPS_RES_OK);
  for (i = 0; i < LIVE; ++i) mps_free(pool, p[i], size[i]);
  mps_pool_check_free_space(pool);
  mps_pool_destroy(pool);
}

static void test_no_fences_no_splat(void) {
  mps_pool_debug_option_s options = {NULL, 0, NULL, 0};
  mps_pool_t pool = make_debug_pool(&options);
  mps_addr_t a, b;
  TEST_CHECK_RES(mps_alloc(&a, pool, 16), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&b, pool, 16), MPS_RES_OK);
  TEST_CHECK((char *)a + 16 == (char *)b); /* nothing between blocks */
  mps_free(pool, a, 16);
  mps_free(pool, b, 16);
  mps_pool_destroy(pool);
}

static void test_random_with_checks(void) {
  mps_pool_t pool = make_debug_pool(NULL);
  static mps_addr_t p[LIVE];
  static size_t size[LIVE];
  size_t n = 0, step;
  for (step = 0; step < 20000; ++step) {
    if (n == 0 || (n < LIVE && testlib_random_below(2) == 0)) {
      size[n] = 1 + testlib_random_below(3000);
      TEST_CHECK_RES(mps_alloc(&p[n], pool, size[n]), MPS_RES_OK);
      memset(p[n], 0x5A, size[n]);
      ++n;
    } else {
      size_t i = testlib_random_below(n);
      mps_free(pool, p[i], size[i]);
      p[i] = p[n - 1];
      size[i] = size[--n];
    }
    if (step % 2000 == 0) {
      mps_pool_check_fenceposts(pool);
      mps_pool_check_free_space(pool);
    }
  }
  mps_pool_destroy(pool); /* checks every remaining block's fences */
}

static void test_allocation_point(void) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_ap_t ap;
  size_t i;
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
  for (i = 0; i < 1000; ++i) {
    mps_addr_t p;
    do {
      TEST_CHECK_RES(mps_reserve(&p, ap, 64), MPS_RES_OK);
      memset(p, 1, 64);
    } while (!mps_commit(ap, p, 64));
  }
  mps_ap_destroy(ap);
  mps_pool_check_free_space(pool); /* the AP's unused tail was splatted */
  mps_pool_destroy(pool);
}

static void test_varargs(void) {
  mps_pool_debug_option_s options = {"FENCE", 5, "free", 4};
  mps_pool_t pool;
  mps_addr_t p;
  TEST_CHECK_RES(mps_pool_create(&pool, arena, mps_class_mvff_debug(), &options, (size_t)65536,
                                 (size_t)32, (mps_align_t)16, (mps_bool_t)0, (mps_bool_t)0,
                                 (mps_bool_t)1),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&p, pool, 10), MPS_RES_OK);
  TEST_CHECK((size_t)p % 16 == 0);
  TEST_CHECK(memcmp((char *)p + 10, "FENCE", 5) == 0);
  mps_free(pool, p, 10);
  mps_pool_destroy(pool);
}

/* --- Corruption and misuse ----------------------------------------------------- */

static void overwrite_leading_fence_then_free(void *closure) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_addr_t p;
  (void)closure;
  if (mps_alloc(&p, pool, 32) != MPS_RES_OK) return;
  ((char *)p)[-1] = 'X';
  mps_free(pool, p, 32);
}

static void overrun_then_check(void *closure) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_addr_t p;
  (void)closure;
  if (mps_alloc(&p, pool, 30) != MPS_RES_OK) return;
  ((char *)p)[30] = 0; /* one byte past the end */
  mps_pool_check_fenceposts(pool);
}

static void overrun_then_destroy(void *closure) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_addr_t p;
  (void)closure;
  if (mps_alloc(&p, pool, 30) != MPS_RES_OK) return;
  ((char *)p)[31] = 0;
  mps_pool_destroy(pool);
}

static void write_after_free_then_check(void *closure) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_addr_t p, q;
  (void)closure;
  if (mps_alloc(&p, pool, 64) != MPS_RES_OK) return;
  if (mps_alloc(&q, pool, 64) != MPS_RES_OK) return;
  mps_free(pool, p, 64);
  ((char *)p)[8] = 'Z';
  mps_pool_check_free_space(pool);
}

static void write_after_free_then_reuse(void *closure) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_addr_t p, q;
  (void)closure;
  if (mps_alloc(&p, pool, 64) != MPS_RES_OK) return;
  mps_free(pool, p, 64);
  ((char *)p)[8] = 'Z';
  (void)mps_alloc(&q, pool, 64); /* first fit hands the same memory out again */
}

static void free_twice(void *closure) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_addr_t p;
  (void)closure;
  if (mps_alloc(&p, pool, 64) != MPS_RES_OK) return;
  mps_free(pool, p, 64);
  mps_free(pool, p, 64);
}

static void free_wrong_size(void *closure) {
  mps_pool_t pool = make_debug_pool(NULL);
  mps_addr_t p;
  (void)closure;
  if (mps_alloc(&p, pool, 64) != MPS_RES_OK) return;
  mps_free(pool, p, 72);
}

static void test_corruption_is_reported(void) {
  TEST_EXPECT_ASSERTION(overwrite_leading_fence_then_free, NULL, "fencepost");
  TEST_EXPECT_ASSERTION(overrun_then_check, NULL, "fencepost");
  TEST_EXPECT_ASSERTION(overrun_then_destroy, NULL, "fencepost");
  TEST_EXPECT_ASSERTION(write_after_free_then_check, NULL, "free space modified");
  TEST_EXPECT_ASSERTION(write_after_free_then_reuse, NULL, "free space modified");
  TEST_EXPECT_ASSERTION(free_twice, NULL, "not allocated by this pool");
  TEST_EXPECT_ASSERTION(free_wrong_size, NULL, "size");
}

int main(void) {
  testlib_init("mvff_debug");
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, (size_t)32 << 20);
    TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  test_default_fences();
  test_custom_templates();
  test_no_fences_no_splat();
  test_random_with_checks();
  test_allocation_point();
  test_varargs();
  test_corruption_is_reported();
  mps_arena_destroy(arena);
  return testlib_pass();
}
