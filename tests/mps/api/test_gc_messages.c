/* test_gc_messages.c -- gc and gc_start messages from the real collector
 * (mps-interface.md 12; 20, item 24), through the public interface only.
 *
 * Pins: no message of a type that is not enabled; gc_start and gc come in
 * pairs, start first, with a reason and plausible sizes (condemned >=
 * live, clock of start <= clock of end); collections the arena starts by
 * itself (a small nursery) post pairs too; get takes only the requested
 * type; disabling a type purges its queued messages and keeps the rest.
 */
#include <stdio.h>
#include <string.h>

#include "mps.h"
#include "testfmt.h"
#include "testlib.h"

/* --- The world ----------------------------------------------------------------- */

#define LIVE 300

static testfmt_world world; /* arena, format, AMC pool with a two-generation chain, ap */
static mps_arena_t arena;    /* world.arena */
static mps_ap_t ap;          /* world.ap */
static obj_s *live[LIVE]; /* exact root */
static mps_root_t live_root;

static obj_s *alloc_obj(mps_word_t key) { return testfmt_alloc(ap, key, NULL); }

static void churn(size_t count) { testfmt_churn(ap, count); }

static void setup(void) {
  mps_gen_param_s gens[2] = {{64, 0.8}, {256, 0.4}};
  size_t i;
  testfmt_world_create(&world, 2, gens);
  arena = world.arena;
  ap = world.ap;
  TEST_CHECK_RES(mps_root_create_table(&live_root, arena, mps_rank_exact(), 0, (mps_addr_t *)live, LIVE),
                 MPS_RES_OK);
  for (i = 0; i < LIVE; ++i) live[i] = alloc_obj(i);
}

static void teardown(void) {
  mps_arena_park(arena);
  mps_root_destroy(live_root);
  testfmt_world_destroy(&world);
}

/* Takes every queued message, in order, checking that gc_start and gc
 * alternate starting with gc_start (when both are enabled: `pairs`) and
 * that their contents are plausible.  Returns the number of gc messages. */
static size_t take_all(int pairs) {
  mps_message_type_t type;
  mps_clock_t start_clock = 0;
  int expecting_end = 0;
  size_t ends = 0;
  while (mps_message_queue_type(&type, arena)) {
    mps_message_t message;
    TEST_CHECK(mps_message_get(&message, arena, type) == 1);
    TEST_CHECK(mps_message_type(arena, message) == type);
    if (type == mps_message_type_gc_start()) {
      const char *why = mps_message_gc_start_why(arena, message);
      TEST_CHECK(why != NULL && strlen(why) > 0);
      if (pairs) TEST_CHECK(!expecting_end);
      expecting_end = 1;
      start_clock = mps_message_clock(arena, message);
    } else {
      size_t live_size = mps_message_gc_live_size(arena, message);
      size_t condemned = mps_message_gc_condemned_size(arena, message);
      size_t not_condemned = mps_message_gc_not_condemned_size(arena, message);
      TEST_CHECK(type == mps_message_type_gc());
      TEST_CHECK(condemned >= live_size);
      TEST_CHECK(condemned > 0);
      TEST_CHECK(not_condemned < ((size_t)1 << 40));
      if (pairs) {
        TEST_CHECK(expecting_end);
        TEST_CHECK(start_clock <= mps_message_clock(arena, message));
      }
      expecting_end = 0;
      ++ends;
    }
    mps_message_discard(arena, message);
  }
  if (pairs) TEST_CHECK(!expecting_end);
  return ends;
}

/* --- Scenarios ------------------------------------------------------------------ */

static void test_nothing_posted_while_disabled(void) {
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_poll(arena) == 0);
}

