/* testfmt.c -- the minimal format and AMC world of testfmt.h. */
#include "testfmt.h"

#include "mpsavm.h"
#include "mpscamc.h"
#include "testlib.h"

static mps_res_t obj_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  MPS_SCAN_BEGIN(ss) {
    char *p = base;
    while (p < (char *)limit) {
      obj_s *obj = (obj_s *)p;
      if ((obj->header & TYPE_MASK) == TYPE_OBJ) {
        mps_addr_t ref = obj->ref;
        if (MPS_FIX1(ss, ref)) {
          mps_res_t res = MPS_FIX2(ss, &ref);
          if (res != MPS_RES_OK) return res;
          obj->ref = ref;
        }
      }
      p += obj->header & ~(mps_word_t)TYPE_MASK;
    }
  }
  MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

static mps_addr_t obj_skip(mps_addr_t addr) {
  return (char *)addr + (((obj_s *)addr)->header & ~(mps_word_t)TYPE_MASK);
}

static void obj_fwd(mps_addr_t old, mps_addr_t new_) {
  obj_s *obj = old;
  obj->header = (obj->header & ~(mps_word_t)TYPE_MASK) | TYPE_FWD;
  obj->ref = new_;
}

static mps_addr_t obj_isfwd(mps_addr_t addr) {
  obj_s *obj = addr;
  return (obj->header & TYPE_MASK) == TYPE_FWD ? (mps_addr_t)obj->ref : NULL;
}

static void obj_pad(mps_addr_t addr, size_t size) { ((obj_s *)addr)->header = size | TYPE_PAD; }

mps_res_t testfmt_fmt_create(mps_fmt_t *fmt_o, mps_arena_t arena) {
  mps_res_t res;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, sizeof(mps_word_t));
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, obj_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, obj_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, obj_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, obj_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, obj_pad);
    res = mps_fmt_create_k(fmt_o, arena, args);
  }
  MPS_ARGS_END(args);
  return res;
}

void testfmt_world_create(testfmt_world *world, size_t gen_count, mps_gen_param_s *gens) {
  world->chain = NULL;
  TEST_CHECK_RES(mps_arena_create_k(&world->arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(testfmt_fmt_create(&world->fmt, world->arena), MPS_RES_OK);
  if (gen_count > 0) TEST_CHECK_RES(mps_chain_create(&world->chain, world->arena, gen_count, gens), MPS_RES_OK);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, world->fmt);
    if (world->chain != NULL) MPS_ARGS_ADD(args, MPS_KEY_CHAIN, world->chain);
    TEST_CHECK_RES(mps_pool_create_k(&world->pool, world->arena, mps_class_amc(), args), MPS_RES_OK);
  }
  MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_ap_create_k(&world->ap, world->pool, mps_args_none), MPS_RES_OK);
}

void testfmt_world_destroy(testfmt_world *world) {
  mps_ap_destroy(world->ap);
  mps_pool_destroy(world->pool);
  if (world->chain != NULL) mps_chain_destroy(world->chain);
  mps_fmt_destroy(world->fmt);
  mps_arena_destroy(world->arena);
}

obj_s *testfmt_alloc(mps_ap_t ap, mps_word_t key, obj_s *ref) {
  mps_addr_t p;
  obj_s *obj;
  do {
    mps_res_t res;
    MPS_RESERVE_BLOCK(res, p, ap, sizeof(obj_s));
    TEST_CHECK_RES(res, MPS_RES_OK);
    obj = p;
    obj->header = sizeof(obj_s) | TYPE_OBJ;
    obj->ref = ref;
    obj->key = key;
    obj->spare = 0;
  } while (!mps_commit(ap, p, sizeof(obj_s)));
  return obj;
}

void testfmt_churn(mps_ap_t ap, size_t count) {
  size_t i;
  for (i = 0; i < count; ++i) (void)testfmt_alloc(ap, 0xdead, NULL);
}
