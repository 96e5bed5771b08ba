/* macro_shapes.c: layouts, constants and inline macros of mps.h
 *
 * Checks, without the MPS library, that the public structures have the
 * documented layout, that the constants have the documented values, and
 * that the in-line macros (reserve/commit, scanning, allocation caches)
 * behave as documented.  The macros' slow paths call library functions;
 * this program defines stand-ins for those few functions so that it
 * links on its own and can see when a slow path is taken.
 *
 * Written in the common subset of C99 and C++ so that it is also built
 * as C++ (the macros must expand cleanly in both).  Exits non-zero on
 * the first failure.
 */

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "mps.h"
#include "mpstd.h"


/* Compile-time checks */

#define STATIC_CHECK(name, cond) typedef char static_check_##name[(cond) ? 1 : -1]

#define WORD sizeof(mps_word_t)
#define PTR sizeof(void *)

STATIC_CHECK(word_is_pointer_sized, sizeof(mps_word_t) == sizeof(void *));
STATIC_CHECK(word_width, sizeof(mps_word_t) * CHAR_BIT == MPS_WORD_WIDTH);
STATIC_CHECK(word_shift, (1 << MPS_WORD_SHIFT) == MPS_WORD_WIDTH);
STATIC_CHECK(pf_align_pow2, (MPS_PF_ALIGN & (MPS_PF_ALIGN - 1)) == 0);
STATIC_CHECK(pf_align_min, MPS_PF_ALIGN >= sizeof(void *));

STATIC_CHECK(ap_init, offsetof(mps_ap_s, init) == 0);
STATIC_CHECK(ap_alloc, offsetof(mps_ap_s, alloc) == PTR);
STATIC_CHECK(ap_limit, offsetof(mps_ap_s, limit) == 2 * PTR);
STATIC_CHECK(ap_size, sizeof(mps_ap_s) == 3 * PTR);

STATIC_CHECK(ss_zs, offsetof(mps_ss_s, _zs) == 0);
STATIC_CHECK(ss_w, offsetof(mps_ss_s, _w) == WORD);
STATIC_CHECK(ss_ufs, offsetof(mps_ss_s, _ufs) == 2 * WORD);
STATIC_CHECK(ss_size, sizeof(mps_ss_s) == 3 * WORD);

STATIC_CHECK(ld_epoch, offsetof(mps_ld_s, _epoch) == 0);
STATIC_CHECK(ld_rs, offsetof(mps_ld_s, _rs) == WORD);
STATIC_CHECK(ld_size, sizeof(mps_ld_s) == 2 * WORD);

STATIC_CHECK(arg_key, offsetof(mps_arg_s, key) == 0);
STATIC_CHECK(arg_val, offsetof(mps_arg_s, val) == sizeof(mps_key_t));

STATIC_CHECK(tag_mask, offsetof(mps_scan_tag_s, mask) == 0);
STATIC_CHECK(tag_pattern, offsetof(mps_scan_tag_s, pattern) == WORD);

STATIC_CHECK(gen_capacity, offsetof(mps_gen_param_s, mps_capacity) == 0);
STATIC_CHECK(gen_mortality,
             offsetof(mps_gen_param_s, mps_mortality) >= sizeof(size_t));

STATIC_CHECK(debug_fence, offsetof(mps_pool_debug_option_s, fence_template) == 0);
STATIC_CHECK(debug_fence_size,
             offsetof(mps_pool_debug_option_s, fence_size) == PTR);
STATIC_CHECK(debug_free,
             offsetof(mps_pool_debug_option_s, free_template) == 2 * PTR);
STATIC_CHECK(debug_free_size,
             offsetof(mps_pool_debug_option_s, free_size) == 3 * PTR);

STATIC_CHECK(sac_class_block, offsetof(mps_sac_class_s, mps_block_size) == 0);
STATIC_CHECK(sac_class_count,
             offsetof(mps_sac_class_s, mps_cached_count) == sizeof(size_t));
STATIC_CHECK(sac_class_freq,
             offsetof(mps_sac_class_s, mps_frequency) == 2 * sizeof(size_t));
STATIC_CHECK(sac_fl_size, offsetof(_mps_sac_freelist_block_s, _size) == 0);
STATIC_CHECK(sac_fl_count,
             offsetof(_mps_sac_freelist_block_s, _count) == sizeof(size_t));
STATIC_CHECK(sac_fl_count_max,
             offsetof(_mps_sac_freelist_block_s, _count_max) == 2 * sizeof(size_t));
