/* test_interface.c -- the mechanics of the C interface (mps-interface.md 1,
 * 6, 7, 16, 20.1-20.3): result codes, keyword lists, function forms of the
 * macros, booleans, out-parameters, ranks, allocation frames and patterns,
 * the deprecated varargs forms and the telemetry filter.  Public headers
 * only. */
#include <string.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscamc.h"
#include "mpscams.h"
#include "mpscmfs.h"
#include "mpscmvff.h"
#include "mpscmvt.h"
#include "testlib.h"

#define ARENA_SIZE ((size_t)16 << 20)

static mps_arena_t make_arena(void) {
  mps_arena_t arena;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, ARENA_SIZE);
    TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  return arena;
}

static void test_result_codes(void) {
  TEST_CHECK(MPS_RES_OK == 0);
  TEST_CHECK(MPS_RES_FAIL == 1);
  TEST_CHECK(MPS_RES_RESOURCE == 2);
  TEST_CHECK(MPS_RES_MEMORY == 3);
  TEST_CHECK(MPS_RES_LIMIT == 4);
  TEST_CHECK(MPS_RES_UNIMPL == 5);
  TEST_CHECK(MPS_RES_IO == 6);
  TEST_CHECK(MPS_RES_COMMIT_LIMIT == 7);
  TEST_CHECK(MPS_RES_PARAM == 8);
}

static void test_ranks(void) {
  TEST_CHECK(mps_rank_ambig() == 0);
  TEST_CHECK(mps_rank_exact() == 1);
  TEST_CHECK(mps_rank_weak() == 3);
}

/* Used keys leave the caller's array; unknown keys stay, in order. */
static void test_used_keys_are_removed(void) {
  mps_arena_t arena;
  mps_pool_t pool;
  mps_arg_s args[5];
  args[0].key = MPS_KEY_ARENA_SIZE;
  args[0].val.size = ARENA_SIZE;
  args[1].key = MPS_KEY_MFS_UNIT_SIZE; /* meaningless to an arena */
  args[1].val.size = 32;
  args[2].key = MPS_KEY_COMMIT_LIMIT;
  args[2].val.size = (size_t)-1;
  args[3].key = MPS_KEY_ARGS_END;
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), args), MPS_RES_OK);
  TEST_CHECK(args[0].key == MPS_KEY_MFS_UNIT_SIZE);
  TEST_CHECK(args[0].val.size == 32);
  TEST_CHECK(args[1].key == MPS_KEY_ARGS_END);

  /* The leftover list is then used, whole, by a pool that wants it. */
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mfs(), args), MPS_RES_OK);
  TEST_CHECK(args[0].key == MPS_KEY_ARGS_END);
  mps_pool_destroy(pool);

  /* mps_args_none stays empty. */
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK(mps_args_none[0].key == MPS_KEY_ARGS_END);
  mps_pool_destroy(pool);
  mps_arena_destroy(arena);
}

/* MPS_ARGS_BEGIN blocks nest and keep the list terminated. */
static void test_args_macros(void) {
  MPS_ARGS_BEGIN(outer) {
    MPS_ARGS_ADD(outer, MPS_KEY_EXTEND_BY, 4096);
    TEST_CHECK(outer_i == 1);
    TEST_CHECK(outer[0].key == MPS_KEY_EXTEND_BY && outer[0].val.size == 4096);
    TEST_CHECK(outer[1].key == MPS_KEY_ARGS_END);
    MPS_ARGS_BEGIN(inner) {
      MPS_ARGS_ADD_FIELD(inner, MPS_KEY_SPARE, d, 0.5);
      MPS_ARGS_ADD(inner, MPS_KEY_MVFF_FIRST_FIT, 0);
      TEST_CHECK(inner[0].key == MPS_KEY_SPARE && inner[0].val.d == 0.5);
      TEST_CHECK(inner[1].key == MPS_KEY_MVFF_FIRST_FIT && inner[1].val.b == 0);
      TEST_CHECK(inner[2].key == MPS_KEY_ARGS_END);
    } MPS_ARGS_END(inner);
    MPS_ARGS_DONE(outer); /* deprecated, harmless */
    TEST_CHECK(outer[1].key == MPS_KEY_ARGS_END);
  } MPS_ARGS_END(outer);
}

static void add_too_many_args(void *closure) {
  int i;
  (void)closure;
  MPS_ARGS_BEGIN(args) {
    for (i = 0; i < MPS_ARGS_MAX; ++i) MPS_ARGS_ADD(args, MPS_KEY_EXTEND_BY, 4096);
  } MPS_ARGS_END(args);
}

