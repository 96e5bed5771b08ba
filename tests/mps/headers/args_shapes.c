/* args_shapes.c: keyword-argument lists built with the MPS_ARGS macros
 *
 * Checks that MPS_ARGS_BEGIN / MPS_ARGS_ADD / MPS_ARGS_ADD_FIELD /
 * MPS_ARGS_DONE / MPS_ARGS_END build the documented lists (keys and
 * values in order, always terminated by MPS_KEY_ARGS_END, counter
 * args_i), that every key of every public header has a _FIELD naming a
 * member of the right type, that all keys are distinct, and that
 * mps_args_none is an empty list.  Needs the library only for the key
 * objects, mps_args_none and _mps_args_set_key; creates no arena.
 * Exits non-zero on failure.
 */

#include <stdio.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpsacl.h"
#include "mpscamc.h"
#include "mpscams.h"
#include "mpscawl.h"
#include "mpsclo.h"
#include "mpscmfs.h"
#include "mpscmvff.h"
#include "mpscmvt.h"
#include "mpscsnc.h"

static int failures = 0;

#define CHECK(cond) \
  MPS_BEGIN \
    if (!(cond)) { \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
              #cond); \
      ++failures; \
    } \
  MPS_END

static void extended(mps_arena_t arena, void *base, size_t size)
{
  (void)arena; (void)base; (void)size;
}

static mps_res_t fmt_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit)
{
  (void)ss; (void)base; (void)limit;
  return MPS_RES_OK;
}

static mps_addr_t fmt_skip(mps_addr_t addr) { return addr; }
static void fmt_fwd(mps_addr_t old, mps_addr_t new_) { (void)old; (void)new_; }
static mps_addr_t fmt_isfwd(mps_addr_t addr) { (void)addr; return NULL; }
static void fmt_pad(mps_addr_t addr, size_t size) { (void)addr; (void)size; }
static mps_addr_t fmt_class(mps_addr_t addr) { return addr; }
static mps_addr_t find_dependent(mps_addr_t addr) { (void)addr; return NULL; }

static mps_pool_debug_option_s debug_options = {"POST", 4, "FREE", 4};
static char cl_block[64];

/* Every key, for the distinctness check. */
static mps_key_t all_keys[] = {
  MPS_KEY_ARGS_END,
  MPS_KEY_ARENA_SIZE, MPS_KEY_ARENA_GRAIN_SIZE, MPS_KEY_ARENA_ZONED,
  MPS_KEY_ARENA_EXTENDED, MPS_KEY_ARENA_CONTRACTED, MPS_KEY_COMMIT_LIMIT,
  MPS_KEY_SPARE, MPS_KEY_SPARE_COMMIT_LIMIT, MPS_KEY_PAUSE_TIME,
  MPS_KEY_VMW3_TOP_DOWN, MPS_KEY_FORMAT, MPS_KEY_CHAIN, MPS_KEY_GEN,
  MPS_KEY_INTERIOR, MPS_KEY_EXTEND_BY, MPS_KEY_LARGE_SIZE,
  MPS_KEY_MIN_SIZE, MPS_KEY_MEAN_SIZE, MPS_KEY_MAX_SIZE, MPS_KEY_ALIGN,
  MPS_KEY_POOL_DEBUG_OPTIONS, MPS_KEY_RANK, MPS_KEY_AP_HASH_ARRAYS,
  MPS_KEY_FMT_ALIGN, MPS_KEY_FMT_HEADER_SIZE, MPS_KEY_FMT_SCAN,
  MPS_KEY_FMT_SKIP, MPS_KEY_FMT_FWD, MPS_KEY_FMT_ISFWD, MPS_KEY_FMT_PAD,
  MPS_KEY_FMT_CLASS,
  MPS_KEY_ARENA_CL_BASE, MPS_KEY_AMS_SUPPORT_AMBIGUOUS,
  MPS_KEY_AWL_FIND_DEPENDENT, MPS_KEY_MFS_UNIT_SIZE,
  MPS_KEY_MVFF_ARENA_HIGH, MPS_KEY_MVFF_SLOT_HIGH, MPS_KEY_MVFF_FIRST_FIT,
  MPS_KEY_MVT_RESERVE_DEPTH, MPS_KEY_MVT_FRAG_LIMIT
};

static void check_keys_distinct(void)
{
  size_t n = sizeof all_keys / sizeof all_keys[0];
  size_t i, j;
  CHECK(n == 41);
  for (i = 0; i < n; ++i) {
    CHECK(all_keys[i] != NULL);
    for (j = i + 1; j < n; ++j)
      CHECK(all_keys[i] != all_keys[j]);
  }
}

static void check_args_none(void)
{
  CHECK(mps_args_none[0].key == MPS_KEY_ARGS_END);
}

/* The generic keys: 31 of them, which with the terminator exactly fill
 * a list of MPS_ARGS_MAX.  A nested list holds the class keys. */