static void test_pairs_from_client_collections(void) {
  mps_message_t start, end;
  size_t live_size;
  mps_message_type_enable(arena, mps_message_type_gc());
  mps_message_type_enable(arena, mps_message_type_gc_start());
  mps_message_type_enable(arena, mps_message_type_gc()); /* idempotent */
  churn(5000);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_poll(arena) == 1);
  TEST_CHECK(mps_message_get(&start, arena, mps_message_type_gc_start()) == 1);
  TEST_CHECK(mps_message_get(&end, arena, mps_message_type_gc()) == 1);
  TEST_CHECK(strlen(mps_message_gc_start_why(arena, start)) > 0);
  /* The live objects survived; much of what was churned did not. */
  live_size = mps_message_gc_live_size(arena, end);
  TEST_CHECK(live_size >= LIVE * sizeof(obj_s));
  TEST_CHECK(mps_message_gc_condemned_size(arena, end) >= live_size);
  TEST_CHECK(mps_message_gc_condemned_size(arena, end) >= 5000 * sizeof(obj_s));
  TEST_CHECK(mps_message_clock(arena, start) <= mps_message_clock(arena, end));
  mps_message_discard(arena, start);
  mps_message_discard(arena, end);
  (void)take_all(1);
  TEST_CHECK(mps_message_poll(arena) == 0);
}

static void test_pairs_from_automatic_collections(void) {
  size_t ends, i;
  mps_word_t before = mps_collections(arena);
  mps_arena_release(arena);
  ends = 0;
  for (i = 0; i < 40; ++i) {
    churn(2000);
    ends += take_all(1);
  }
  printf("gc_messages: %lu automatic collections, %lu gc messages\n",
         (unsigned long)(mps_collections(arena) - before), (unsigned long)ends);
  TEST_CHECK(ends > 0);
  TEST_CHECK(ends == mps_collections(arena) - before);
  mps_arena_park(arena);
}

static void test_get_by_type_and_purge(void) {
  mps_message_t message;
  mps_message_type_t type;
  size_t i;
  for (i = 0; i < 3; ++i) TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_finalization()) == 0);
  TEST_CHECK(mps_message_queue_type(&type, arena) == 1 && type == mps_message_type_gc_start());
  /* get of gc skips the queued gc_start ahead of it */
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_gc()) == 1);
  mps_message_discard(arena, message);
  TEST_CHECK(mps_message_queue_type(&type, arena) == 1 && type == mps_message_type_gc_start());
  /* disable gc: only gc_start messages are left */
  mps_message_type_disable(arena, mps_message_type_gc());
  mps_message_type_disable(arena, mps_message_type_gc()); /* idempotent */
  for (i = 0; i < 3; ++i) {
    TEST_CHECK(mps_message_queue_type(&type, arena) == 1 && type == mps_message_type_gc_start());
    TEST_CHECK(mps_message_get(&message, arena, mps_message_type_gc_start()) == 1);
    mps_message_discard(arena, message);
  }
  TEST_CHECK(mps_message_poll(arena) == 0);
  /* with gc disabled, collections post only gc_start */
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_gc()) == 0);
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_gc_start()) == 1);
  mps_message_discard(arena, message);
  TEST_CHECK(mps_message_poll(arena) == 0);
  /* and with both disabled, nothing */
  mps_message_type_disable(arena, mps_message_type_gc_start());
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_poll(arena) == 0);
}

static void test_undiscarded_messages_freed_with_arena(void) {
  mps_message_t message;
  mps_message_type_enable(arena, mps_message_type_gc());
  mps_message_type_enable(arena, mps_message_type_gc_start());
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_gc()) == 1);
  /* left queued and retrieved: mps_arena_destroy frees them */
}

/* --- Misuse ----------------------------------------------------------------------- */

static void call_live_size_of_gc_start(void *closure) {
  mps_message_t message;
  (void)closure;
  mps_message_type_enable(arena, mps_message_type_gc_start());
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_gc_start()) == 1);
  (void)mps_message_gc_live_size(arena, message);
}
static void call_bad_type(void *closure) {
  mps_message_t message;
  (void)closure;
  (void)mps_message_get(&message, arena, 17);
}

int main(void) {
  testlib_init("gc_messages");
  setup();
  test_nothing_posted_while_disabled();
  test_pairs_from_client_collections();
  test_pairs_from_automatic_collections();
  test_get_by_type_and_purge();
  TEST_EXPECT_ASSERTION(call_live_size_of_gc_start, NULL,
                        "mps_message_gc_live_size: message is not a gc message");
  TEST_EXPECT_ASSERTION(call_bad_type, NULL, "mps_message_get: type is not a message type");
  test_undiscarded_messages_freed_with_arena();
  teardown();
  return testlib_pass();
}
