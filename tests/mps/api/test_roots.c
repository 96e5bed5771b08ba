/* test_roots.c -- roots through the public interface (mps-interface.md 8,
 * 5.3, 19): creation and destruction of every non-thread kind, argument
 * checks, and collections of an AMC pool whose objects are held only by
 * roots: exact roots are updated to the new addresses, ambiguous roots
 * keep their words and pin their objects, tagged roots fix only tagged
 * words, weak roots are cleared when their object dies, and
 * mps_arena_roots_walk reports references into GC pools.
 * Uses only mps.h, mpsavm.h, mpscamc.h and mpscmvff.h.
 */
#include <stdio.h>
#include <string.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscamc.h"
#include "mpscmvff.h"
#include "testlib.h"

/* --- A small object format ---------------------------------------------------
 * A node is four words: [NODE, ref0, ref1, value].  A forwarded node is
 * [FWD, new address, ...] (same size).  Padding is [PAD1] (one word) or
 * [PAD, size in bytes]. */
enum { NODE = 0x11, FWD = 0x22, PAD1 = 0x33, PAD = 0x44 };
#define NODE_SIZE (4 * sizeof(mps_word_t))

typedef struct node_s {
  mps_word_t type;
  struct node_s *ref[2];
  mps_word_t value;
} node_s;

static mps_res_t node_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  MPS_SCAN_BEGIN(ss) {
    char *p = (char *)base;
    while (p < (char *)limit) {
      node_s *node = (node_s *)p;
      mps_word_t type = node->type;
      if (type == NODE) {
        int i;
        for (i = 0; i < 2; ++i) {
          mps_res_t res = MPS_FIX12(ss, (mps_addr_t *)&node->ref[i]);
          if (res != MPS_RES_OK) return res;
        }
        p += NODE_SIZE;
      } else if (type == FWD) {
        p += NODE_SIZE;
      } else if (type == PAD1) {
        p += sizeof(mps_word_t);
      } else {
        TEST_CHECK(type == PAD && ((mps_word_t *)p)[1] > 0);
        p += ((mps_word_t *)p)[1];
      }
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

static mps_addr_t node_skip(mps_addr_t addr) {
  mps_word_t *w = (mps_word_t *)addr;
  if (w[0] == NODE || w[0] == FWD) return (char *)addr + NODE_SIZE;
  if (w[0] == PAD1) return (char *)addr + sizeof(mps_word_t);
  return (char *)addr + w[1];
}

static void node_fwd(mps_addr_t old, mps_addr_t new_) {
  mps_word_t *w = (mps_word_t *)old;
  w[0] = FWD;
  w[1] = (mps_word_t)new_;
}

static mps_addr_t node_isfwd(mps_addr_t addr) {
  mps_word_t *w = (mps_word_t *)addr;
  return w[0] == FWD ? (mps_addr_t)w[1] : NULL;
}

static void node_pad(mps_addr_t addr, size_t size) {
  mps_word_t *w = (mps_word_t *)addr;
  if (size == sizeof(mps_word_t)) {
    w[0] = PAD1;
  } else {
    w[0] = PAD;
    w[1] = size;
  }
}

/* --- Fixtures ------------------------------------------------------------------ */

static mps_arena_t arena;
static mps_fmt_t fmt;
static mps_pool_t amc;
static mps_ap_t ap;

static int collector_available(void) {
  mps_fmt_t f;
  mps_res_t res;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, sizeof(mps_word_t));
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, node_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, node_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, node_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, node_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, node_pad);
    res = mps_fmt_create_k(&f, arena, args);
  } MPS_ARGS_END(args);
  if (res != MPS_RES_OK) return 0;
  fmt = f;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, fmt);
    res = mps_pool_create_k(&amc, arena, mps_class_amc(), args);
  } MPS_ARGS_END(args);
  if (res != MPS_RES_OK) {
    mps_fmt_destroy(fmt);
    return 0;
  }
  TEST_CHECK_RES(mps_ap_create_k(&ap, amc, mps_args_none), MPS_RES_OK);
  return 1;
}

static void collector_finish(void) {
  mps_arena_park(arena);
  mps_ap_destroy(ap);
  mps_pool_destroy(amc);
  mps_fmt_destroy(fmt);
}

static node_s *new_node(mps_word_t value) {
  mps_addr_t p;
  node_s *node;
  do {
    TEST_CHECK_RES(mps_reserve(&p, ap, NODE_SIZE), MPS_RES_OK);
    node = (node_s *)p;
    node->type = NODE;
    node->ref[0] = NULL;
    node->ref[1] = NULL;
    node->value = value;
  } while (!mps_commit(ap, p, NODE_SIZE));
  return node;
}