static void check_full_list(void)
{
  MPS_ARGS_BEGIN(args) {
    CHECK(args_i == 0);
    CHECK(args[0].key == MPS_KEY_ARGS_END);

    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, (size_t)1 << 20);
    CHECK(args_i == 1);
    CHECK(args[0].key == MPS_KEY_ARENA_SIZE);
    CHECK(args[0].val.size == (size_t)1 << 20);
    CHECK(args[1].key == MPS_KEY_ARGS_END);

    MPS_ARGS_ADD(args, MPS_KEY_ARENA_GRAIN_SIZE, 4096);
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_ZONED, 1);
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_EXTENDED, (mps_fun_t)extended);
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_CONTRACTED, (mps_fun_t)extended);
    MPS_ARGS_ADD(args, MPS_KEY_COMMIT_LIMIT, (size_t)-1);
    MPS_ARGS_ADD(args, MPS_KEY_SPARE, 0.5);
    MPS_ARGS_ADD(args, MPS_KEY_SPARE_COMMIT_LIMIT, 1024);
    MPS_ARGS_ADD(args, MPS_KEY_PAUSE_TIME, 0.25);
    MPS_ARGS_ADD(args, MPS_KEY_VMW3_TOP_DOWN, 0);
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, (mps_fmt_t)NULL);
    MPS_ARGS_ADD(args, MPS_KEY_CHAIN, (mps_chain_t)NULL);
    MPS_ARGS_ADD(args, MPS_KEY_GEN, 2u);
    MPS_ARGS_ADD(args, MPS_KEY_INTERIOR, 0);
    MPS_ARGS_ADD(args, MPS_KEY_EXTEND_BY, 8192);
    MPS_ARGS_ADD(args, MPS_KEY_LARGE_SIZE, 32768);
    MPS_ARGS_ADD(args, MPS_KEY_MIN_SIZE, 8);
    MPS_ARGS_ADD(args, MPS_KEY_MEAN_SIZE, 32);
    MPS_ARGS_ADD(args, MPS_KEY_MAX_SIZE, 8192);
    MPS_ARGS_ADD(args, MPS_KEY_ALIGN, (mps_align_t)MPS_PF_ALIGN);
    MPS_ARGS_ADD(args, MPS_KEY_POOL_DEBUG_OPTIONS, &debug_options);
    MPS_ARGS_ADD(args, MPS_KEY_RANK, (mps_rank_t)1);
    MPS_ARGS_ADD(args, MPS_KEY_AP_HASH_ARRAYS, 1);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, (mps_align_t)8);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_HEADER_SIZE, 0);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, fmt_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, fmt_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, fmt_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, fmt_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, fmt_pad);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_CLASS, fmt_class);

    CHECK(args_i == MPS_ARGS_MAX - 1);
    CHECK(args[MPS_ARGS_MAX - 1].key == MPS_KEY_ARGS_END);
    CHECK(args[6].key == MPS_KEY_SPARE);
    CHECK(args[6].val.d == 0.5);
    CHECK(args[12].key == MPS_KEY_GEN);
    CHECK(args[12].val.u == 2u);
    CHECK(args[20].val.pool_debug_options == &debug_options);
    CHECK(args[21].val.rank == 1);
    CHECK(args[25].val.fmt_scan == fmt_scan);
    CHECK(args[30].key == MPS_KEY_FMT_CLASS);
    CHECK(args[30].val.fmt_class == fmt_class);

    MPS_ARGS_BEGIN(inner) {
      MPS_ARGS_ADD(inner, MPS_KEY_ARENA_CL_BASE, (mps_addr_t)cl_block);
      MPS_ARGS_ADD(inner, MPS_KEY_AMS_SUPPORT_AMBIGUOUS, 0);
      MPS_ARGS_ADD(inner, MPS_KEY_AWL_FIND_DEPENDENT, find_dependent);
      MPS_ARGS_ADD(inner, MPS_KEY_MFS_UNIT_SIZE, 16);
      MPS_ARGS_ADD(inner, MPS_KEY_MVFF_ARENA_HIGH, 1);
      MPS_ARGS_ADD(inner, MPS_KEY_MVFF_SLOT_HIGH, 1);
      MPS_ARGS_ADD(inner, MPS_KEY_MVFF_FIRST_FIT, 0);
      MPS_ARGS_ADD(inner, MPS_KEY_MVT_RESERVE_DEPTH, (mps_word_t)1024);
      MPS_ARGS_ADD(inner, MPS_KEY_MVT_FRAG_LIMIT, 0.3);
      CHECK(inner_i == 9);
      CHECK(inner[0].val.addr == (mps_addr_t)cl_block);
      CHECK(inner[2].val.addr_method == find_dependent);
      CHECK(inner[7].val.count == 1024);
      CHECK(inner[8].val.d == 0.3);
      CHECK(inner[9].key == MPS_KEY_ARGS_END);
      /* The outer list is untouched. */
      CHECK(args_i == MPS_ARGS_MAX - 1);
    } MPS_ARGS_END(inner);
  } MPS_ARGS_END(args);
}

static void check_add_field_and_done(void)
{
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD_FIELD(args, MPS_KEY_EXTEND_BY, size, 65536);
    MPS_ARGS_ADD_FIELD(args, MPS_KEY_GEN, u, 1);
    CHECK(args_i == 2);
    CHECK(args[0].key == MPS_KEY_EXTEND_BY);
    CHECK(args[0].val.size == 65536);
    CHECK(args[1].key == MPS_KEY_GEN);
    CHECK(args[2].key == MPS_KEY_ARGS_END);
    MPS_ARGS_DONE(args);
    CHECK(args_i == MPS_ARGS_MAX);
    CHECK(args[2].key == MPS_KEY_ARGS_END);
  } MPS_ARGS_END(args);
}

static void check_designated_initialiser(void)
{
  mps_arg_s args[] = {
    {MPS_KEY_ARENA_SIZE, {.size = 1024}},
    {MPS_KEY_SPARE, {.d = 0.25}},
    {MPS_KEY_ARGS_END, {0}}
  };
  CHECK(args[0].val.size == 1024);
  CHECK(args[1].val.d == 0.25);
  CHECK(args[2].key == MPS_KEY_ARGS_END);
}

int main(void)
{
  check_keys_distinct();
  check_args_none();
  check_full_list();
  check_add_field_and_done();
  check_designated_initialiser();
  if (failures != 0) {
    fprintf(stderr, "args_shapes: %d check(s) failed\n", failures);
    return 1;
  }
  printf("args_shapes: all checks passed\n");
  return 0;
}