STATIC_CHECK(sac_fl_blocks,
             offsetof(_mps_sac_freelist_block_s, _blocks) == 3 * sizeof(size_t));
STATIC_CHECK(sac_middle, offsetof(_mps_sac_s, _middle) == 0);
STATIC_CHECK(sac_trapped, offsetof(_mps_sac_s, _trapped) == sizeof(size_t));
STATIC_CHECK(sac_freelists,
             sizeof(((_mps_sac_s *)0)->_freelists)
             == 2 * MPS_SAC_CLASS_LIMIT * sizeof(_mps_sac_freelist_block_s));
STATIC_CHECK(sac_class_limit, MPS_SAC_CLASS_LIMIT == 8);

STATIC_CHECK(fmt_A_order, offsetof(mps_fmt_A_s, align) == 0
             && offsetof(mps_fmt_A_s, scan) < offsetof(mps_fmt_A_s, skip)
             && offsetof(mps_fmt_A_s, skip) < offsetof(mps_fmt_A_s, copy)
             && offsetof(mps_fmt_A_s, copy) < offsetof(mps_fmt_A_s, fwd)
             && offsetof(mps_fmt_A_s, fwd) < offsetof(mps_fmt_A_s, isfwd)
             && offsetof(mps_fmt_A_s, isfwd) < offsetof(mps_fmt_A_s, pad));
STATIC_CHECK(fmt_B_class, offsetof(mps_fmt_B_s, mps_class)
             > offsetof(mps_fmt_B_s, pad));
STATIC_CHECK(fmt_ah_header, offsetof(mps_fmt_auto_header_s, mps_headerSize)
             > offsetof(mps_fmt_auto_header_s, pad));
STATIC_CHECK(fmt_fixed_order, offsetof(mps_fmt_fixed_s, scan)
             < offsetof(mps_fmt_fixed_s, fwd));

STATIC_CHECK(res_ok, MPS_RES_OK == 0);
STATIC_CHECK(res_fail, MPS_RES_FAIL == 1);
STATIC_CHECK(res_resource, MPS_RES_RESOURCE == 2);
STATIC_CHECK(res_memory, MPS_RES_MEMORY == 3);
STATIC_CHECK(res_limit, MPS_RES_LIMIT == 4);
STATIC_CHECK(res_unimpl, MPS_RES_UNIMPL == 5);
STATIC_CHECK(res_io, MPS_RES_IO == 6);
STATIC_CHECK(res_commit_limit, MPS_RES_COMMIT_LIMIT == 7);
STATIC_CHECK(res_param, MPS_RES_PARAM == 8);

STATIC_CHECK(rm_const, MPS_RM_CONST == 1);
STATIC_CHECK(rm_prot, MPS_RM_PROT == 2);
STATIC_CHECK(rm_prot_inner, MPS_RM_PROT_INNER == 2);

STATIC_CHECK(msg_final, mps_message_type_finalization() == 0);
STATIC_CHECK(msg_gc, mps_message_type_gc() == 1);
STATIC_CHECK(msg_gc_start, mps_message_type_gc_start() == 2);

STATIC_CHECK(args_max, MPS_ARGS_MAX == 32);


/* Run-time checks */

static int failures = 0;

#define CHECK(cond) \
  MPS_BEGIN \
    if (!(cond)) { \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
              #cond); \
      ++failures; \
    } \
  MPS_END


/* Stand-ins for the library functions the macros call on their slow
 * paths.  They record that they were called. */

static int fill_calls = 0, trip_calls = 0, fix2_calls = 0;
static int sac_fill_calls = 0, sac_empty_calls = 0;
static mps_res_t fill_result = MPS_RES_MEMORY;
static mps_bool_t trip_result = 0;
static mps_addr_t fix2_new = NULL;
static size_t sac_size_seen = 0;
static char sac_fill_block[64];

mps_res_t mps_ap_fill(mps_addr_t *p_o, mps_ap_t ap, size_t size)
{
  (void)p_o; (void)ap; (void)size;
  ++fill_calls;
  return fill_result;
}

mps_bool_t mps_ap_trip(mps_ap_t ap, mps_addr_t p, size_t size)
{
  (void)size;
  ++trip_calls;
  if (!trip_result) {
    ap->init = p;
    ap->alloc = p;
  }
  return trip_result;
}

mps_res_t _mps_fix2(mps_ss_t ss, mps_addr_t *ref_io)
{
  (void)ss;
  ++fix2_calls;
  if (fix2_new != NULL)
    *ref_io = fix2_new;
  return MPS_RES_OK;
}

