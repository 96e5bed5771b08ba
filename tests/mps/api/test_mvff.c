/* test_mvff.c -- MVFF through the public interface: every keyword, mps_alloc
 * and mps_free under a random workload, allocation points, the commit limit,
 * and misuse.  Uses only mps.h, mpscmvff.h and mpsavm.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscmvff.h"
#include "testlib.h"

#define MAX_LIVE 2000

static mps_arena_t make_arena(void) {
  mps_arena_t arena;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, (size_t)64 << 20);
    TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  return arena;
}

static mps_pool_t make_pool(mps_arena_t arena, mps_arg_s *args) {
  mps_pool_t pool;
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), args), MPS_RES_OK);
  return pool;
}

/* Live blocks with a pattern derived from their address and size. */
typedef struct block_s {
  unsigned char *p;
  size_t size;
} block_s;

static void fill_block(block_s *b) {
  size_t i;
  for (i = 0; i < b->size; ++i) b->p[i] = (unsigned char)(((size_t)b->p >> 3) + i * 7 + b->size);
}

static int block_intact(const block_s *b) {
  size_t i;
  for (i = 0; i < b->size; ++i) {
    if (b->p[i] != (unsigned char)(((size_t)b->p >> 3) + i * 7 + b->size)) return 0;
  }
  return 1;
}

static void check_all(block_s *blocks, size_t n) {
  size_t i;
  for (i = 0; i < n; ++i) TEST_CHECK(block_intact(&blocks[i]));
}

static int cmp_block(const void *a, const void *b) {
  const block_s *x = a, *y = b;
  return x->p < y->p ? -1 : x->p > y->p;
}

/* No two live blocks overlap. */
static void check_disjoint(block_s *blocks, size_t n) {
  block_s sorted[MAX_LIVE];
  size_t i;
  memcpy(sorted, blocks, n * sizeof *blocks);
  qsort(sorted, n, sizeof *sorted, cmp_block);
  for (i = 1; i < n; ++i) TEST_CHECK(sorted[i - 1].p + sorted[i - 1].size <= sorted[i].p);
}

static void test_defaults_and_extend_by(mps_arena_t arena) {
  mps_pool_t pool = make_pool(arena, mps_args_none);
  mps_addr_t p, q;
  TEST_CHECK(mps_pool_total_size(pool) == 0);
  TEST_CHECK_RES(mps_alloc(&p, pool, 1), MPS_RES_OK);
  TEST_CHECK((size_t)p % MPS_PF_ALIGN == 0);
  TEST_CHECK(mps_pool_total_size(pool) == 65536); /* default extend_by */
  TEST_CHECK(mps_pool_free_size(pool) == 65536 - MPS_PF_ALIGN);
  TEST_CHECK(mps_mvff_size(pool) == mps_pool_total_size(pool));
  TEST_CHECK(mps_mvff_free_size(pool) == mps_pool_free_size(pool));
  TEST_CHECK_RES(mps_alloc(&q, pool, 100000), MPS_RES_OK); /* larger than extend_by */
  TEST_CHECK(mps_pool_total_size(pool) >= 65536 + 100000);
  mps_free(pool, p, 1);
  mps_free(pool, q, 100000);
  mps_pool_destroy(pool);

  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_EXTEND_BY, (size_t)1 << 20);
    MPS_ARGS_ADD(args, MPS_KEY_MEAN_SIZE, (size_t)64);
    pool = make_pool(arena, args);
    TEST_CHECK(args[0].key == MPS_KEY_ARGS_END); /* all keys consumed */
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_alloc(&p, pool, 8), MPS_RES_OK);
  TEST_CHECK(mps_pool_total_size(pool) == (size_t)1 << 20);
  mps_pool_destroy(pool);
}