static void mfs_without_unit_size(void *closure) {
  mps_arena_t arena = make_arena();
  mps_pool_t pool;
  (void)closure;
  (void)mps_pool_create_k(&pool, arena, mps_class_mfs(), mps_args_none);
}

static void illegal_spare(void *closure) {
  mps_arena_t arena;
  (void)closure;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_SPARE, 1.5);
    (void)mps_arena_create_k(&arena, mps_arena_class_vm(), args);
  } MPS_ARGS_END(args);
}

static void null_arg_list(void *closure) {
  mps_arena_t arena;
  (void)closure;
  (void)mps_arena_create_k(&arena, mps_arena_class_vm(), NULL);
}

static void test_keyword_misuse(void) {
  TEST_EXPECT_ASSERTION(add_too_many_args, NULL, "too many keyword arguments");
  TEST_EXPECT_ASSERTION(mfs_without_unit_size, NULL, "MPS_KEY_MFS_UNIT_SIZE");
  TEST_EXPECT_ASSERTION(illegal_spare, NULL, "MPS_KEY_SPARE");
  TEST_EXPECT_ASSERTION(null_arg_list, NULL, "mps_args_none");
}

/* (mps_reserve) and (mps_commit) behave like the macros. */
static void test_reserve_commit_function_forms(void) {
  mps_arena_t arena = make_arena();
  mps_pool_t pool;
  mps_ap_t ap;
  mps_addr_t p;
  mps_res_t res;
  int i;
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
  for (i = 0; i < 1000; ++i) {
    size_t size = (size_t)(1 + testlib_random_below(32)) * MPS_PF_ALIGN;
    if (i % 3 == 0) {
      do {
        TEST_CHECK_RES((mps_reserve)(&p, ap, size), MPS_RES_OK);
        memset(p, 0xA5, size);
      } while (!(mps_commit)(ap, p, size));
    } else if (i % 3 == 1) {
      do {
        TEST_CHECK_RES(mps_reserve(&p, ap, size), MPS_RES_OK);
        memset(p, 0x5A, size);
      } while (!mps_commit(ap, p, size));
    } else {
      do {
        MPS_RESERVE_BLOCK(res, p, ap, size);
        TEST_CHECK_RES(res, MPS_RES_OK);
      } while (!mps_commit(ap, p, size));
    }
    TEST_CHECK(mps_arena_has_addr(arena, p) == 1);
  }
  /* The function form hands out the old init, as the macro does. */
  {
    mps_addr_t old_init = ap->init;
    int had_room = (size_t)((char *)ap->limit - (char *)ap->alloc) >= MPS_PF_ALIGN;
    TEST_CHECK_RES((mps_reserve)(&p, ap, MPS_PF_ALIGN), MPS_RES_OK);
    TEST_CHECK(!had_room || p == old_init);
  }
  TEST_CHECK(p == ap->init && (char *)ap->alloc == (char *)p + MPS_PF_ALIGN);
  TEST_CHECK((mps_commit)(ap, p, MPS_PF_ALIGN) == 1);
  TEST_CHECK(ap->init == ap->alloc);
  /* The reservoir shims act as reserve. */
  TEST_CHECK_RES((mps_reserve_with_reservoir_permit)(&p, ap, MPS_PF_ALIGN), MPS_RES_OK);
  TEST_CHECK(mps_commit(ap, p, MPS_PF_ALIGN) == 1);
  TEST_CHECK(mps_reservoir_limit(arena) == 0 && mps_reservoir_available(arena) == 0);
  mps_ap_destroy(ap);
  mps_pool_destroy(pool);
  mps_arena_destroy(arena);
}

static void double_reserve(void *closure) {
  mps_arena_t arena = make_arena();
  mps_pool_t pool;
  mps_ap_t ap;
  mps_addr_t p;
  (void)closure;
  (void)mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none);
  (void)mps_ap_create_k(&ap, pool, mps_args_none);
  (void)(mps_reserve)(&p, ap, MPS_PF_ALIGN);
  (void)(mps_reserve)(&p, ap, MPS_PF_ALIGN);
}

/* Frames: accepted and ignored by manual pools, refused mid-reservation;
 * patterns nest, and an end without a begin fails. */
