/* test_gc_nailboard.c -- an ambiguous reference pins one object, not its
 * neighbours.
 *
 * Objects a, b and c are allocated one after another, so they share an
 * AMC segment.  Only an ambiguous root refers to a; a refers to c; b is
 * unreachable and registered for finalization.  A collection must keep a
 * and c in place (the segment is nailed) yet find b dead: its finalization
 * message arrives.  Before nailboards, the whole nailed segment was kept,
 * so b lived as long as a did.
 *
 * Then: dead neighbours of pinned objects become one padding object per
 * run, not one each (the segment stays in the nursery and is walked again
 * at every collection; a run costs one step).  Objects allocated first
 * through a fresh allocation point are adjacent, so the run's place is
 * known; the test reads the padding header the format's pad wrote there.
 *
 * Written against the public headers only.  Run again by ctest with
 * MPS_STRESS=1. */
#include "mps.h"
#include "testfmt.h"
#include "testlib.h"

static obj_s *pinned[1]; /* the ambiguous root */

enum { DEAD_RUN = 10 };

/* first (pinned) | DEAD_RUN dead objects | last (reached from first) */
static void dead_run_becomes_one_pad(void) {
  testfmt_world world;
  mps_root_t root;
  obj_s *first, *last, *dead[DEAD_RUN];
  mps_word_t header;
  int i;
  testfmt_world_create(&world, 0, NULL);
  TEST_CHECK_RES(mps_root_create_area(&root, world.arena, mps_rank_ambig(), 0, pinned, pinned + 1, mps_scan_area,
                                      NULL),
                 MPS_RES_OK);
  first = testfmt_alloc(world.ap, 1, NULL);
  for (i = 0; i < DEAD_RUN; ++i) dead[i] = testfmt_alloc(world.ap, 100 + (mps_word_t)i, NULL);
  last = testfmt_alloc(world.ap, 2, NULL);
  first->ref = last;
  for (i = 0; i < DEAD_RUN; ++i) TEST_CHECK(dead[i] == first + 1 + i); /* adjacent, in one segment */
  TEST_CHECK(last == first + 1 + DEAD_RUN);
  pinned[0] = first;
  first = last = NULL;
  for (i = 0; i < DEAD_RUN; ++i) dead[i] = NULL;

  TEST_CHECK_RES(mps_arena_collect(world.arena), MPS_RES_OK);
  /* Still parked: nothing has moved or been allocated since. */
  TEST_CHECK(pinned[0]->key == 1 && pinned[0]->ref == pinned[0] + 1 + DEAD_RUN && pinned[0]->ref->key == 2);
  header = pinned[0][1].header;
  TEST_CHECK((header & TYPE_MASK) == TYPE_PAD);
  TEST_CHECK((header & ~(mps_word_t)TYPE_MASK) == DEAD_RUN * sizeof(obj_s));

  mps_arena_park(world.arena);
  pinned[0] = NULL;
  mps_root_destroy(root);
  testfmt_world_destroy(&world);
}

int main(void) {
  testfmt_world world;
  mps_root_t root;
  obj_s *a, *b, *c, *a_before, *c_before;
  mps_addr_t b_addr;
  mps_message_t message;
  int finalized = 0, round;

  testlib_init("gc_nailboard");
  testfmt_world_create(&world, 0, NULL);
  TEST_CHECK_RES(mps_root_create_area(&root, world.arena, mps_rank_ambig(), 0, pinned, pinned + 1, mps_scan_area,
                                      NULL),
                 MPS_RES_OK);
  mps_message_type_enable(world.arena, mps_message_type_finalization());

  c = testfmt_alloc(world.ap, 3, NULL);
  b = testfmt_alloc(world.ap, 2, NULL);
  a = testfmt_alloc(world.ap, 1, c);
  pinned[0] = a;
  b_addr = b;
  TEST_CHECK_RES(mps_finalize(world.arena, &b_addr), MPS_RES_OK);
  a_before = a;
  c_before = c;
  b = c = a = NULL;

  for (round = 0; round < 3 && !finalized; ++round) {
    TEST_CHECK_RES(mps_arena_collect(world.arena), MPS_RES_OK);
    while (mps_message_get(&message, world.arena, mps_message_type_finalization())) {
      mps_addr_t ref;
      mps_message_finalization_ref(&ref, world.arena, message);
      TEST_CHECK(((obj_s *)ref)->key == 2);
      finalized = 1;
      mps_message_discard(world.arena, message);
    }
    mps_arena_release(world.arena);
  }
  TEST_CHECK(finalized);
  TEST_CHECK(pinned[0] == a_before && pinned[0]->key == 1);
  TEST_CHECK(pinned[0]->ref == c_before && pinned[0]->ref->key == 3);

  mps_arena_park(world.arena);
  mps_root_destroy(root);
  testfmt_world_destroy(&world);

  dead_run_becomes_one_pad();
  return testlib_pass();
}