static void test_align(mps_arena_t arena) {
  mps_pool_t pool;
  mps_addr_t p[20];
  size_t i, free_before;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ALIGN, (mps_align_t)64);
    pool = make_pool(arena, args);
  } MPS_ARGS_END(args);
  for (i = 0; i < 20; ++i) {
    TEST_CHECK_RES(mps_alloc(&p[i], pool, 1 + i * 13), MPS_RES_OK);
    TEST_CHECK((size_t)p[i] % 64 == 0);
  }
  free_before = mps_pool_free_size(pool);
  mps_free(pool, p[0], 1);
  TEST_CHECK(mps_pool_free_size(pool) == free_before + 64); /* sizes round up to the alignment */
  mps_pool_destroy(pool);
}

/* Allocates three equal blocks, frees the first, allocates again: where the
 * new block lands shows the search order. */
static void test_placement(mps_arena_t arena) {
  mps_pool_t low, slot_high, top_down, arena_high;
  mps_addr_t a, b, c, d;

  low = make_pool(arena, mps_args_none);
  TEST_CHECK_RES(mps_alloc(&a, low, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&b, low, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&c, low, 64), MPS_RES_OK);
  TEST_CHECK((char *)a < (char *)b && (char *)b < (char *)c); /* first fit, low end */
  mps_free(low, a, 64);
  TEST_CHECK_RES(mps_alloc(&d, low, 64), MPS_RES_OK);
  TEST_CHECK(d == a); /* the lowest hole first */

  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_MVFF_SLOT_HIGH, 1);
    slot_high = make_pool(arena, args);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_alloc(&a, slot_high, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&b, slot_high, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&c, slot_high, 64), MPS_RES_OK);
  TEST_CHECK((char *)a < (char *)b && (char *)b < (char *)c); /* still the low end of the range */
  mps_free(slot_high, a, 64);
  TEST_CHECK_RES(mps_alloc(&d, slot_high, 64), MPS_RES_OK);
  TEST_CHECK((char *)d > (char *)c); /* the highest range first, not the hole */

  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_MVFF_FIRST_FIT, 0);
    top_down = make_pool(arena, args);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_alloc(&a, top_down, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&b, top_down, 64), MPS_RES_OK);
  TEST_CHECK((char *)b + 64 == (char *)a); /* taken from the high end */

  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_MVFF_ARENA_HIGH, 1);
    MPS_ARGS_ADD(args, MPS_KEY_MVFF_SLOT_HIGH, 1);
    MPS_ARGS_ADD(args, MPS_KEY_MVFF_FIRST_FIT, 0);
    arena_high = make_pool(arena, args);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_alloc(&c, arena_high, 64), MPS_RES_OK);
  TEST_CHECK((char *)c > (char *)a); /* arena memory from the top */
  TEST_CHECK((char *)c > (char *)d);

  mps_pool_destroy(low);
  mps_pool_destroy(slot_high);
  mps_pool_destroy(top_down);
  mps_pool_destroy(arena_high);
}

static void test_spare(mps_arena_t arena, double spare) {
  mps_pool_t pool;
  static mps_addr_t p[1000];
  size_t i, total_full;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_SPARE, spare);
    pool = make_pool(arena, args);
  } MPS_ARGS_END(args);
  for (i = 0; i < 1000; ++i) TEST_CHECK_RES(mps_alloc(&p[i], pool, 1000), MPS_RES_OK);
  total_full = mps_pool_total_size(pool);
  TEST_CHECK(total_full >= 1000 * 1000);
  for (i = 0; i < 1000; ++i) mps_free(pool, p[i], 1000);
  TEST_CHECK(mps_pool_total_size(pool) < total_full);
  TEST_CHECK((double)mps_pool_free_size(pool) <= spare * (double)total_full);
  if (spare == 0.0) TEST_CHECK(mps_pool_total_size(pool) == 0);
  mps_pool_destroy(pool);
}