static void test_frames_and_patterns(void) {
  mps_arena_t arena = make_arena();
  mps_pool_t pool;
  mps_ap_t ap;
  mps_addr_t p;
  mps_frame_t frame, sentinel = (mps_frame_t)&sentinel;
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvt(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);

  TEST_CHECK_RES((mps_ap_frame_push)(&frame, ap), MPS_RES_OK);
  TEST_CHECK_RES(mps_reserve(&p, ap, 64), MPS_RES_OK);
  frame = sentinel;
  TEST_CHECK_RES((mps_ap_frame_push)(&frame, ap), MPS_RES_FAIL);
  TEST_CHECK(frame == sentinel); /* out-parameter untouched on failure */
  TEST_CHECK(mps_commit(ap, p, 64) == 1);
  TEST_CHECK_RES((mps_ap_frame_push)(&frame, ap), MPS_RES_OK);
  TEST_CHECK_RES((mps_ap_frame_pop)(ap, frame), MPS_RES_OK);

  TEST_CHECK(mps_alloc_pattern_ramp() != mps_alloc_pattern_ramp_collect_all());
  TEST_CHECK_RES(mps_ap_alloc_pattern_end(ap, mps_alloc_pattern_ramp()), MPS_RES_FAIL);
  TEST_CHECK_RES(mps_ap_alloc_pattern_begin(ap, mps_alloc_pattern_ramp()), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_alloc_pattern_begin(ap, mps_alloc_pattern_ramp_collect_all()), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_alloc_pattern_end(ap, mps_alloc_pattern_ramp_collect_all()), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_alloc_pattern_end(ap, mps_alloc_pattern_ramp()), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_alloc_pattern_end(ap, mps_alloc_pattern_ramp()), MPS_RES_FAIL);
  TEST_CHECK_RES(mps_ap_alloc_pattern_begin(ap, mps_alloc_pattern_ramp()), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_alloc_pattern_begin(ap, mps_alloc_pattern_ramp()), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_alloc_pattern_reset(ap), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_alloc_pattern_end(ap, mps_alloc_pattern_ramp()), MPS_RES_FAIL);

  mps_ap_destroy(ap);
  mps_free(pool, p, 64); /* MVT frees blocks allocated on its APs */
  mps_pool_destroy(pool);
  mps_arena_destroy(arena);
}

/* The SAC macros, their function forms and the slow paths agree. */
static void test_sac_forms(void) {
  mps_arena_t arena = make_arena();
  mps_pool_t pool;
  mps_sac_t sac;
  mps_sac_class_s classes[3] = {{16, 8, 1}, {64, 8, 2}, {256, 4, 1}};
  mps_addr_t blocks[60];
  size_t sizes[60];
  mps_res_t res;
  int i;
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_sac_create(&sac, pool, 3, classes), MPS_RES_OK);
  for (i = 0; i < 60; ++i) {
    sizes[i] = (size_t)(1 + testlib_random_below(400));
    switch (i % 4) {
    case 0: MPS_SAC_ALLOC_FAST(res, blocks[i], sac, sizes[i], 0); break;
    case 1: MPS_SAC_ALLOC(res, blocks[i], sac, sizes[i], 0); break;
    case 2: res = mps_sac_alloc(&blocks[i], sac, sizes[i], 0); break;
    default: res = mps_sac_fill(&blocks[i], sac, sizes[i], 0); break;
    }
    TEST_CHECK_RES(res, MPS_RES_OK);
    memset(blocks[i], i, sizes[i]);
  }
  for (i = 0; i < 60; ++i) {
    switch (i % 4) {
    case 0: MPS_SAC_FREE_FAST(sac, blocks[i], sizes[i]); break;
    case 1: MPS_SAC_FREE(sac, blocks[i], sizes[i]); break;
    case 2: mps_sac_free(sac, blocks[i], sizes[i]); break;
    default: mps_sac_empty(sac, blocks[i], sizes[i]); break;
    }
  }
  mps_sac_flush(sac);
  mps_sac_destroy(sac);
  mps_pool_destroy(pool);
  mps_arena_destroy(arena);
}

static void sac_on_mvt(void *closure) {
  mps_arena_t arena = make_arena();
  mps_pool_t pool;
  mps_sac_t sac;
  mps_sac_class_s classes[1] = {{64, 8, 1}};
  (void)closure;
  (void)mps_pool_create_k(&pool, arena, mps_class_mvt(), mps_args_none);
  (void)mps_sac_create(&sac, pool, 1, classes);
}

static void destroy_pool_with_sac(void *closure) {
  mps_arena_t arena = make_arena();
  mps_pool_t pool;
  mps_sac_t sac;
  mps_sac_class_s classes[1] = {{64, 8, 1}};
  (void)closure;
  (void)mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none);
  (void)mps_sac_create(&sac, pool, 1, classes);
  mps_pool_destroy(pool);
}

