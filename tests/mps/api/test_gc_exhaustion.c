/* test_gc_exhaustion.c -- running out of memory with a collected heap.
 *
 * The standard (issue: the tracing collector, "Bad input"): exhaustion
 * returns the documented result code and keeps every reachable object
 * intact.  Here a list of cons cells in an AMC pool, held by an exact root,
 * meets a commit limit in two ways:
 *   1. a collection with no memory left to copy survivors into (the
 *      collector must fall back to keeping them in place);
 *   2. allocation until mps_reserve reports MPS_RES_COMMIT_LIMIT, then
 *      collections, then raising the limit and allocating again.
 * After each step the list is walked and every cell checked.
 *
 * Written against the public headers only.  Seeded (MPS_TEST_SEED); run
 * again by ctest with MPS_STRESS=1. */
#include <stdio.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscamc.h"
#include "testlib.h"

/* A cell is three words: a header (size << 2 | type), a value, a next
 * pointer.  Forwarding objects keep the size and hold the new address in
 * word 1; padding objects are just a header. */
enum { T_CELL = 1, T_FWD = 2, T_PAD = 3 };
typedef mps_word_t word;
#define CELL_SIZE (3 * sizeof(word))

static size_t size_of(mps_addr_t p) { return (size_t)(((word *)p)[0] >> 2); }
static unsigned type_of(mps_addr_t p) { return (unsigned)(((word *)p)[0] & 3); }

static mps_res_t cell_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  MPS_SCAN_BEGIN(ss) {
    char *p = base;
    while (p < (char *)limit) {
      if (type_of(p) == T_CELL) {
        mps_res_t res = MPS_FIX12(ss, (mps_addr_t *)&((word *)p)[2]);
        if (res != MPS_RES_OK) return res;
      }
      p += size_of(p);
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}
static mps_addr_t cell_skip(mps_addr_t p) { return (char *)p + size_of(p); }
static void cell_fwd(mps_addr_t old, mps_addr_t new_) {
  word *w = old;
  w[0] = (size_of(old) << 2) | T_FWD;
  w[1] = (word)new_;
}
static mps_addr_t cell_isfwd(mps_addr_t p) { return type_of(p) == T_FWD ? (mps_addr_t)((word *)p)[1] : NULL; }
static void cell_pad(mps_addr_t p, size_t size) { ((word *)p)[0] = (size << 2) | T_PAD; }

static mps_arena_t arena;
static mps_pool_t pool;
static mps_ap_t ap;
static mps_addr_t list_root[1];
static size_t cells; /* length of the list; values count down to 1 */

/* Conses a cell onto the list, or returns the reserve's error. */
static mps_res_t push(word value) {
  mps_addr_t p;
  do {
    mps_res_t res = mps_reserve(&p, ap, CELL_SIZE);
    if (res != MPS_RES_OK) return res;
    ((word *)p)[0] = (CELL_SIZE << 2) | T_CELL;
    ((word *)p)[1] = value;
    ((word *)p)[2] = (word)list_root[0];
  } while (!mps_commit(ap, p, CELL_SIZE));
  list_root[0] = p;
  ++cells;
  return MPS_RES_OK;
}

/* Every cell of the list is intact: values run down from `cells` to 1. */
static void check_list(void) {
  word expected = cells;
  mps_addr_t p = list_root[0];
  while (p != NULL) {
    TEST_CHECK(type_of(p) == T_CELL && size_of(p) == CELL_SIZE);
    TEST_CHECK(((word *)p)[1] == expected);
    --expected;
    p = (mps_addr_t)((word *)p)[2];
  }
  TEST_CHECK(expected == 0);
}

int main(void) {
  mps_fmt_t fmt;
  mps_root_t root;
  mps_res_t res = MPS_RES_OK;
  size_t i, collections = 0;

  testlib_init("gc_exhaustion");
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, sizeof(word));
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, cell_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, cell_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, cell_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, cell_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, cell_pad);
    TEST_CHECK_RES(mps_fmt_create_k(&fmt, arena, args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, fmt);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_amc(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
  list_root[0] = NULL;
  TEST_CHECK_RES(mps_root_create_table(&root, arena, mps_rank_exact(), 0, list_root, 1), MPS_RES_OK);

  for (i = 0; i < 20000 + testlib_random_below(5000); ++i) TEST_CHECK_RES(push(cells + 1), MPS_RES_OK);
  check_list();

  /* 1. No room to copy into: the collection still completes and loses nothing. */
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, mps_arena_committed(arena)), MPS_RES_OK);
  res = mps_arena_collect(arena);
  TEST_CHECK(res == MPS_RES_OK || res == MPS_RES_COMMIT_LIMIT || res == MPS_RES_MEMORY);
  check_list();
  mps_arena_release(arena);

  /* 2. Allocate until the limit is reported; everything reachable survives. */
  for (i = 0; i < 10000000; ++i) {
    res = push(cells + 1);
    if (res != MPS_RES_OK) break;
  }
  TEST_CHECK_RES(res, MPS_RES_COMMIT_LIMIT);
  check_list();
  for (i = 0; i < 3; ++i) {
    res = mps_arena_collect(arena);
    TEST_CHECK(res == MPS_RES_OK || res == MPS_RES_COMMIT_LIMIT || res == MPS_RES_MEMORY);
    ++collections;
    check_list();
    mps_arena_release(arena);
  }

  /* Raising the limit lets allocation go on. */
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, (size_t)-1), MPS_RES_OK);
  for (i = 0; i < 20000; ++i) TEST_CHECK_RES(push(cells + 1), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  check_list();
  printf("gc_exhaustion: %lu cells intact after %lu collections at the limit\n", (unsigned long)cells,
         (unsigned long)collections);

  mps_arena_park(arena);
  mps_ap_destroy(ap);
  mps_root_destroy(root);
  mps_pool_destroy(pool);
  mps_fmt_destroy(fmt);
  mps_arena_destroy(arena);
  return testlib_pass();
}
