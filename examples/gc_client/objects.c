/* objects.c -- the object format of the gc_client example: the five
 * methods through which the collector reads, moves and fills the heap.
 *
 * These functions are called by the MPS in the middle of a collection.
 * They must be quick, must not call the MPS (apart from the scanning
 * macros), must not allocate, lock, print or otherwise call into the C
 * library, and must touch nothing but the object they are given.  They may
 * run in a signal handler, and in any thread that is registered with the
 * arena. */
#include <stdlib.h>

#include "objects.h"

/* The size of any object in the heap, including forwarding and padding
 * objects. */
static size_t obj_size(mps_addr_t addr) {
  switch (*(mps_word_t *)addr) {
    case TYPE_PAIR: return sizeof(pair_s);
    case TYPE_STRING: return string_size(((string_s *)addr)->length);
    case TYPE_FWD: return ((fwd_s *)addr)->size;
    case TYPE_PAD1: return sizeof(pad1_s);
    case TYPE_PAD: return ((pad_s *)addr)->size;
    default: abort(); /* a corrupt heap (abort is async-signal-safe) */
  }
}

/* skip: the address just past the object at addr. */
static mps_addr_t obj_skip(mps_addr_t addr) {
  return (char *)addr + obj_size(addr);
}

/* Fixes one value held in an object.  Only references are shown to the
 * MPS; integers and NIL are not.  MPS_FIX1 is the cheap inline test ("might
 * this point into the part of the heap being collected?"); MPS_FIX2 does
 * the work and may change the reference, because its target moved. */
#define FIX_VALUE(ss, field) \
  do { \
    mps_addr_t ref_ = (mps_addr_t)(field); \
    if (is_ref(field) && MPS_FIX1(ss, ref_)) { \
      mps_res_t res_ = MPS_FIX2(ss, &ref_); \
      if (res_ != MPS_RES_OK) return res_; \
      (field) = (value_t)ref_; \
    } \
  } while (0)

/* scan: fix every reference in every object in [base, limit).  The range
 * may contain forwarding and padding objects; they hold no references.
 * Strings live in an AMCZ pool, which is never scanned, but scan must
 * still step over them correctly should they ever appear. */
static mps_res_t obj_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  MPS_SCAN_BEGIN(ss) {
    char *p = base;
    while (p < (char *)limit) {
      if (*(mps_word_t *)p == TYPE_PAIR) {
        pair_s *pair = (pair_s *)p;
        FIX_VALUE(ss, pair->car);
        FIX_VALUE(ss, pair->cdr);
      }
      p = obj_skip(p);
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

/* fwd: the object at old has been copied to new_; leave behind a
 * forwarding object of the same size.  The size is read before anything
 * is overwritten (a string's length shares a word with "to"). */
static void obj_fwd(mps_addr_t old, mps_addr_t new_) {
  size_t size = obj_size(old);
  fwd_s *fwd = old;
  fwd->type = TYPE_FWD;
  fwd->to = new_;
  fwd->size = size;
}

/* isfwd: if addr is a forwarding object, exactly the address given to fwd;
 * otherwise NULL. */
static mps_addr_t obj_isfwd(mps_addr_t addr) {
  fwd_s *fwd = addr;
  return fwd->type == TYPE_FWD ? fwd->to : NULL;
}

/* pad: make a padding object of exactly size bytes at addr.  size is a
 * multiple of OBJ_ALIGN and may be a single word, or very large. */
static void obj_pad(mps_addr_t addr, size_t size) {
  if (size == sizeof(pad1_s)) {
    ((pad1_s *)addr)->type = TYPE_PAD1;
  } else {
    pad_s *pad = addr;
    pad->type = TYPE_PAD;
    pad->size = size;
  }
}

mps_res_t objects_format_create(mps_fmt_t *fmt_o, mps_arena_t arena) {
  mps_res_t res;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, OBJ_ALIGN);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, obj_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, obj_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, obj_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, obj_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, obj_pad);
    res = mps_fmt_create_k(fmt_o, arena, args);
  } MPS_ARGS_END(args);
  return res;
}