mps_res_t mps_sac_fill(mps_addr_t *p_o, mps_sac_t sac, size_t size,
                       mps_bool_t unused)
{
  (void)sac; (void)unused;
  ++sac_fill_calls;
  sac_size_seen = size;
  *p_o = sac_fill_block;
  return MPS_RES_OK;
}

void mps_sac_empty(mps_sac_t sac, mps_addr_t p, size_t size)
{
  (void)sac; (void)p;
  ++sac_empty_calls;
  sac_size_seen = size;
}


static void check_platform(void)
{
  CHECK(strlen(MPS_PF_STRING) == 6);
}


/* mps_reserve, mps_commit, MPS_RESERVE_BLOCK on a fake allocation point
 * over a local buffer. */
static void check_reserve_commit(void)
{
  static mps_word_t buffer[64];
  char *base = (char *)buffer;
  mps_ap_s ap_s;
  mps_ap_t ap = &ap_s;
  mps_addr_t p = NULL;
  mps_res_t res;
  mps_bool_t committed;

  ap->init = base;
  ap->alloc = base;
  ap->limit = base + sizeof buffer;

  /* Fast path: hands out the old init, bumps alloc, no call. */
  res = mps_reserve(&p, ap, 16);
  CHECK(res == MPS_RES_OK);
  CHECK(p == (mps_addr_t)base);
  CHECK(ap->alloc == (mps_addr_t)(base + 16));
  CHECK(ap->init == (mps_addr_t)base);
  CHECK(fill_calls == 0);

  committed = mps_commit(ap, p, 16);
  CHECK(committed == 1);
  CHECK(ap->init == (mps_addr_t)(base + 16));
  CHECK(trip_calls == 0);

  /* Blocks are contiguous. */
  res = mps_reserve(&p, ap, 32);
  CHECK(res == MPS_RES_OK);
  CHECK(p == (mps_addr_t)(base + 16));
  CHECK(mps_commit(ap, p, 32));

  /* Exactly filling the buffer is still the fast path. */
  res = mps_reserve(&p, ap, sizeof buffer - 48);
  CHECK(res == MPS_RES_OK);
  CHECK(ap->alloc == ap->limit);
  CHECK(mps_commit(ap, p, sizeof buffer - 48));
  CHECK(fill_calls == 0);

  /* Past the limit: slow path, whose result is passed on. */
  res = mps_reserve(&p, ap, 16);
  CHECK(res == MPS_RES_MEMORY);
  CHECK(fill_calls == 1);

  /* Size zero never takes the fast path. */
  ap->init = base;
  ap->alloc = base;
  res = mps_reserve(&p, ap, 0);
  CHECK(res == MPS_RES_MEMORY);
  CHECK(fill_calls == 2);

  /* A trapped allocation point (limit 0) sends reserve to fill and
   * commit to trip, whose answer is passed on. */
  ap->limit = NULL;
  res = mps_reserve(&p, ap, 16);
  CHECK(fill_calls == 3);
  ap->alloc = base + 16;
  p = base;
  committed = mps_commit(ap, p, 16);
  CHECK(committed == 0);
  CHECK(trip_calls == 1);
  trip_result = 1;
  ap->alloc = base + 16;
  CHECK(mps_commit(ap, p, 16) == 1);
  CHECK(trip_calls == 2);

  /* Statement form. */
  ap->init = base;
  ap->alloc = base;
  ap->limit = base + sizeof buffer;
  p = NULL;
  res = MPS_RES_FAIL;
  MPS_RESERVE_BLOCK(res, p, ap, 24);
  CHECK(res == MPS_RES_OK);
  CHECK(p == (mps_addr_t)base);
  CHECK(ap->alloc == (mps_addr_t)(base + 24));
  CHECK(mps_commit(ap, p, 24));
  MPS_RESERVE_BLOCK(res, p, ap, sizeof buffer);
  CHECK(res == MPS_RES_MEMORY);
  CHECK(fill_calls == 4);
  (void)res;
}


/* Scanning macros.  Fake references are plain numbers: nothing here
 * dereferences them. */

#define ZONE_SHIFT 20
#define ADDR_IN_ZONE(z) ((mps_addr_t)(((mps_word_t)(z) << ZONE_SHIFT) + 8))
#define ZONE_BIT(z) ((mps_word_t)1 << (z))