/* Booleans are exactly 0 or 1; out-parameters are untouched on failure. */
static void test_booleans_and_out_parameters(void) {
  mps_arena_t arena = make_arena();
  mps_pool_t pool, untouched = (mps_pool_t)&untouched, found = untouched;
  mps_addr_t p, sentinel = (mps_addr_t)&sentinel;
  int local;
  TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&p, pool, 100), MPS_RES_OK);
  TEST_CHECK(mps_arena_has_addr(arena, p) == 1);
  TEST_CHECK(mps_arena_has_addr(arena, &local) == 0);
  TEST_CHECK(mps_addr_pool(&found, arena, &local) == 0);
  TEST_CHECK(found == untouched);
  TEST_CHECK(mps_addr_pool(&found, arena, p) == 1);
  TEST_CHECK(found == pool);
  TEST_CHECK(mps_arena_busy(arena) == 0);
  TEST_CHECK(mps_arena_step(arena, 0.01, 1.0) == 0);

  /* A failing allocation leaves p alone. */
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, mps_arena_committed(arena)), MPS_RES_OK);
  p = sentinel;
  TEST_CHECK_RES(mps_alloc(&p, pool, (size_t)4 << 20), MPS_RES_COMMIT_LIMIT);
  TEST_CHECK(p == sentinel);
  /* So does a pool class of a later issue. */
  found = untouched;
  TEST_CHECK_RES(mps_pool_create_k(&found, arena, mps_class_ams(), mps_args_none), MPS_RES_UNIMPL);
  TEST_CHECK(found == untouched);
  TEST_CHECK_RES(mps_arena_commit_limit_set(arena, (size_t)-1), MPS_RES_OK);
  mps_pool_destroy(pool);
  mps_arena_destroy(arena);
}

/* Deprecated varargs forms convert to keywords. */
static void test_varargs_forms(void) {
  mps_arena_t arena;
  mps_pool_t mfs, mvff, mvt;
  mps_ap_t ap;
  mps_addr_t p;
  TEST_CHECK_RES(mps_arena_create(&arena, mps_arena_class_vm(), ARENA_SIZE), MPS_RES_OK);
  TEST_CHECK_RES(mps_pool_create(&mfs, arena, mps_class_mfs(), (size_t)4096, (size_t)48), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&p, mfs, 48), MPS_RES_OK);
  mps_free(mfs, p, 48);
  TEST_CHECK_RES(mps_pool_create(&mvff, arena, mps_class_mvff(), (size_t)65536, (size_t)32,
                                 (mps_align_t)MPS_PF_ALIGN, (mps_bool_t)0, (mps_bool_t)0, (mps_bool_t)1),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_create(&ap, mvff), MPS_RES_OK);
  TEST_CHECK_RES(mps_reserve(&p, ap, 64), MPS_RES_OK);
  TEST_CHECK(mps_commit(ap, p, 64) == 1);
  mps_ap_destroy(ap);
  TEST_CHECK_RES(mps_pool_create(&mvt, arena, mps_class_mvt(), (size_t)8, (size_t)32, (size_t)1024,
                                 (mps_word_t)64, (mps_word_t)30),
                 MPS_RES_OK);
  mps_pool_destroy(mvt);
  mps_pool_destroy(mvff);
  mps_pool_destroy(mfs);
  mps_arena_destroy(arena);
}

/* The filter semantics hold without an arena. */
static void test_telemetry_filter(void) {
  mps_word_t old = mps_telemetry_get();
  mps_label_t a, b;
  mps_telemetry_reset(~(mps_word_t)0);
  TEST_CHECK(mps_telemetry_get() == 0);
  mps_telemetry_set(0x5);
  TEST_CHECK(mps_telemetry_get() == 0x5);
  mps_telemetry_set(0x2);
  TEST_CHECK(mps_telemetry_get() == 0x7);
  mps_telemetry_reset(0x1);
  TEST_CHECK(mps_telemetry_get() == 0x6);
  TEST_CHECK(mps_telemetry_control(0x2, 0x9) == 0x6); /* clear, then toggle */
  TEST_CHECK(mps_telemetry_get() == 0xD);
  a = mps_telemetry_intern("alpha");
  b = mps_telemetry_intern("beta");
  TEST_CHECK(a != b);
  mps_telemetry_label(&a, a);
  mps_telemetry_flush();
  mps_telemetry_reset(~(mps_word_t)0);
  mps_telemetry_set(old);
}

int main(void) {
  testlib_init("interface");
  test_result_codes();
  test_ranks();
  test_used_keys_are_removed();
  test_args_macros();
  test_keyword_misuse();
  test_reserve_commit_function_forms();
  TEST_EXPECT_ASSERTION(double_reserve, NULL, "reserve without commit");
  test_frames_and_patterns();
  test_sac_forms();
  TEST_EXPECT_ASSERTION(sac_on_mvt, NULL, "does not support allocation caches");
  TEST_EXPECT_ASSERTION(destroy_pool_with_sac, NULL, "segregated allocation caches");
  test_booleans_and_out_parameters();
  test_varargs_forms();
  test_telemetry_filter();
  return testlib_pass();
}
