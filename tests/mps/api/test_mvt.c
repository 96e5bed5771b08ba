/* test_mvt.c -- the MVT pool class through the public C interface:
 * allocation points only, frees with mps_free, temporal placement. */
#include <string.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscmvt.h"
#include "testlib.h"

#define LIVE_MAX 4000

static mps_arena_t arena;

static void fill(unsigned char *p, size_t size, unsigned tag) {
  size_t i;
  for (i = 0; i < size; ++i) p[i] = (unsigned char)(tag * 11 + i);
}

static int intact(const unsigned char *p, size_t size, unsigned tag) {
  size_t i;
  for (i = 0; i < size; ++i)
    if (p[i] != (unsigned char)(tag * 11 + i)) return 0;
  return 1;
}

static mps_res_t ap_alloc(mps_addr_t *p_o, mps_ap_t ap, size_t size) {
  mps_addr_t p;
  do {
    mps_res_t res = mps_reserve(&p, ap, size);
    if (res != MPS_RES_OK) return res;
  } while (!mps_commit(ap, p, size));
  *p_o = p;
  return MPS_RES_OK;
}

static mps_pool_t make_pool(mps_word_t depth, double frag) {
  mps_pool_t pool;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ALIGN, (mps_align_t)MPS_PF_ALIGN);
    MPS_ARGS_ADD(args, MPS_KEY_MIN_SIZE, (size_t)8);
    MPS_ARGS_ADD(args, MPS_KEY_MEAN_SIZE, (size_t)64);
    MPS_ARGS_ADD(args, MPS_KEY_MAX_SIZE, (size_t)4096);
    MPS_ARGS_ADD(args, MPS_KEY_MVT_RESERVE_DEPTH, depth);
    MPS_ARGS_ADD(args, MPS_KEY_MVT_FRAG_LIMIT, frag);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvt(), args), MPS_RES_OK);
    TEST_CHECK(args[0].key == MPS_KEY_ARGS_END); /* every key consumed */
  } MPS_ARGS_END(args);
  return pool;
}

static void test_contiguity(void) {
  mps_pool_t pool = make_pool(1024, 0.3);
  mps_ap_t ap;
  mps_addr_t prev, p;
  int i;
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(ap_alloc(&prev, ap, 48), MPS_RES_OK);
  for (i = 0; i < 50; ++i) {
    TEST_CHECK_RES(ap_alloc(&p, ap, 48), MPS_RES_OK);
    TEST_CHECK((char *)p == (char *)prev + 48);
    prev = p;
  }
  mps_ap_destroy(ap);
  mps_pool_destroy(pool);
}