static int node_ok(const node_s *node, mps_word_t value) {
  return node != NULL && node->type == NODE && node->value == value;
}

#define N 32
#define TAG_MASK ((mps_word_t)7)
#define TAG ((mps_word_t)1)

/* --- Creation, destruction, and the roots every kind makes ---------------------- */

static mps_res_t scan_nothing(mps_ss_t ss, void *p, size_t s) {
  (void)ss; (void)p; (void)s;
  return MPS_RES_OK;
}

static void test_create_destroy(void) {
  static mps_addr_t table[8];
  static node_s objects[2];
  mps_root_t roots[8];
  mps_root_t untouched = (mps_root_t)&untouched;
  size_t i = 0, j;
  objects[0].type = NODE;
  objects[1].type = NODE;
  TEST_CHECK_RES(mps_root_create(&roots[i++], arena, mps_rank_exact(), 0, scan_nothing, table, 7), MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create(&roots[i++], arena, mps_rank_ambig(), MPS_RM_CONST, scan_nothing, NULL, 0),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_area(&roots[i++], arena, mps_rank_ambig(), 0, &table[0], &table[2], mps_scan_area,
                                      NULL),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_area_tagged(&roots[i++], arena, mps_rank_exact(), MPS_RM_PROT, &table[2],
                                             &table[3], mps_scan_area_tagged, TAG_MASK, TAG),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_table(&roots[i++], arena, mps_rank_weak(), 0, &table[3], 2), MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_table_masked(&roots[i++], arena, mps_rank_exact(),
                                              MPS_RM_PROT | MPS_RM_PROT_INNER | MPS_RM_CONST, &table[5], 3,
                                              TAG_MASK),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_fmt(&roots[i++], arena, mps_rank_exact(), 0, node_scan, &objects[0], &objects[2]),
                 MPS_RES_OK);
  for (j = 0; j < i; ++j) TEST_CHECK(roots[j] != NULL);
  /* A collection with these roots and no automatic pools succeeds. */
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  while (i > 0) mps_root_destroy(roots[--i]);
  /* After destruction the same ranges can be roots again. */
  TEST_CHECK_RES(mps_root_create_table(&roots[0], arena, mps_rank_exact(), 0, table, 8), MPS_RES_OK);
  mps_root_destroy(roots[0]);
  TEST_CHECK(untouched == (mps_root_t)&untouched);
}

/* --- Misuse --------------------------------------------------------------------- */

static mps_addr_t misuse_table[4];
static mps_root_t misuse_root;

