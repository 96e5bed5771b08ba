/* test_gc_ld.c -- location dependency against the real collector
 * (mps-interface.md 11; 20, item 25), through the public interface only.
 *
 * Objects live in an AMC pool; the only roots are exact tables, so a full
 * collection moves every object it keeps.  Pins: stale exactly when it
 * must be (before any collection, after a reset, after a move), and the
 * client pattern of section 11 -- an address-hashed table that rehashes
 * when its dependency is stale -- keeps finding every key across many
 * collections, with insertions and deletions in between.
 */
#include <stdio.h>
#include <string.h>

#include "mps.h"
#include "testfmt.h"
#include "testlib.h"

/* --- The world ----------------------------------------------------------------- */

#define OBJECTS 600
#define TABLE_SIZE 2048 /* power of two, > 2 * OBJECTS */

static testfmt_world world; /* arena, format, AMC pool with a two-generation chain, ap */
static mps_arena_t arena;    /* world.arena */
static mps_ap_t ap;          /* world.ap */

static obj_s *objects[OBJECTS]; /* exact root: the live objects */
static obj_s *table_keys[TABLE_SIZE]; /* exact root: the hash table's keys */
static mps_root_t objects_root, table_root;

static obj_s *alloc_obj(mps_word_t key) { return testfmt_alloc(ap, key, NULL); }

/* Garbage, to make the chain's nursery fill and collections start. */
static void churn(size_t count) { testfmt_churn(ap, count); }

static void setup(void) {
  mps_gen_param_s gens[2] = {{64, 0.8}, {256, 0.4}};
  testfmt_world_create(&world, 2, gens);
  arena = world.arena;
  ap = world.ap;
  TEST_CHECK_RES(mps_root_create_table(&objects_root, arena, mps_rank_exact(), 0, (mps_addr_t *)objects, OBJECTS),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_table(&table_root, arena, mps_rank_exact(), 0, (mps_addr_t *)table_keys,
                                       TABLE_SIZE),
                 MPS_RES_OK);
}

static void teardown(void) {
  mps_arena_park(arena);
  mps_root_destroy(table_root);
  mps_root_destroy(objects_root);
  testfmt_world_destroy(&world);
}

/* --- Staleness exactly when it must be ------------------------------------------ */

static void test_stale_when_it_must_be(void) {
  mps_ld_s ld, fresh, merged;
  obj_s *before;
  mps_word_t collections = mps_collections(arena);
  objects[0] = alloc_obj(1);
  objects[1] = alloc_obj(2);

  mps_ld_reset(&ld, arena);
  TEST_CHECK(mps_ld_isstale_any(&ld, arena) == 0);
  mps_ld_add(&ld, arena, objects[0]);
  TEST_CHECK(mps_ld_isstale(&ld, arena, objects[0]) == 0); /* no collection since */
  TEST_CHECK(mps_ld_isstale_any(&ld, arena) == 0);

  mps_ld_reset(&fresh, arena);
  before = objects[0];
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_collections(arena) > collections);
  TEST_CHECK(objects[0]->key == 1 && objects[1]->key == 2);
  /* Nothing pins it (exact roots only), so a full collection moves it
   * unless the pool keeps its segment in place (a buffer on it, say):
   * collect until it has moved. */
  while (objects[0] == before && mps_collections(arena) - collections < 4) {
    TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  }
  TEST_CHECK(objects[0] != before);
  TEST_CHECK(mps_ld_isstale(&ld, arena, objects[0]) == 1);
  TEST_CHECK(mps_ld_isstale(&ld, arena, objects[1]) == 1); /* any address: same answer */
  TEST_CHECK(mps_ld_isstale_any(&ld, arena) == 1);
  TEST_CHECK(mps_ld_isstale_any(&fresh, arena) == 0); /* nothing was added */

  /* Merging a stale dependency into a fresh one makes it stale. */
  mps_ld_reset(&merged, arena);
  mps_ld_add(&merged, arena, objects[1]);
  TEST_CHECK(mps_ld_isstale_any(&merged, arena) == 0);
  mps_ld_merge(&merged, arena, &ld);
  TEST_CHECK(mps_ld_isstale_any(&merged, arena) == 1);

  /* After a reset: false again, until the next collection. */
  mps_ld_reset(&ld, arena);
  TEST_CHECK(mps_ld_isstale_any(&ld, arena) == 0);
  mps_ld_add(&ld, arena, objects[0]);
  TEST_CHECK(mps_ld_isstale(&ld, arena, objects[0]) == 0);
  objects[0] = objects[1] = NULL;
}

/* --- The client pattern: an address-hashed table ------------------------------- */

static mps_word_t table_vals[TABLE_SIZE];
static obj_s *scratch_keys[TABLE_SIZE]; /* used only between MPS calls */
static mps_word_t scratch_vals[TABLE_SIZE];
static obj_s deleted_marker; /* not in MPS memory: never moves, never fixed */
static mps_ld_s table_ld;
static size_t rehashes;
static size_t tombstones;

static size_t hash_of(const obj_s *key) { return ((size_t)key >> 3) * 2654435761u & (TABLE_SIZE - 1); }

