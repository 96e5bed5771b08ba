/* test_mfs.c -- the MFS pool class through the public C interface. */
#include <string.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscmfs.h"
#include "testlib.h"

#define LIVE_MAX 4000

static mps_arena_t arena;

static void fill(unsigned char *p, size_t size, unsigned tag) {
  size_t i;
  for (i = 0; i < size; ++i) p[i] = (unsigned char)(tag * 13 + i);
}

static int intact(const unsigned char *p, size_t size, unsigned tag) {
  size_t i;
  for (i = 0; i < size; ++i)
    if (p[i] != (unsigned char)(tag * 13 + i)) return 0;
  return 1;
}

static mps_pool_t make_pool(size_t unit, size_t extend_by) {
  mps_pool_t pool;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_MFS_UNIT_SIZE, unit);
    if (extend_by != 0) MPS_ARGS_ADD(args, MPS_KEY_EXTEND_BY, extend_by);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mfs(), args), MPS_RES_OK);
    TEST_CHECK(args[0].key == MPS_KEY_ARGS_END); /* both keys consumed */
  } MPS_ARGS_END(args);
  return pool;
}

static void test_random(void) {
  static mps_addr_t live[LIVE_MAX];
  static unsigned tags[LIVE_MAX];
  size_t count = 0, step;
  size_t unit = 8 + 8 * testlib_random_below(10);
  mps_pool_t pool = make_pool(unit, 4096 * (1 + testlib_random_below(8)));
  for (step = 0; step < 30000; ++step) {
    if (count == 0 || (count < LIVE_MAX && testlib_random_below(3) != 0)) {
      mps_addr_t p;
      TEST_CHECK_RES(mps_alloc(&p, pool, unit), MPS_RES_OK);
      TEST_CHECK(((mps_word_t)p & (MPS_PF_ALIGN - 1)) == 0);
      fill(p, unit, (unsigned)step);
      live[count] = p;
      tags[count] = (unsigned)step;
      ++count;
    } else {
      size_t i = testlib_random_below(count);
      TEST_CHECK(intact(live[i], unit, tags[i]));
      mps_free(pool, live[i], unit);
      --count;
      live[i] = live[count];
      tags[i] = tags[count];
    }
  }
  TEST_CHECK(mps_pool_free_size(pool) == mps_pool_total_size(pool) - count * unit);
  while (count > 0) {
    --count;
    TEST_CHECK(intact(live[count], unit, tags[count]));
    mps_free(pool, live[count], unit);
  }
  TEST_CHECK(mps_pool_free_size(pool) == mps_pool_total_size(pool));
  mps_pool_destroy(pool);
}

static void test_varargs(void) {
  mps_pool_t pool;
  mps_addr_t p;
  TEST_CHECK_RES(mps_pool_create(&pool, arena, mps_class_mfs(), (size_t)8192, (size_t)40), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&p, pool, 40), MPS_RES_OK);
  TEST_CHECK(mps_pool_total_size(pool) >= 8192);
  mps_free(pool, p, 40);
  mps_pool_destroy(pool);
}

static void test_commit_limit(void) {
  static mps_addr_t blocks[100000];
  size_t count = 0, i;
  mps_res_t res;
  mps_pool_t pool = make_pool(64, 4096);
  TEST_CHECK_RES(mps_alloc(&blocks[count++], pool, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, mps_arena_committed(arena) + 65536), MPS_RES_OK);
  for (;;) {
    mps_addr_t p;
    res = mps_alloc(&p, pool, 64);
    if (res != MPS_RES_OK) break;
    TEST_CHECK(count < sizeof blocks / sizeof blocks[0]);
    fill(p, 64, (unsigned)count);
    blocks[count++] = p;
  }
  TEST_CHECK_RES(res, MPS_RES_COMMIT_LIMIT);
  for (i = 1; i < count; ++i) TEST_CHECK(intact(blocks[i], 64, (unsigned)i));
  for (i = 0; i < count; ++i) mps_free(pool, blocks[i], 64);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, (size_t)-1), MPS_RES_OK);
  mps_pool_destroy(pool);
}

struct misuse { mps_pool_t pool; mps_addr_t p; };

static void free_wrong_size(void *closure) {
  struct misuse *m = closure;
  mps_free(m->pool, m->p, 8);
}

static void alloc_wrong_size(void *closure) {
  struct misuse *m = closure;
  mps_addr_t q;
  (void)mps_alloc(&q, m->pool, 24);
}

static void free_foreign(void *closure) {
  struct misuse *m = closure;
  static double outside[4];
  mps_free(m->pool, outside, 16);
}

static void test_misuse(void) {
  struct misuse m;
  m.pool = make_pool(16, 0);
  TEST_CHECK_RES(mps_alloc(&m.p, m.pool, 16), MPS_RES_OK);
  TEST_EXPECT_ASSERTION(free_wrong_size, &m, "unit size");
  TEST_EXPECT_ASSERTION(alloc_wrong_size, &m, "unit size");
  TEST_EXPECT_ASSERTION(free_foreign, &m, "not in this MFS pool");
  mps_free(m.pool, m.p, 16);
  mps_pool_destroy(m.pool);
}

int main(void) {
  testlib_init("mfs");
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  test_random();
  test_varargs();
  test_commit_limit();
  test_misuse();
  mps_arena_destroy(arena);
  return testlib_pass();
}