static void create_null_root_o(void *c) {
  (void)c;
  (void)mps_root_create_table(NULL, arena, mps_rank_exact(), 0, misuse_table, 4);
}
static void create_bad_arena(void *c) {
  (void)mps_root_create_table(&misuse_root, (mps_arena_t)c, mps_rank_exact(), 0, misuse_table, 4);
}
static void create_final_rank(void *c) {
  (void)c;
  (void)mps_root_create_table(&misuse_root, arena, 2, 0, misuse_table, 4);
}
static void create_bad_rank(void *c) {
  (void)c;
  (void)mps_root_create_area(&misuse_root, arena, 7, 0, misuse_table, misuse_table + 4, mps_scan_area, NULL);
}
static void create_bad_mode(void *c) {
  (void)c;
  (void)mps_root_create(&misuse_root, arena, mps_rank_exact(), 4, scan_nothing, NULL, 0);
}
static void create_null_scan(void *c) {
  (void)c;
  (void)mps_root_create(&misuse_root, arena, mps_rank_exact(), 0, NULL, NULL, 0);
}
static void create_null_base(void *c) {
  (void)c;
  (void)mps_root_create_area(&misuse_root, arena, mps_rank_exact(), 0, NULL, misuse_table, mps_scan_area, NULL);
}
static void create_reversed(void *c) {
  (void)c;
  (void)mps_root_create_area(&misuse_root, arena, mps_rank_exact(), 0, misuse_table + 2, misuse_table + 1,
                             mps_scan_area, NULL);
}
static void create_empty(void *c) {
  (void)c;
  (void)mps_root_create_area_tagged(&misuse_root, arena, mps_rank_exact(), 0, misuse_table, misuse_table,
                                    mps_scan_area_tagged, 7, 1);
}
static void create_unaligned(void *c) {
  (void)c;
  (void)mps_root_create_area(&misuse_root, arena, mps_rank_exact(), 0, (char *)misuse_table + 1, misuse_table + 2,
                             mps_scan_area, NULL);
}
static void create_null_area_scan(void *c) {
  (void)c;
  (void)mps_root_create_area(&misuse_root, arena, mps_rank_exact(), 0, misuse_table, misuse_table + 2, NULL, NULL);
}
static void create_pattern_outside_mask(void *c) {
  (void)c;
  (void)mps_root_create_area_tagged(&misuse_root, arena, mps_rank_exact(), 0, misuse_table, misuse_table + 2,
                                    mps_scan_area_tagged, 3, 4);
}
static void create_table_zero(void *c) {
  (void)c;
  (void)mps_root_create_table(&misuse_root, arena, mps_rank_exact(), 0, misuse_table, 0);
}
static void create_fmt_reversed(void *c) {
  (void)c;
  (void)mps_root_create_fmt(&misuse_root, arena, mps_rank_exact(), 0, node_scan, misuse_table + 2, misuse_table);
}
static void create_overlapping(void *c) {
  mps_root_t first, second;
  (void)c;
  TEST_CHECK_RES(mps_root_create_table(&first, arena, mps_rank_exact(), 0, misuse_table, 2), MPS_RES_OK);
  (void)mps_root_create_area(&second, arena, mps_rank_ambig(), 0, misuse_table + 1, misuse_table + 3,
                             mps_scan_area, NULL);
}
static void destroy_twice(void *c) {
  mps_root_t root;
  (void)c;
  TEST_CHECK_RES(mps_root_create_table(&root, arena, mps_rank_exact(), 0, misuse_table, 2), MPS_RES_OK);
  mps_root_destroy(root);
  mps_root_destroy(root);
}
static void destroy_null(void *c) {
  (void)c;
  mps_root_destroy(NULL);
}
static void arena_destroy_with_root(void *c) {
  mps_root_t root;
  (void)c;
  TEST_CHECK_RES(mps_root_create_table(&root, arena, mps_rank_exact(), 0, misuse_table, 2), MPS_RES_OK);
  mps_arena_destroy(arena);
}
static void walk_null_stepper(void *c) {
  (void)c;
  mps_arena_roots_walk(arena, NULL, NULL, 0);
}

static void test_misuse(void) {
  static int not_an_arena[16];
  TEST_EXPECT_ASSERTION(create_null_root_o, NULL, "mps_root_create_table: root_o is NULL");
  TEST_EXPECT_ASSERTION(create_bad_arena, not_an_arena, "mps_root_create_table: arena is not a valid arena");
  TEST_EXPECT_ASSERTION(create_final_rank, NULL, "mps_root_create_table: rank is not mps_rank_ambig()");
  TEST_EXPECT_ASSERTION(create_bad_rank, NULL, "mps_root_create_area: rank is not");
  TEST_EXPECT_ASSERTION(create_bad_mode, NULL, "mps_root_create: rm is not 0 or a sum of MPS_RM_CONST");
  TEST_EXPECT_ASSERTION(create_null_scan, NULL, "mps_root_create: root_scan is NULL");
  TEST_EXPECT_ASSERTION(create_null_base, NULL, "mps_root_create_area: base is NULL");
  TEST_EXPECT_ASSERTION(create_reversed, NULL, "mps_root_create_area: base is not below limit");
  TEST_EXPECT_ASSERTION(create_empty, NULL, "mps_root_create_area_tagged: base is not below limit");
  TEST_EXPECT_ASSERTION(create_unaligned, NULL, "mps_root_create_area: base is not aligned to a word");
  TEST_EXPECT_ASSERTION(create_null_area_scan, NULL, "mps_root_create_area: scan_area is NULL");
  TEST_EXPECT_ASSERTION(create_pattern_outside_mask, NULL, "pattern has bits outside mask");
  TEST_EXPECT_ASSERTION(create_table_zero, NULL, "mps_root_create_table: count is zero");
  TEST_EXPECT_ASSERTION(create_fmt_reversed, NULL, "mps_root_create_fmt: base is not below limit");
#if defined(MPS_VARIETY_COOL)
  TEST_EXPECT_ASSERTION(create_overlapping, NULL, "mps_root_create_area: root overlaps an existing root");
#else
  (void)create_overlapping;
#endif
  TEST_EXPECT_ASSERTION(destroy_twice, NULL, "mps_root_destroy: root is not a valid root");
  TEST_EXPECT_ASSERTION(destroy_null, NULL, "mps_root_destroy: root is not a valid root");
  TEST_EXPECT_ASSERTION(arena_destroy_with_root, NULL, "the arena still has roots");
  TEST_EXPECT_ASSERTION(walk_null_stepper, NULL, "mps_arena_roots_walk: f is NULL");
}

