/* testfmt.h -- a minimal object format, and an AMC pool to use it, for the
 * collector API tests (test_gc_ld.c, test_gc_messages.c, test_gc_finalize.c).
 *
 * Every object is an obj_s: a header word (size | type), one exact
 * reference, a key and a spare word.  Forwarding objects keep the size and
 * hold the new address in `ref`; padding objects are just a header.
 * Written against the public headers only.
 */
#ifndef TESTFMT_H
#define TESTFMT_H

#include <stddef.h>

#include "mps.h"

enum { TYPE_OBJ = 0, TYPE_FWD = 1, TYPE_PAD = 2, TYPE_MASK = 7 };

typedef struct obj_s {
  mps_word_t header; /* size | type */
  struct obj_s *ref; /* an exact reference */
  mps_word_t key;    /* the object's identity, for checking */
  mps_word_t spare;
} obj_s;

/* Creates the format (scan, skip, fwd, isfwd, pad; word alignment) in
 * `arena`; returns mps_fmt_create_k's result. */
mps_res_t testfmt_fmt_create(mps_fmt_t *fmt_o, mps_arena_t arena);

/* A VM arena with the format, an AMC pool of it and an allocation point.
 * The chain is made from `gens` (gen_count generations), or is the pool's
 * default when gen_count is 0 (chain is then NULL). */
typedef struct testfmt_world {
  mps_arena_t arena;
  mps_fmt_t fmt;
  mps_chain_t chain;
  mps_pool_t pool;
  mps_ap_t ap;
} testfmt_world;

/* Creates all of it, failing the test if any creation fails. */
void testfmt_world_create(testfmt_world *world, size_t gen_count, mps_gen_param_s *gens);
/* Destroys the allocation point, pool, chain, format and arena.  Park the
 * arena and destroy the test's own roots first. */
void testfmt_world_destroy(testfmt_world *world);

/* Allocates an object (reserve/commit, retried until the commit succeeds)
 * with the given key and reference, spare 0; fails the test if the reserve
 * fails. */
obj_s *testfmt_alloc(mps_ap_t ap, mps_word_t key, obj_s *ref);

/* Allocates `count` unreferenced objects (key 0xdead): garbage, to fill
 * the nursery so that collections start. */
void testfmt_churn(mps_ap_t ap, size_t count);

#endif /* TESTFMT_H */
