/* test_sac.c -- segregated allocation caches through the public C
 * interface: the inline macros together with the function forms, over MVFF
 * and MFS pools. */
#include <string.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscmfs.h"
#include "mpscmvff.h"
#include "testlib.h"

#define LIVE_MAX 3000

static mps_arena_t arena;

static mps_sac_class_s classes[4] = {
  {16, 40, 10}, {32, 20, 5}, {64, 10, 2}, {256, 4, 1}
};

static mps_pool_t make_mvff(void) {
  mps_pool_t pool;
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  return pool;
}

static void test_random_macros_and_functions(void) {
  static mps_addr_t live[LIVE_MAX];
  static size_t sizes[LIVE_MAX];
  static unsigned char tags[LIVE_MAX];
  size_t count = 0, step;
  mps_pool_t pool = make_mvff();
  mps_sac_t sac;
  TEST_CHECK_RES(mps_sac_create(&sac, pool, 4, classes), MPS_RES_OK);
  TEST_CHECK(sac->_trapped == 0);
  for (step = 0; step < 40000; ++step) {
    if (count == 0 || (count < LIVE_MAX && testlib_random_below(2) == 0)) {
      size_t size = 1 + testlib_random_below(testlib_random_below(10) == 0 ? 2000 : 260);
      mps_addr_t p;
      mps_res_t res;
      if (testlib_random_below(2) == 0) {
        MPS_SAC_ALLOC_FAST(res, p, sac, size, 0);
      } else {
        res = mps_sac_alloc(&p, sac, size, 0);
      }
      TEST_CHECK_RES(res, MPS_RES_OK);
      tags[count] = (unsigned char)step;
      memset(p, tags[count], size);
      live[count] = p;
      sizes[count] = size;
      ++count;
    } else {
      size_t i = testlib_random_below(count), k;
      for (k = 0; k < sizes[i]; ++k) TEST_CHECK(((unsigned char *)live[i])[k] == tags[i]);
      if (testlib_random_below(2) == 0) {
        MPS_SAC_FREE_FAST(sac, live[i], sizes[i]);
      } else {
        mps_sac_free(sac, live[i], sizes[i]);
      }
      --count;
      live[i] = live[count];
      sizes[i] = sizes[count];
      tags[i] = tags[count];
    }
  }
  while (count > 0) {
    --count;
    MPS_SAC_FREE(sac, live[count], sizes[count]);
  }
  mps_sac_destroy(sac);
  TEST_CHECK(mps_pool_free_size(pool) == mps_pool_total_size(pool));
  mps_pool_destroy(pool);
}

static void test_each_class_and_overlarge(void) {
  mps_pool_t pool = make_mvff();
  mps_sac_t sac;
  size_t i;
  mps_addr_t p, q;
  mps_res_t res;
  TEST_CHECK_RES(mps_sac_create(&sac, pool, 4, classes), MPS_RES_OK);
  for (i = 0; i < 4; ++i) {
    size_t size = classes[i].mps_block_size;
    MPS_SAC_ALLOC_FAST(res, p, sac, size, 0);
    TEST_CHECK_RES(res, MPS_RES_OK);
    memset(p, 0xAB, size);
    TEST_CHECK_RES(mps_sac_alloc(&q, sac, size, 0), MPS_RES_OK);
    TEST_CHECK(p != q);
    memset(q, 0xCD, size);
    TEST_CHECK(((unsigned char *)p)[size - 1] == 0xAB);
    MPS_SAC_FREE_FAST(sac, p, size);
    mps_sac_free(sac, q, size);
  }
  /* Above the largest class: served at the requested size, never cached. */
  MPS_SAC_ALLOC_FAST(res, p, sac, 100000, 0);
  TEST_CHECK_RES(res, MPS_RES_OK);
  memset(p, 1, 100000);
  MPS_SAC_FREE_FAST(sac, p, 100000);
  TEST_CHECK_RES(mps_sac_alloc(&p, sac, 257, 0), MPS_RES_OK);
  mps_sac_free(sac, p, 257);
  /* Direct calls of the slow paths work too. */
  TEST_CHECK_RES(mps_sac_fill(&p, sac, 20, 0), MPS_RES_OK);
  mps_sac_empty(sac, p, 20);
  mps_sac_destroy(sac);
  mps_pool_destroy(pool);
}