/* --- Collections ---------------------------------------------------------------- */

static node_s *exact_table[N];
static mps_word_t ambig_area[N];
static mps_word_t tagged_area[2 * N];
static node_s *weak_table[2];
static node_s *function_root_ref;
static node_s fmt_objects[2];

static mps_res_t scan_function_root(mps_ss_t ss, void *p, size_t s) {
  TEST_CHECK(p == &function_root_ref && s == 1);
  MPS_SCAN_BEGIN(ss) {
    mps_res_t res = MPS_FIX12(ss, (mps_addr_t *)p);
    if (res != MPS_RES_OK) return res;
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

static void test_exact_and_ambiguous_roots(void) {
  mps_root_t exact_root, ambig_root;
  mps_word_t old_exact[N];
  mps_word_t collections;
  size_t i;
  for (i = 0; i < N; ++i) {
    exact_table[i] = NULL;
    ambig_area[i] = 0;
  }
  TEST_CHECK_RES(mps_root_create_table(&exact_root, arena, mps_rank_exact(), 0, (mps_addr_t *)exact_table, N),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_area(&ambig_root, arena, mps_rank_ambig(), 0, ambig_area, ambig_area + N,
                                      mps_scan_area, NULL),
                 MPS_RES_OK);
  /* Exact only (an ambiguous reference would pin its whole segment). */
  for (i = 0; i < N; ++i) {
    exact_table[i] = new_node(i);
    old_exact[i] = (mps_word_t)exact_table[i];
    /* a chain: each exact node holds the previous one */
    if (i > 0) exact_table[i]->ref[0] = exact_table[i - 1];
  }
  collections = mps_collections(arena);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_collections(arena) > collections);
  for (i = 0; i < N; ++i) {
    /* Alive, and the root now holds the new address. */
    TEST_CHECK(node_ok(exact_table[i], i));
    TEST_CHECK((mps_word_t)exact_table[i] != old_exact[i]);
    if (i > 0) TEST_CHECK(exact_table[i]->ref[0] == exact_table[i - 1]);
  }
  /* Ambiguous: the words are untouched and the objects stay where they are. */
  for (i = 0; i < N; ++i) ambig_area[i] = (mps_word_t)new_node(1000 + i);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  for (i = 0; i < N; ++i) TEST_CHECK(node_ok((node_s *)ambig_area[i], 1000 + i));
  for (i = 0; i < N; ++i) TEST_CHECK(node_ok(exact_table[i], i));
  mps_root_destroy(exact_root);
  mps_root_destroy(ambig_root);
}

static void test_tagged_root(void) {
  mps_root_t tagged_root, keeper;
  static node_s *keep[N];
  mps_word_t untagged_old[N];
  size_t i;
  memset(tagged_area, 0, sizeof tagged_area);
  memset(keep, 0, sizeof keep);
  TEST_CHECK_RES(mps_root_create_area_tagged(&tagged_root, arena, mps_rank_exact(), 0, tagged_area,
                                             tagged_area + 2 * N, mps_scan_area_tagged, TAG_MASK, TAG),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_table(&keeper, arena, mps_rank_exact(), 0, (mps_addr_t *)keep, N), MPS_RES_OK);
  for (i = 0; i < N; ++i) {
    /* even words: tagged references, fixed through the root */
    tagged_area[2 * i] = (mps_word_t)new_node(2000 + i) | TAG;
    /* odd words: untagged, so not references for this root; the object is
     * kept (and moved) by the keeper table */
    keep[i] = new_node(3000 + i);
    untagged_old[i] = (mps_word_t)keep[i];
    tagged_area[2 * i + 1] = untagged_old[i];
  }
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  for (i = 0; i < N; ++i) {
    mps_word_t w = tagged_area[2 * i];
    TEST_CHECK((w & TAG_MASK) == TAG);
    TEST_CHECK(node_ok((node_s *)(w ^ TAG), 2000 + i));
    TEST_CHECK(node_ok(keep[i], 3000 + i));
    /* the untagged word was not fixed: it still holds the old address */
    TEST_CHECK(tagged_area[2 * i + 1] == untagged_old[i]);
    TEST_CHECK((mps_word_t)keep[i] != untagged_old[i]);
  }
  mps_root_destroy(tagged_root);
  mps_root_destroy(keeper);
}

static void test_weak_function_and_fmt_roots(void) {
  mps_root_t weak_root, function_root, fmt_root;
  weak_table[0] = NULL;
  weak_table[1] = NULL;
  function_root_ref = NULL;
  memset(fmt_objects, 0, sizeof fmt_objects);
  fmt_objects[0].type = NODE;
  fmt_objects[1].type = NODE;
  TEST_CHECK_RES(mps_root_create_table(&weak_root, arena, mps_rank_weak(), 0, (mps_addr_t *)weak_table, 2),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create(&function_root, arena, mps_rank_exact(), 0, scan_function_root,
                                 &function_root_ref, 1),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_fmt(&fmt_root, arena, mps_rank_exact(), 0, node_scan, &fmt_objects[0],
                                     &fmt_objects[2]),
                 MPS_RES_OK);
  function_root_ref = new_node(4000);
  fmt_objects[1].ref[1] = new_node(4001);
  weak_table[0] = new_node(4002);         /* only weakly held: dies */
  weak_table[1] = function_root_ref;      /* also held exactly: survives */
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(node_ok(function_root_ref, 4000));
  TEST_CHECK(node_ok(fmt_objects[1].ref[1], 4001));
  TEST_CHECK(fmt_objects[0].ref[0] == NULL);
  TEST_CHECK(weak_table[0] == NULL);
  TEST_CHECK(weak_table[1] == function_root_ref);
  mps_root_destroy(weak_root);
  mps_root_destroy(function_root);
  mps_root_destroy(fmt_root);
}

/* --- mps_arena_roots_walk ------------------------------------------------------- */

typedef struct walk_s {
  size_t count;
  mps_root_t exact_root, ambig_root;
  size_t exact_refs, ambig_refs;
} walk_s;

static void count_root_ref(mps_addr_t *ref, mps_root_t root, void *p, size_t s) {
  walk_s *walk = (walk_s *)p;
  TEST_CHECK(s == 17);
  TEST_CHECK(ref != NULL && *ref != NULL);
  ++walk->count;
  if (root == walk->exact_root) ++walk->exact_refs;
  if (root == walk->ambig_root) ++walk->ambig_refs;
}

static void test_roots_walk(int with_amc) {
  static mps_addr_t exact[4];
  static mps_word_t ambig[3];
  mps_pool_t mvff;
  mps_addr_t manual;
  walk_s walk;
  memset(&walk, 0, sizeof walk);
  memset(exact, 0, sizeof exact);
  memset(ambig, 0, sizeof ambig);
  TEST_CHECK_RES(mps_pool_create_k(&mvff, arena, mps_class_mvff(), mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_alloc(&manual, mvff, 64), MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_table(&walk.exact_root, arena, mps_rank_exact(), 0, exact, 4), MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_area(&walk.ambig_root, arena, mps_rank_ambig(), 0, ambig, ambig + 3,
                                      mps_scan_area, NULL),
                 MPS_RES_OK);
  exact[0] = manual;  /* a manual pool: not reported */
  exact[1] = &walk;   /* outside the arena: not reported */
  ambig[0] = (mps_word_t)manual;
  if (with_amc) {
    exact[2] = new_node(5000);
    exact[3] = new_node(5001);
    ambig[1] = (mps_word_t)new_node(5002);
  }
  mps_arena_park(arena);
  mps_arena_roots_walk(arena, count_root_ref, &walk, 17);
  TEST_CHECK(walk.count == (with_amc ? 3u : 0u));
  TEST_CHECK(walk.exact_refs == (with_amc ? 2u : 0u));
  TEST_CHECK(walk.ambig_refs == (with_amc ? 1u : 0u));
  TEST_CHECK(exact[0] == manual && exact[1] == &walk);
  mps_arena_release(arena);
  mps_root_destroy(walk.exact_root);
  mps_root_destroy(walk.ambig_root);
  mps_free(mvff, manual, 64);
  mps_pool_destroy(mvff);
}

int main(void) {
  testlib_init("roots");
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, (size_t)64 << 20);
    TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  test_create_destroy();
  test_misuse();
  test_roots_walk(0);
  if (collector_available()) {
    test_exact_and_ambiguous_roots();
    test_tagged_root();
    test_weak_function_and_fmt_roots();
    test_roots_walk(1);
    collector_finish();
  } else {
    printf("roots: no AMC pool yet; collection tests skipped\n");
  }
  mps_arena_destroy(arena);
  return testlib_pass();
}
