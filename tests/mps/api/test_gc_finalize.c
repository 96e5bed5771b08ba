/* test_gc_finalize.c -- finalization against the real collector
 * (mps-interface.md 13; 20, items 21-23), through the public interface only.
 *
 * Objects live in an AMC pool (they move at every full collection); roots
 * are exact tables.  Each registered object owns a child object it refers
 * to, so "still valid" can be checked through a reference.  Pins: every
 * registered object that dies gets exactly one message, none while it is
 * reachable; a message keeps its block alive and current until discarded;
 * a block resurrected from its message stays valid across further
 * collections and dies normally afterwards; n registrations give at most n
 * messages; definalize removes one registration and fails with none; with
 * the type disabled registrations are consumed silently.
 */
#include <stdio.h>
#include <string.h>

#include "mps.h"
#include "mpscmvff.h"
#include "testfmt.h"
#include "testlib.h"

/* --- The world ----------------------------------------------------------------- */

#define OBJECTS 400
#define CHILD_KEY(key) ((key) + 1000000)

static testfmt_world world; /* arena, format, AMC pool (default chain), ap */
static mps_arena_t arena;    /* world.arena */
static mps_ap_t ap;          /* world.ap */

static obj_s *objects[OBJECTS];     /* exact root */
static obj_s *resurrected[OBJECTS]; /* exact root: refs taken from messages */
static mps_root_t objects_root, resurrected_root;
static unsigned messages_for[OBJECTS]; /* finalization messages seen per key */

/* objects[i] := a new object with key i and a child.  The child is held in
 * objects[i] itself (as its only ref) while the parent is allocated, so a
 * collection between the two allocations keeps it. */
static void make_object(size_t i) {
  objects[i] = testfmt_alloc(ap, CHILD_KEY(i), NULL);
  objects[i] = testfmt_alloc(ap, i, objects[i]);
}

static int object_valid(const obj_s *obj, mps_word_t key) {
  return obj != NULL && (obj->header & TYPE_MASK) == TYPE_OBJ && obj->key == key && obj->ref != NULL &&
         (obj->ref->header & TYPE_MASK) == TYPE_OBJ && obj->ref->key == CHILD_KEY(key);
}

static void setup(void) {
  testfmt_world_create(&world, 0, NULL);
  arena = world.arena;
  ap = world.ap;
  TEST_CHECK_RES(mps_root_create_table(&objects_root, arena, mps_rank_exact(), 0, (mps_addr_t *)objects, OBJECTS),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_table(&resurrected_root, arena, mps_rank_exact(), 0, (mps_addr_t *)resurrected,
                                       OBJECTS),
                 MPS_RES_OK);
  mps_message_type_enable(arena, mps_message_type_finalization());
}

static void teardown(void) {
  mps_message_t message;
  mps_arena_park(arena);
  while (mps_message_get(&message, arena, mps_message_type_finalization())) mps_message_discard(arena, message);
  mps_root_destroy(resurrected_root);
  mps_root_destroy(objects_root);
  testfmt_world_destroy(&world);
}

/* Takes every queued finalization message: counts it by key, checks the
 * block is valid, and (if `resurrect`) stores the reference in the
 * resurrected root, straight from mps_message_finalization_ref. */
static size_t take_messages(int resurrect) {
  mps_message_t message;
  size_t taken = 0;
  while (mps_message_get(&message, arena, mps_message_type_finalization())) {
    mps_addr_t ref;
    obj_s *obj;
    TEST_CHECK(mps_message_type(arena, message) == mps_message_type_finalization());
    TEST_CHECK(mps_message_clock(arena, message) == 0);
    mps_message_finalization_ref(&ref, arena, message);
    obj = ref;
    TEST_CHECK(obj->key < OBJECTS);
    TEST_CHECK(object_valid(obj, obj->key));
    ++messages_for[obj->key];
    if (resurrect) mps_message_finalization_ref((mps_addr_t *)&resurrected[obj->key], arena, message);
    mps_message_discard(arena, message);
    ++taken;
  }
  return taken;
}

static void collect_and_take(int resurrect, size_t times) {
  size_t i;
  for (i = 0; i < times; ++i) {
    TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
    (void)take_messages(resurrect);
  }
}

/* --- Scenarios ------------------------------------------------------------------ */

static void test_each_dead_object_gets_one_message(void) {
  size_t i;
  memset(messages_for, 0, sizeof messages_for);
  for (i = 0; i < OBJECTS; ++i) {
    make_object(i);
    TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&objects[i]), MPS_RES_OK);
  }
  /* Reachable: no messages, however many collections. */
  collect_and_take(0, 2);
  for (i = 0; i < OBJECTS; ++i) TEST_CHECK(messages_for[i] == 0 && object_valid(objects[i], i));
  /* Drop a random half; only those are finalized. */
  for (i = 0; i < OBJECTS; ++i) {
    if (testlib_random_below(2) == 0) objects[i] = NULL;
  }
  collect_and_take(0, 3);
  for (i = 0; i < OBJECTS; ++i) {
    TEST_CHECK(messages_for[i] == (objects[i] == NULL ? 1u : 0u));
    if (objects[i] != NULL) TEST_CHECK(object_valid(objects[i], i));
  }
  /* Drop the rest: now each has exactly one. */
  memset(objects, 0, sizeof objects);
  collect_and_take(0, 3);
  for (i = 0; i < OBJECTS; ++i) TEST_CHECK(messages_for[i] == 1);
}