static mps_res_t scan_refs(mps_ss_t ss, mps_addr_t *base, size_t count)
{
  size_t i;
  MPS_SCAN_BEGIN(ss) {
    for (i = 0; i < count; ++i) {
      mps_res_t res = MPS_FIX12(ss, &base[i]);
      if (res != MPS_RES_OK)
        return res;
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

/* The long-hand protocol, with a tagged word. */
static mps_res_t scan_tagged(mps_ss_t ss, mps_word_t *word)
{
  MPS_SCAN_BEGIN(ss) {
    mps_word_t w = *word;
    if ((w & 1) == 1 && MPS_FIX1(ss, w)) {
      mps_addr_t ref = (mps_addr_t)(w - 1);
      mps_res_t res = MPS_FIX2(ss, &ref);
      if (res != MPS_RES_OK)
        return res;
      *word = (mps_word_t)ref + 1;
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

/* Delegates to scan_refs. */
static mps_res_t scan_outer(mps_ss_t ss, mps_addr_t *base, size_t count)
{
  mps_res_t res = MPS_RES_OK;
  MPS_SCAN_BEGIN(ss) {
    MPS_FIX_CALL(ss, res = scan_refs(ss, base, count));
    if (res != MPS_RES_OK)
      return res;
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

static void check_scanning(void)
{
  mps_ss_s ss_s;
  mps_ss_t ss = &ss_s;
  mps_addr_t refs[4];
  mps_word_t word;
  mps_res_t res;

  ss->_zs = ZONE_SHIFT;
  ss->_w = ZONE_BIT(3) | ZONE_BIT(5);
  ss->_ufs = ZONE_BIT(1);

  refs[0] = ADDR_IN_ZONE(2);
  refs[1] = ADDR_IN_ZONE(3);
  refs[2] = ADDR_IN_ZONE(MPS_WORD_WIDTH + 5); /* zones wrap around */
  refs[3] = ADDR_IN_ZONE(7);
  fix2_new = ADDR_IN_ZONE(9);

  res = scan_refs(ss, refs, 4);
  CHECK(res == MPS_RES_OK);
  CHECK(fix2_calls == 2);                /* only the white ones */
  CHECK(refs[0] == ADDR_IN_ZONE(2));
  CHECK(refs[1] == ADDR_IN_ZONE(9));
  CHECK(refs[2] == ADDR_IN_ZONE(9));
  CHECK(refs[3] == ADDR_IN_ZONE(7));
  /* Summary: what it was, plus the zone of every reference tested. */
  CHECK(ss->_ufs == (ZONE_BIT(1) | ZONE_BIT(2) | ZONE_BIT(3) | ZONE_BIT(5)
                     | ZONE_BIT(7)));

  /* MPS_FIX1 on a word, and the tag handling around MPS_FIX2. */
  ss->_ufs = 0;
  word = (mps_word_t)ADDR_IN_ZONE(3) + 1;
  fix2_new = ADDR_IN_ZONE(5);
  res = scan_tagged(ss, &word);
  CHECK(res == MPS_RES_OK);
  CHECK(fix2_calls == 3);
  CHECK(word == (mps_word_t)ADDR_IN_ZONE(5) + 1);
  CHECK(ss->_ufs == ZONE_BIT(3));

  /* MPS_FIX_CALL merges the callee's summary into the caller's. */
  ss->_ufs = 0;
  refs[0] = ADDR_IN_ZONE(11);
  refs[1] = ADDR_IN_ZONE(12);
  res = scan_outer(ss, refs, 2);
  CHECK(res == MPS_RES_OK);
  CHECK(fix2_calls == 3);
  CHECK(ss->_ufs == (ZONE_BIT(11) | ZONE_BIT(12)));

  /* An all-ones white set sends every reference to MPS_FIX2. */
  ss->_w = ~(mps_word_t)0;
  fix2_new = NULL;
  res = scan_refs(ss, refs, 2);
  CHECK(res == MPS_RES_OK);
  CHECK(fix2_calls == 5);
}


/* Allocation cache macros on a hand-built cache with classes of 16, 32,
 * 64 and 128 bytes, middle class 32:
 *   slot 0: 64, slot 2: 128, slot 4: sentinel (SIZE_MAX);
 *   slot 1: 32 (next smaller 16), slot 3: 16 (next smaller none, 0). */
static void check_sac(void)
{
  static mps_addr_t blocks[4][16];
  _mps_sac_s sac_s;
  mps_sac_t sac = &sac_s;
  mps_addr_t p = NULL;
  mps_res_t res;
  size_t i;

  memset(&sac_s, 0, sizeof sac_s);
  sac->_middle = 32;
  sac->_trapped = 0;
  sac->_freelists[0]._size = 64;
  sac->_freelists[0]._count_max = 1;
  sac->_freelists[2]._size = 128;
  sac->_freelists[2]._count_max = 1;
  sac->_freelists[4]._size = (size_t)-1;
  sac->_freelists[1]._size = 16;
  sac->_freelists[1]._count_max = 2;
  sac->_freelists[3]._size = 0;
  sac->_freelists[3]._count_max = 1;

  /* Freeing puts blocks on the right lists until they are full. */
  MPS_SAC_FREE_FAST(sac, (mps_addr_t)blocks[0], 20);  /* 32 class */
  CHECK(sac->_freelists[1]._count == 1);
  CHECK(sac->_freelists[1]._blocks == (mps_addr_t)blocks[0]);
  MPS_SAC_FREE_FAST(sac, (mps_addr_t)blocks[1], 32);  /* 32 class */
  CHECK(sac->_freelists[1]._count == 2);
  CHECK(sac->_freelists[1]._blocks == (mps_addr_t)blocks[1]);
  CHECK(blocks[1][0] == (mps_addr_t)blocks[0]);
  MPS_SAC_FREE_FAST(sac, (mps_addr_t)blocks[2], 17); /* 32 class: full */
  CHECK(sac_empty_calls == 1);
  CHECK(sac_size_seen == 17);
  MPS_SAC_FREE(sac, (mps_addr_t)blocks[2], 10);       /* 16 class */
  CHECK(sac->_freelists[3]._count == 1);
  MPS_SAC_FREE_FAST(sac, (mps_addr_t)blocks[3], 100); /* 128 class */
  CHECK(sac->_freelists[2]._count == 1);
  MPS_SAC_FREE_FAST(sac, (mps_addr_t)blocks[3], 1000); /* oversize */
  CHECK(sac_empty_calls == 2);
  CHECK(sac->_freelists[4]._count == 0);

  /* Allocation pops them again, last in first out. */
  MPS_SAC_ALLOC_FAST(res, p, sac, 24, 0);
  CHECK(res == MPS_RES_OK);
  CHECK(p == (mps_addr_t)blocks[1]);
  CHECK(sac->_freelists[1]._count == 1);
  CHECK(sac->_freelists[1]._blocks == (mps_addr_t)blocks[0]);
  MPS_SAC_ALLOC(res, p, sac, 8, 0);
  CHECK(res == MPS_RES_OK);
  CHECK(p == (mps_addr_t)blocks[2]);
  CHECK(sac->_freelists[3]._count == 0);
  MPS_SAC_ALLOC_FAST(res, p, sac, 128, 0);
  CHECK(p == (mps_addr_t)blocks[3]);
  CHECK(sac_fill_calls == 0);

  /* Empty lists and oversize requests go to mps_sac_fill. */
  MPS_SAC_ALLOC_FAST(res, p, sac, 16, 0);
  CHECK(sac_fill_calls == 1);
  CHECK(p == (mps_addr_t)sac_fill_block);
  CHECK(sac_size_seen == 16);
  MPS_SAC_ALLOC_FAST(res, p, sac, 4096, 0);
  CHECK(res == MPS_RES_OK);
  CHECK(sac_fill_calls == 2);
  CHECK(sac_size_seen == 4096);

  for (i = 5; i < 2 * MPS_SAC_CLASS_LIMIT; ++i)
    CHECK(sac->_freelists[i]._count == 0);
}


static void check_messages(void)
{
  mps_message_type_t types[3];
  int i;
  types[0] = mps_message_type_finalization();
  types[1] = mps_message_type_gc();
  types[2] = mps_message_type_gc_start();
  for (i = 0; i < 3; ++i) {
    switch (types[i]) {
    case mps_message_type_finalization(): CHECK(i == 0); break;
    case mps_message_type_gc(): CHECK(i == 1); break;
    case mps_message_type_gc_start(): CHECK(i == 2); break;
    default: CHECK(0); break;
    }
  }
}


int main(void)
{
  check_platform();
  check_reserve_commit();
  check_scanning();
  check_sac();
  check_messages();
  if (failures != 0) {
    fprintf(stderr, "macro_shapes: %d check(s) failed\n", failures);
    return 1;
  }
  printf("macro_shapes: all checks passed (%s)\n", MPS_PF_STRING);
  return 0;
}