static void test_random(mps_arena_t arena, mps_pool_t pool, size_t steps) {
  static block_s blocks[MAX_LIVE];
  size_t n = 0, step;
  for (step = 0; step < steps; ++step) {
    int do_alloc = n == 0 || (n < MAX_LIVE && testlib_random_below(100) < 55);
    if (do_alloc) {
      block_s *b = &blocks[n];
      b->size = 1 + testlib_random_below(testlib_random_below(10) == 0 ? 40000 : 4000);
      TEST_CHECK_RES(mps_alloc((mps_addr_t *)&b->p, pool, b->size), MPS_RES_OK);
      TEST_CHECK(mps_addr_pool(&(mps_pool_t){NULL}, arena, b->p));
      fill_block(b);
      ++n;
    } else {
      size_t i = testlib_random_below(n);
      TEST_CHECK(block_intact(&blocks[i]));
      mps_free(pool, blocks[i].p, blocks[i].size);
      blocks[i] = blocks[--n];
    }
    TEST_CHECK(mps_pool_free_size(pool) <= mps_pool_total_size(pool));
    if (step % 500 == 0) {
      check_all(blocks, n);
      check_disjoint(blocks, n);
    }
  }
  check_all(blocks, n);
  check_disjoint(blocks, n);
  while (n > 0) {
    --n;
    mps_free(pool, blocks[n].p, blocks[n].size);
  }
}

static void test_random_all_keys(mps_arena_t arena) {
  int variant;
  for (variant = 0; variant < 8; ++variant) {
    mps_pool_t pool;
    MPS_ARGS_BEGIN(args) {
      MPS_ARGS_ADD(args, MPS_KEY_MVFF_SLOT_HIGH, (variant & 1) != 0);
      MPS_ARGS_ADD(args, MPS_KEY_MVFF_ARENA_HIGH, (variant & 2) != 0);
      MPS_ARGS_ADD(args, MPS_KEY_MVFF_FIRST_FIT, (variant & 4) != 0);
      MPS_ARGS_ADD(args, MPS_KEY_EXTEND_BY, (size_t)(4096 << variant));
      MPS_ARGS_ADD(args, MPS_KEY_SPARE, variant / 8.0);
      pool = make_pool(arena, args);
    } MPS_ARGS_END(args);
    test_random(arena, pool, 6000);
    TEST_CHECK(mps_pool_free_size(pool) == mps_pool_total_size(pool));
    mps_pool_destroy(pool);
  }
}

static void test_allocation_points(mps_arena_t arena) {
  static block_s blocks[MAX_LIVE];
  mps_pool_t pool = make_pool(arena, mps_args_none);
  mps_ap_t ap;
  size_t i;
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
  for (i = 0; i < MAX_LIVE; ++i) {
    mps_addr_t p;
    size_t size = ((1 + testlib_random_below(300)) + MPS_PF_ALIGN - 1) & ~(size_t)(MPS_PF_ALIGN - 1);
    do {
      TEST_CHECK_RES(mps_reserve(&p, ap, size), MPS_RES_OK);
      blocks[i].p = p;
      blocks[i].size = size;
      fill_block(&blocks[i]);
    } while (!mps_commit(ap, p, size));
    if (i > 0 && testlib_random_below(50) == 0) { /* mix in mps_alloc */
      mps_addr_t q;
      TEST_CHECK_RES(mps_alloc(&q, pool, 24), MPS_RES_OK);
      mps_free(pool, q, 24);
    }
  }
  check_disjoint(blocks, MAX_LIVE);
  mps_ap_destroy(ap);
  check_all(blocks, MAX_LIVE); /* committed objects survive the AP */
  for (i = 0; i < MAX_LIVE; i += 2) mps_free(pool, blocks[i].p, blocks[i].size);
  for (i = 1; i < MAX_LIVE; i += 2) TEST_CHECK(block_intact(&blocks[i]));
  mps_pool_destroy(pool);
}