static void test_message_keeps_block_until_discard(void) {
  mps_message_t message;
  mps_addr_t ref, first;
  size_t i;
  int moved = 0;
  make_object(7);
  TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&objects[7]), MPS_RES_OK);
  objects[7] = NULL;
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_poll(arena) == 1);
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_finalization()) == 1);
  mps_message_finalization_ref(&first, arena, message);
  /* Held only by the retrieved message: survives, moves, stays valid. */
  for (i = 0; i < 4; ++i) {
    TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
    mps_message_finalization_ref(&ref, arena, message);
    TEST_CHECK(object_valid(ref, 7));
    moved |= ref != first;
  }
  TEST_CHECK(moved); /* it was moved, and the message followed it */
  TEST_CHECK(mps_message_poll(arena) == 0); /* and it was not finalized again */
  mps_message_discard(arena, message);
  collect_and_take(0, 2);
}

static void test_resurrection(void) {
  size_t i, count = 50;
  memset(messages_for, 0, sizeof messages_for);
  for (i = 0; i < count; ++i) {
    make_object(i);
    TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&objects[i]), MPS_RES_OK);
    objects[i] = NULL;
  }
  collect_and_take(1, 2);
  for (i = 0; i < count; ++i) TEST_CHECK(messages_for[i] == 1 && resurrected[i] != NULL);
  /* Reachable again: valid across collections, never finalized again. */
  collect_and_take(0, 4);
  for (i = 0; i < count; ++i) {
    TEST_CHECK(object_valid(resurrected[i], i));
    TEST_CHECK(messages_for[i] == 1);
  }
  /* Registered again, then dropped: a second message each. */
  for (i = 0; i < count; ++i) {
    TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&resurrected[i]), MPS_RES_OK);
    resurrected[i] = NULL;
  }
  collect_and_take(0, 2);
  for (i = 0; i < count; ++i) TEST_CHECK(messages_for[i] == 2);
}

static void test_registrations_count(void) {
  memset(messages_for, 0, sizeof messages_for);
  make_object(1);
  make_object(2);
  make_object(3);
  TEST_CHECK_RES(mps_definalize(arena, (mps_addr_t *)&objects[1]), MPS_RES_FAIL);
  TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&objects[1]), MPS_RES_OK);
  TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&objects[1]), MPS_RES_OK);
  TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&objects[2]), MPS_RES_OK);
  TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&objects[3]), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK); /* moves them: registrations follow */
  TEST_CHECK_RES(mps_definalize(arena, (mps_addr_t *)&objects[2]), MPS_RES_OK);
  TEST_CHECK_RES(mps_definalize(arena, (mps_addr_t *)&objects[2]), MPS_RES_FAIL);
  objects[1] = objects[2] = objects[3] = NULL;
  /* Block 1, registered twice, may be finalized twice (not necessarily at
   * once); block 2 never; block 3 once. */
  collect_and_take(0, 6);
  TEST_CHECK(messages_for[1] == 2);
  TEST_CHECK(messages_for[2] == 0);
  TEST_CHECK(messages_for[3] == 1);
}

static void test_disabled_type_consumes_registrations(void) {
  memset(messages_for, 0, sizeof messages_for);
  mps_message_type_disable(arena, mps_message_type_finalization());
  make_object(5);
  TEST_CHECK_RES(mps_finalize(arena, (mps_addr_t *)&objects[5]), MPS_RES_OK);
  objects[5] = NULL;
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_poll(arena) == 0);
  mps_message_type_enable(arena, mps_message_type_finalization());
  collect_and_take(0, 3);
  TEST_CHECK(messages_for[5] == 0); /* the registration was used up */
}

/* --- Misuse ----------------------------------------------------------------------- */

static void call_finalize_manual(void *closure) {
  mps_pool_t mvff;
  mps_addr_t p;
  (void)closure;
  TEST_CHECK_RES(mps_pool_create_k(&mvff, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&p, mvff, 64), MPS_RES_OK);
  (void)mps_finalize(arena, &p);
}
static void call_finalize_null(void *closure) {
  (void)closure;
  (void)mps_finalize(arena, NULL);
}

int main(void) {
  testlib_init("gc_finalize");
  setup();
  test_each_dead_object_gets_one_message();
  test_message_keeps_block_until_discard();
  test_resurrection();
  test_registrations_count();
  test_disabled_type_consumes_registrations();
  TEST_EXPECT_ASSERTION(call_finalize_manual, NULL, "mps_finalize: block is not in an automatically managed pool");
  TEST_EXPECT_ASSERTION(call_finalize_null, NULL, "mps_finalize: ref_p is NULL");
  teardown();
  return testlib_pass();
}
