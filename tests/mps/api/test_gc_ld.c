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
#include "mpsavm.h"
#include "mpscamc.h"
#include "testlib.h"

/* --- A minimal format: fixed-size objects, forwarding and padding ---------- */

enum { TYPE_OBJ = 0, TYPE_FWD = 1, TYPE_PAD = 2, TYPE_MASK = 7 };

typedef struct obj_s {
  mps_word_t header; /* size | type */
  struct obj_s *ref; /* an exact reference */
  mps_word_t key;    /* the object's identity, for checking */
  mps_word_t spare;
} obj_s;

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

/* --- The world ----------------------------------------------------------------- */

#define OBJECTS 600
#define TABLE_SIZE 2048 /* power of two, > 2 * OBJECTS */

static mps_arena_t arena;
static mps_pool_t pool;
static mps_ap_t ap;
static mps_fmt_t fmt;
static mps_chain_t chain;

static obj_s *objects[OBJECTS]; /* exact root: the live objects */
static obj_s *table_keys[TABLE_SIZE]; /* exact root: the hash table's keys */
static mps_root_t objects_root, table_root;

static obj_s *alloc_obj(mps_word_t key) {
  mps_addr_t p;
  obj_s *obj;
  do {
    mps_res_t res;
    MPS_RESERVE_BLOCK(res, p, ap, sizeof(obj_s));
    TEST_CHECK_RES(res, MPS_RES_OK);
    obj = p;
    obj->header = sizeof(obj_s) | TYPE_OBJ;
    obj->ref = NULL;
    obj->key = key;
    obj->spare = 0;
  } while (!mps_commit(ap, p, sizeof(obj_s)));
  return obj;
}

/* Garbage, to make the chain's nursery fill and collections start. */
static void churn(size_t count) {
  size_t i;
  for (i = 0; i < count; ++i) (void)alloc_obj(0xdead);
}

static void setup(void) {
  mps_gen_param_s gens[2] = {{64, 0.8}, {256, 0.4}};
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, sizeof(mps_word_t));
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, obj_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, obj_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, obj_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, obj_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, obj_pad);
    TEST_CHECK_RES(mps_fmt_create_k(&fmt, arena, args), MPS_RES_OK);
  }
  MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_chain_create(&chain, arena, 2, gens), MPS_RES_OK);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, fmt);
    MPS_ARGS_ADD(args, MPS_KEY_CHAIN, chain);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_amc(), args), MPS_RES_OK);
  }
  MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_ap_create_k(&ap, pool, mps_args_none), MPS_RES_OK);
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
  mps_ap_destroy(ap);
  mps_pool_destroy(pool);
  mps_chain_destroy(chain);
  mps_fmt_destroy(fmt);
  mps_arena_destroy(arena);
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