static void test_commit_limit(mps_arena_t arena) {
  static block_s blocks[20000];
  mps_pool_t pool = make_pool(arena, mps_args_none);
  size_t n = 0, i;
  mps_res_t res = MPS_RES_OK;
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, mps_arena_committed(arena) + ((size_t)2 << 20)),
                 MPS_RES_OK);
  while (n < 20000) {
    block_s *b = &blocks[n];
    b->size = 16 + testlib_random_below(2000);
    res = mps_alloc((mps_addr_t *)&b->p, pool, b->size);
    if (res != MPS_RES_OK) break;
    fill_block(b);
    ++n;
  }
  TEST_CHECK_RES(res, MPS_RES_COMMIT_LIMIT);
  TEST_CHECK(n > 100);
  check_all(blocks, n);
  /* Free every other block: freeing must work at the limit. */
  for (i = 0; i < n; i += 2) mps_free(pool, blocks[i].p, blocks[i].size);
  for (i = 1; i < n; i += 2) TEST_CHECK(block_intact(&blocks[i]));
  {
    mps_addr_t p;
    TEST_CHECK_RES(mps_alloc(&p, pool, 64), MPS_RES_OK);
    mps_free(pool, p, 64);
  }
  for (i = 1; i < n; i += 2) mps_free(pool, blocks[i].p, blocks[i].size);
  mps_pool_destroy(pool);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, (size_t)-1), MPS_RES_OK);
}

static void test_varargs(mps_arena_t arena) {
  mps_pool_t pool;
  mps_addr_t a, b;
  TEST_CHECK_RES(mps_pool_create(&pool, arena, mps_class_mvff(), (size_t)8192, (size_t)32,
                                 (mps_align_t)32, (mps_bool_t)0, (mps_bool_t)0, (mps_bool_t)0),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&a, pool, 8), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&b, pool, 8), MPS_RES_OK);
  TEST_CHECK((size_t)a % 32 == 0 && (size_t)b % 32 == 0);
  TEST_CHECK((char *)b + 32 == (char *)a); /* first_fit false: high end */
  TEST_CHECK(mps_pool_total_size(pool) == 8192);
  mps_pool_destroy(pool);
}

/* --- Misuse ------------------------------------------------------------------- */

static mps_arena_t misuse_arena;
static mps_pool_t misuse_pool;

static void free_foreign(void *closure) {
  static char not_ours[64];
  (void)closure;
  mps_free(misuse_pool, not_ours, 16);
}

static void free_twice(void *closure) {
  mps_addr_t p;
  (void)closure;
  if (mps_alloc(&p, misuse_pool, 64) != MPS_RES_OK) return;
  mps_free(misuse_pool, p, 64);
  mps_free(misuse_pool, p, 64);
}

static void free_overlapping(void *closure) {
  mps_addr_t p, q;
  (void)closure;
  if (mps_alloc(&p, misuse_pool, 64) != MPS_RES_OK) return;
  if (mps_alloc(&q, misuse_pool, 64) != MPS_RES_OK) return;
  mps_free(misuse_pool, q, 64);
  mps_free(misuse_pool, p, 128); /* overlaps the freed q */
}

static void alloc_zero(void *closure) {
  mps_addr_t p;
  (void)closure;
  (void)mps_alloc(&p, misuse_pool, 0);
}

static void bad_align(void *closure) {
  mps_pool_t pool;
  (void)closure;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ALIGN, (mps_align_t)24);
    (void)mps_pool_create_k(&pool, misuse_arena, mps_class_mvff(), args);
  } MPS_ARGS_END(args);
}

static void test_misuse(mps_arena_t arena) {
  misuse_arena = arena;
  misuse_pool = make_pool(arena, mps_args_none);
  TEST_EXPECT_ASSERTION(free_foreign, NULL, "not allocated by this pool");
  TEST_EXPECT_ASSERTION(free_twice, NULL, "double free");
  TEST_EXPECT_ASSERTION(free_overlapping, NULL, "double free");
  TEST_EXPECT_ASSERTION(alloc_zero, NULL, "size is zero");
  TEST_EXPECT_ASSERTION(bad_align, NULL, "ALIGN");
  mps_pool_destroy(misuse_pool);
}

int main(void) {
  mps_arena_t arena;
  testlib_init("mvff");
  arena = make_arena();
  test_defaults_and_extend_by(arena);
  test_align(arena);
  test_placement(arena);
  test_spare(arena, 0.0);
  test_spare(arena, 0.75);
  test_spare(arena, 0.3);
  test_random_all_keys(arena);
  test_allocation_points(arena);
  test_commit_limit(arena);
  test_varargs(arena);
  test_misuse(arena);
  mps_arena_destroy(arena);
  return testlib_pass();
}