static void test_flush_returns_memory(void) {
  static mps_addr_t blocks[200];
  mps_pool_t pool;
  mps_sac_t sac;
  mps_sac_class_s one = {32, 100, 1};
  size_t i, free_before;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_MFS_UNIT_SIZE, (size_t)32);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mfs(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_sac_create(&sac, pool, 1, &one), MPS_RES_OK);
  for (i = 0; i < 200; ++i) TEST_CHECK_RES(mps_sac_alloc(&blocks[i], sac, 32, 0), MPS_RES_OK);
  for (i = 0; i < 200; ++i) MPS_SAC_FREE_FAST(sac, blocks[i], 32);
  free_before = mps_pool_free_size(pool);
  TEST_CHECK(free_before < mps_pool_total_size(pool)); /* blocks are cached */
  mps_sac_flush(sac);
  TEST_CHECK(mps_pool_free_size(pool) > free_before);
  TEST_CHECK(mps_pool_free_size(pool) == mps_pool_total_size(pool));
  mps_sac_destroy(sac);
  mps_pool_destroy(pool);
}

static void test_class_limit(void) {
  mps_sac_class_s many[MPS_SAC_CLASS_LIMIT + 1];
  mps_pool_t pool = make_mvff();
  mps_sac_t sac;
  size_t i;
  for (i = 0; i <= MPS_SAC_CLASS_LIMIT; ++i) {
    many[i].mps_block_size = 16 * (i + 1);
    many[i].mps_cached_count = 8;
    many[i].mps_frequency = 1;
  }
  TEST_CHECK_RES(mps_sac_create(&sac, pool, MPS_SAC_CLASS_LIMIT + 1, many), MPS_RES_LIMIT);
  TEST_CHECK_RES(mps_sac_create(&sac, pool, MPS_SAC_CLASS_LIMIT, many), MPS_RES_OK);
  mps_sac_destroy(sac);
  mps_pool_destroy(pool);
}

static void test_commit_limit(void) {
  static mps_addr_t blocks[200000];
  size_t count = 0, i;
  mps_res_t res;
  mps_pool_t pool = make_mvff();
  mps_sac_t sac;
  TEST_CHECK_RES(mps_sac_create(&sac, pool, 4, classes), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, mps_arena_committed(arena) + 262144), MPS_RES_OK);
  for (;;) {
    mps_addr_t p;
    MPS_SAC_ALLOC_FAST(res, p, sac, 64, 0);
    if (res != MPS_RES_OK) break;
    TEST_CHECK(count < sizeof blocks / sizeof blocks[0]);
    memset(p, (int)(count & 0xFF), 64);
    blocks[count++] = p;
  }
  TEST_CHECK_RES(res, MPS_RES_COMMIT_LIMIT);
  for (i = 0; i < count; ++i) {
    size_t k;
    for (k = 0; k < 64; ++k) TEST_CHECK(((unsigned char *)blocks[i])[k] == (unsigned char)(i & 0xFF));
  }
  for (i = 0; i < count; ++i) MPS_SAC_FREE_FAST(sac, blocks[i], 64);
  mps_sac_destroy(sac);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, (size_t)-1), MPS_RES_OK);
  mps_pool_destroy(pool);
}

static void unordered_classes(void *closure) {
  mps_sac_class_s bad[2] = {{64, 1, 1}, {32, 1, 1}};
  mps_sac_t sac;
  (void)mps_sac_create(&sac, (mps_pool_t)closure, 2, bad);
}

static void test_misuse(void) {
  mps_pool_t pool = make_mvff();
  TEST_EXPECT_ASSERTION(unordered_classes, pool, "strictly increasing");
  mps_pool_destroy(pool);
}

int main(void) {
  testlib_init("sac");
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  test_random_macros_and_functions();
  test_each_class_and_overlarge();
  test_flush_returns_memory();
  test_class_limit();
  test_commit_limit();
  test_misuse();
  mps_arena_destroy(arena);
  return testlib_pass();
}