static void table_reset(void) {
  memset(table_keys, 0, sizeof table_keys);
  tombstones = 0;
  mps_ld_reset(&table_ld, arena);
}

/* Inserts without looking for an existing entry; adds to the ld first. */
static void table_put(obj_s *key, mps_word_t val) {
  size_t i;
  mps_ld_add(&table_ld, arena, key);
  for (i = hash_of(key);; i = (i + 1) & (TABLE_SIZE - 1)) {
    if (table_keys[i] == NULL || table_keys[i] == &deleted_marker) {
      table_keys[i] = key;
      table_vals[i] = val;
      return;
    }
  }
}

/* Reset, then re-add every key under its current address.  No allocation
 * happens here, so nothing moves while the keys sit in the scratch array. */
static void table_rehash(void) {
  size_t i;
  ++rehashes;
  memcpy(scratch_keys, table_keys, sizeof table_keys);
  memcpy(scratch_vals, table_vals, sizeof table_vals);
  table_reset();
  for (i = 0; i < TABLE_SIZE; ++i) {
    if (scratch_keys[i] != NULL && scratch_keys[i] != &deleted_marker) table_put(scratch_keys[i], scratch_vals[i]);
  }
}

/* The slot of `key`, or TABLE_SIZE.  On a miss, rehashes if stale and
 * looks again (the rehash put every key under its new hash). */
static size_t table_find(obj_s *key) {
  int pass;
  for (pass = 0; pass < 2; ++pass) {
    size_t i;
    size_t probes;
    for (i = hash_of(key), probes = 0; table_keys[i] != NULL && probes < TABLE_SIZE;
         i = (i + 1) & (TABLE_SIZE - 1), ++probes) {
      if (table_keys[i] == key) return i;
    }
    if (pass == 0 && !mps_ld_isstale(&table_ld, arena, key)) return TABLE_SIZE;
    if (pass == 0) table_rehash();
  }
  return TABLE_SIZE;
}

static void table_insert(obj_s *key, mps_word_t val) {
  TEST_CHECK(table_find(key) == TABLE_SIZE); /* checks staleness before inserting */
  table_put(key, val);
}

static void table_delete(obj_s *key) {
  size_t i = table_find(key);
  TEST_CHECK(i != TABLE_SIZE);
  table_keys[i] = &deleted_marker;
  if (++tombstones > TABLE_SIZE / 4) table_rehash(); /* keeps probe chains short */
}

static void test_hash_table_across_collections(void) {
  size_t i, round, present = 0;
  unsigned char in_table[OBJECTS];
  mps_word_t start = mps_collections(arena);
  mps_arena_release(arena);
  table_reset();
  for (i = 0; i < OBJECTS; ++i) {
    objects[i] = alloc_obj(1000 + i);
    in_table[i] = 0;
  }
  for (round = 0; round < 60; ++round) {
    /* Insert or delete a random tenth, with collections in between. */
    for (i = 0; i < OBJECTS / 10; ++i) {
      size_t k = testlib_random_below(OBJECTS);
      if (in_table[k]) {
        table_delete(objects[k]);
        in_table[k] = 0;
        --present;
      } else {
        table_insert(objects[k], objects[k]->key);
        in_table[k] = 1;
        ++present;
      }
      if (testlib_random_below(8) == 0) churn(50);
    }
    if (round % 7 == 3) TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
    if (round % 7 == 4) mps_arena_release(arena);
    churn(testlib_random_below(2000));
    /* Every key is found, with its value; absent ones are not. */
    for (i = 0; i < OBJECTS; ++i) {
      size_t slot = table_find(objects[i]);
      TEST_CHECK(objects[i]->key == 1000 + i);
      if (in_table[i]) {
        TEST_CHECK(slot != TABLE_SIZE);
        TEST_CHECK(slot == TABLE_SIZE || table_vals[slot] == 1000 + i);
      } else {
        TEST_CHECK(slot == TABLE_SIZE);
      }
    }
  }
  printf("gc_ld: %lu collections, %lu rehashes, %lu keys present\n",
         (unsigned long)(mps_collections(arena) - start), (unsigned long)rehashes, (unsigned long)present);
  TEST_CHECK(mps_collections(arena) - start >= 8);
  TEST_CHECK(rehashes > 0);
  mps_arena_park(arena);
  memset(objects, 0, sizeof objects);
  table_reset();
}

/* --- Misuse ----------------------------------------------------------------------- */

static void call_reset_null(void *closure) {
  (void)closure;
  mps_ld_reset(NULL, arena);
}
static void call_isstale_bad_arena(void *closure) {
  mps_ld_s ld;
  (void)closure;
  (void)mps_ld_isstale(&ld, NULL, &ld);
}

int main(void) {
  testlib_init("gc_ld");
  setup();
  test_stale_when_it_must_be();
  test_hash_table_across_collections();
  TEST_EXPECT_ASSERTION(call_reset_null, NULL, "mps_ld_reset: ld is NULL");
  TEST_EXPECT_ASSERTION(call_isstale_bad_arena, NULL, "mps_ld_isstale: arena is not a valid arena");
  teardown();
  return testlib_pass();
}