static void test_random(void) {
  static mps_addr_t live[LIVE_MAX];
  static size_t sizes[LIVE_MAX];
  static unsigned tags[LIVE_MAX];
  size_t count = 0, step;
  mps_ap_t aps[2];
  mps_pool_t pool = make_pool(testlib_random_below(200), (double)testlib_random_below(101) / 100.0);
  TEST_CHECK_RES(mps_ap_create_k(&aps[0], pool, mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_create(&aps[1], pool), MPS_RES_OK);
  for (step = 0; step < 30000; ++step) {
    if (count == 0 || (count < LIVE_MAX && testlib_random_below(5) < 3)) {
      size_t limit = testlib_random_below(20) == 0 ? 9000 : 300;
      size_t size = (1 + testlib_random_below(limit) + MPS_PF_ALIGN - 1) & ~(size_t)(MPS_PF_ALIGN - 1);
      mps_addr_t p = NULL;
      TEST_CHECK_RES(ap_alloc(&p, aps[testlib_random_below(2)], size), MPS_RES_OK);
      fill(p, size, (unsigned)step);
      live[count] = p;
      sizes[count] = size;
      tags[count] = (unsigned)step;
      ++count;
    } else {
      size_t i = testlib_random_below(count);
      TEST_CHECK(intact(live[i], sizes[i], tags[i]));
      mps_free(pool, live[i], sizes[i]);
      --count;
      live[i] = live[count];
      sizes[i] = sizes[count];
      tags[i] = tags[count];
    }
  }
  TEST_CHECK(mps_pool_free_size(pool) <= mps_pool_total_size(pool));
  mps_ap_destroy(aps[0]);
  mps_ap_destroy(aps[1]);
  while (count > 0) {
    --count;
    TEST_CHECK(intact(live[count], sizes[count], tags[count]));
    mps_free(pool, live[count], sizes[count]);
  }
  TEST_CHECK(mps_pool_free_size(pool) == mps_pool_total_size(pool));
  mps_pool_destroy(pool);
}

static void test_reuse(void) {
  static mps_addr_t blocks[512];
  mps_pool_t pool = make_pool(1024, 1.0);
  mps_ap_t ap;
  size_t i, total;
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
  for (i = 0; i < 512; ++i) TEST_CHECK_RES(ap_alloc(&blocks[i], ap, 64), MPS_RES_OK);
  mps_ap_destroy(ap);
  total = mps_pool_total_size(pool);
  for (i = 0; i < 512; ++i) mps_free(pool, blocks[(i * 7) % 512], 64); /* scattered order */
  TEST_CHECK(mps_pool_free_size(pool) == total); /* 32 KiB: within the reserve */
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
  for (i = 0; i < 512; ++i) TEST_CHECK_RES(ap_alloc(&blocks[i], ap, 64), MPS_RES_OK);
  TEST_CHECK(mps_pool_total_size(pool) == total); /* reused, not grown */
  mps_ap_destroy(ap);
  for (i = 0; i < 512; ++i) mps_free(pool, blocks[i], 64);
  mps_pool_destroy(pool);
}

static void test_varargs(void) {
  mps_pool_t pool;
  mps_ap_t ap;
  mps_addr_t p;
  TEST_CHECK_RES(mps_pool_create(&pool, arena, mps_class_mvt(), (size_t)8, (size_t)32, (size_t)1024,
                                 (mps_word_t)64, (mps_word_t)50),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_create(&ap, pool), MPS_RES_OK);
  TEST_CHECK_RES(ap_alloc(&p, ap, 32), MPS_RES_OK);
  mps_ap_destroy(ap);
  mps_free(pool, p, 32);
  TEST_CHECK(mps_mvt_free_size(pool) == mps_mvt_size(pool));
  mps_pool_destroy(pool);
}

static void test_commit_limit(void) {
  static mps_addr_t blocks[100000];
  size_t count = 0, i;
  mps_res_t res;
  mps_pool_t pool = make_pool(16, 0.3);
  mps_ap_t ap;
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(ap_alloc(&blocks[count++], ap, 128), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, mps_arena_committed(arena) + 65536), MPS_RES_OK);
  for (;;) {
    mps_addr_t p = NULL;
    res = ap_alloc(&p, ap, 128);
    if (res != MPS_RES_OK) break;
    TEST_CHECK(count < sizeof blocks / sizeof blocks[0]);
    fill(p, 128, (unsigned)count);
    blocks[count++] = p;
  }
  TEST_CHECK_RES(res, MPS_RES_COMMIT_LIMIT);
  for (i = 1; i < count; ++i) TEST_CHECK(intact(blocks[i], 128, (unsigned)i));
  mps_ap_destroy(ap);
  for (i = 0; i < count; ++i) mps_free(pool, blocks[i], 128);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, (size_t)-1), MPS_RES_OK);
  mps_pool_destroy(pool);
}

static void alloc_on_mvt(void *closure) {
  mps_addr_t p;
  (void)mps_alloc(&p, (mps_pool_t)closure, 64);
}

static void bad_sizes(void *closure) {
  mps_pool_t pool;
  (void)closure;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_MEAN_SIZE, (size_t)1024);
    MPS_ARGS_ADD(args, MPS_KEY_MAX_SIZE, (size_t)512);
    (void)mps_pool_create_k(&pool, arena, mps_class_mvt(), args);
  } MPS_ARGS_END(args);
}

static void test_misuse(void) {
  mps_pool_t pool = make_pool(1024, 0.3);
  TEST_EXPECT_ASSERTION(alloc_on_mvt, pool, "mps_alloc");
  TEST_EXPECT_ASSERTION(bad_sizes, NULL, "MEAN_SIZE is larger than");
  mps_pool_destroy(pool);
}

int main(void) {
  testlib_init("mvt");
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  test_contiguity();
  test_random();
  test_reuse();
  test_varargs();
  test_commit_limit();
  test_misuse();
  mps_arena_destroy(arena);
  return testlib_pass();
}
