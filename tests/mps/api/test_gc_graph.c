/* test_gc_graph.c -- the collector seen by a client: AMC and AMCZ pools
 * with a realistic format (pairs, vectors, strings in AMCZ, in-band
 * headers, forwarding and padding objects), an exact table root, a random
 * object graph mutated over many collections (explicit and automatic, via a
 * small chain) and checked after each: the shape and contents, as a
 * checksum over object ids, never change.  Also: pinning by an ambiguous
 * root, movement of exactly referenced objects, mps_commit returning false
 * after a flip, heap walking, and misuse reported with clear words.
 *
 * Written against the public headers only.  Seeded (MPS_TEST_SEED).  Run
 * again by ctest with MPS_STRESS=1 (a full collection at every refill). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscamc.h"
#include "testlib.h"

/* --- The format ----------------------------------------------------------
 * Every block starts with a header word: (size << 3) | type.  Client
 * pointers point just after it (FMT_HEADER_SIZE).  Word 1 of a real object
 * is its id. */
enum { T_PAIR = 1, T_VECTOR = 2, T_STRING = 3, T_FWD = 4, T_PAD = 5 };
#define HEADER sizeof(mps_word_t)
#define ALIGN sizeof(mps_word_t)
typedef mps_word_t word;

static word *hdr(mps_addr_t client) { return (word *)client - 1; }
static unsigned type_of(mps_addr_t client) { return (unsigned)(*hdr(client) & 7); }
static size_t size_of(mps_addr_t client) { return (size_t)(*hdr(client) >> 3); }
static word *body(mps_addr_t client) { return (word *)client; }

/* pair: id, car, cdr.  vector: id, length, elements.  string: id, length, chars. */
static mps_res_t obj_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  MPS_SCAN_BEGIN(ss) {
    char *p = base;
    while (p < (char *)limit) {
      word *b = body(p);
      size_t i, first = 0, n = 0;
      if (type_of(p) == T_PAIR) { first = 1; n = 2; }
      else if (type_of(p) == T_VECTOR) { first = 2; n = (size_t)b[1]; }
      for (i = first; i < first + n; ++i) {
        mps_addr_t ref = (mps_addr_t)b[i];
        if (ref != NULL && MPS_FIX1(ss, ref)) {
          mps_res_t res = MPS_FIX2(ss, &ref);
          if (res != MPS_RES_OK) return res;
          b[i] = (word)ref;
        }
      }
      p += size_of(p);
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}
static mps_addr_t obj_skip(mps_addr_t client) { return (char *)client + size_of(client); }
static void obj_fwd(mps_addr_t old, mps_addr_t new_client) {
  size_t size = size_of(old);
  *hdr(old) = (size << 3) | T_FWD;
  body(old)[0] = (word)new_client;
}
static mps_addr_t obj_isfwd(mps_addr_t client) {
  return type_of(client) == T_FWD ? (mps_addr_t)body(client)[0] : NULL;
}
static void obj_pad(mps_addr_t base, size_t size) { *(word *)base = (size << 3) | T_PAD; }

/* --- The heap ------------------------------------------------------------- */
#define ROOTS 64
static mps_arena_t arena;
static mps_fmt_t fmt;
static mps_chain_t chain;
static mps_pool_t amc, amcz;
static mps_ap_t ap, leaf_ap;
static mps_addr_t roots[ROOTS];
static mps_root_t root;
static word next_id = 1;
static unsigned long flips_seen;

/* References are read from the roots only after the reserve: a refill may
 * run a collection that moves objects, and this test registers no thread
 * (stack) root, so a C local must not hold a reference across an MPS call. */
static size_t field_roots[16];

static mps_addr_t make(mps_ap_t on, unsigned type, size_t words, word id, word length, size_t n_refs) {
  size_t size = (1 + words) * sizeof(word);
  mps_addr_t p;
  do {
    size_t i;
    word *w;
    TEST_CHECK_RES(mps_reserve(&p, on, size), MPS_RES_OK);
    w = p;
    w[0] = (size << 3) | type;
    for (i = 1; i <= words; ++i) w[i] = 0;
    w[1] = id;
    if (type == T_PAIR) {
      w[2] = (word)roots[field_roots[0]];
      w[3] = (word)roots[field_roots[1]];
    } else {
      w[2] = length;
      for (i = 0; i < n_refs; ++i) w[3 + i] = (word)roots[field_roots[i]];
    }
  } while (!mps_commit(on, p, size));
  return (char *)p + HEADER;
}

static size_t random_index(void) { return testlib_random_below(ROOTS); }
static mps_addr_t random_root(void) { return roots[random_index()]; }

static mps_addr_t make_pair_of(size_t car_root, size_t cdr_root) {
  field_roots[0] = car_root;
  field_roots[1] = cdr_root;
  return make(ap, T_PAIR, 3, next_id++, 0, 0);
}
static mps_addr_t make_vector(size_t length) {
  size_t i;
  for (i = 0; i < length; ++i) field_roots[i] = random_index();
  return make(ap, T_VECTOR, 2 + length, next_id++, length, length);
}
static char string_char(word id, size_t i) { return (char)('a' + (id * 7 + i) % 26); }
static mps_addr_t make_string(size_t length) {
  size_t words = 2 + (length + sizeof(word) - 1) / sizeof(word);
  mps_addr_t s = make(leaf_ap, T_STRING, words, next_id++, length, 0);
  size_t i;
  for (i = 0; i < length; ++i) ((char *)(body(s) + 2))[i] = string_char(body(s)[0], i);
  return s;
}

static mps_addr_t make_null_pair(void) {
  roots[ROOTS - 1] = NULL;
  return make_pair_of(ROOTS - 1, ROOTS - 1);
}

/* --- The checksum: a depth-first walk over ids, never addresses ---------- */
static unsigned char *visited;
static size_t visited_size;
static mps_addr_t *stack;
static size_t stack_size;

static word mix(word h, word v) { return (h ^ v) * (word)0x100000001b3ULL + 0x9e37; }

static word checksum(void) {
  word h = 0;
  size_t r, sp = 0;
  memset(visited, 0, visited_size);
  for (r = 0; r < ROOTS; ++r) {
    h = mix(h, roots[r] == NULL ? 0 : body(roots[r])[0]);
    if (roots[r] != NULL) stack[sp++] = roots[r];
    while (sp > 0) {
      mps_addr_t o = stack[--sp];
      word *b = body(o);
      size_t i, first = 0, n = 0;
      TEST_CHECK(b[0] < visited_size);
      if (visited[b[0]]) continue;
      visited[b[0]] = 1;
      h = mix(h, b[0] * 8 + type_of(o));
      TEST_CHECK(type_of(o) == T_PAIR || type_of(o) == T_VECTOR || type_of(o) == T_STRING);
      if (type_of(o) == T_PAIR) { first = 1; n = 2; }
      if (type_of(o) == T_VECTOR) { first = 2; n = (size_t)b[1]; }
      if (type_of(o) == T_STRING) {
        for (i = 0; i < b[1]; ++i) TEST_CHECK(((char *)(b + 2))[i] == string_char(b[0], i));
        h = mix(h, b[1]);
      }
      for (i = first; i < first + n; ++i) {
        mps_addr_t child = (mps_addr_t)b[i];
        h = mix(h, child == NULL ? 0 : body(child)[0]);
        if (child != NULL) {
          TEST_CHECK(sp < stack_size);
          stack[sp++] = child;
        }
      }
    }
  }
  return h;
}

/* One random step of the mutator. */
static void mutate(void) {
  size_t r = testlib_random_below(ROOTS);
  switch (testlib_random_below(6)) {
    case 0: case 1: roots[r] = make_pair_of(random_index(), random_index()); break;
    case 2: roots[r] = make_vector(testlib_random_below(16)); break;
    case 3: roots[r] = make_string(1 + testlib_random_below(40)); break;
    case 4: { /* store into an existing pair */
      mps_addr_t o = roots[r];
      if (o != NULL && type_of(o) == T_PAIR) body(o)[1 + testlib_random_below(2)] = (word)random_root();
      break;
    }
    default: roots[r] = NULL; break;
  }
}

static void create_heap(int use_small_chain) {
  mps_gen_param_s gens[2] = {{64, 0.8}, {256, 0.4}};
  TEST_CHECK_RES(mps_arena_create_k(&arena, mps_arena_class_vm(), mps_args_none), MPS_RES_OK);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, ALIGN);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_HEADER_SIZE, HEADER);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, obj_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, obj_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, obj_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, obj_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, obj_pad);
    TEST_CHECK_RES(mps_fmt_create_k(&fmt, arena, args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_chain_create(&chain, arena, 2, gens), MPS_RES_OK);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, fmt);
    if (use_small_chain) MPS_ARGS_ADD(args, MPS_KEY_CHAIN, chain);
    TEST_CHECK_RES(mps_pool_create_k(&amc, arena, mps_class_amc(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, fmt);
    if (use_small_chain) MPS_ARGS_ADD(args, MPS_KEY_CHAIN, chain);
    TEST_CHECK_RES(mps_pool_create_k(&amcz, arena, mps_class_amcz(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_ap_create_k(&ap, amc, mps_args_none), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_create_k(&leaf_ap, amcz, mps_args_none), MPS_RES_OK);
  memset(roots, 0, sizeof roots);
  TEST_CHECK_RES(mps_root_create_table(&root, arena, mps_rank_exact(), 0, roots, ROOTS), MPS_RES_OK);
}

static void destroy_heap(void) {
  mps_root_destroy(root);
  mps_ap_destroy(ap);
  mps_ap_destroy(leaf_ap);
  mps_pool_destroy(amc);
  mps_pool_destroy(amcz);
  mps_chain_destroy(chain);
  mps_fmt_destroy(fmt);
  mps_arena_destroy(arena);
}

/* --- Scenarios ------------------------------------------------------------ */

static void test_graph_survives_collections(void) {
  int round;
  create_heap(1);
  for (round = 0; round < 30; ++round) {
    int step;
    word before, after;
    for (step = 0; step < 300; ++step) mutate();
    before = checksum();
    TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
    after = checksum();
    TEST_CHECK(before == after);
    mps_arena_release(arena);
  }
  TEST_CHECK(mps_collections(arena) > 0);
  flips_seen = (unsigned long)mps_collections(arena);
  destroy_heap();
}

/* Automatic collections: the small chain's nursery (64 KiB) fills many
 * times; the graph must come through each unchanged. */
static void test_automatic_collections(void) {
  word last;
  int step;
  mps_word_t start;
  create_heap(1);
  start = mps_collections(arena);
  for (step = 0; step < 20000; ++step) {
    mutate();
    if (step % 997 == 0) {
      last = checksum();
      TEST_CHECK(last == checksum());
    }
  }
  last = checksum();
  TEST_CHECK(mps_collections(arena) > start); /* the chain started collections */
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(checksum() == last);
  destroy_heap();
}

/* An object referenced only ambiguously keeps its address; one referenced
 * exactly moves when condemned.  Each on its own AP, so their segments
 * differ (pinning keeps a whole segment). */
static void test_pinning_and_moving(void) {
  mps_ap_t pin_ap;
  mps_root_t ambig_root;
  static mps_addr_t ambig_table[1];
  mps_addr_t pinned, moving, moving_before;
  word pinned_id, moving_id;
  create_heap(0);
  TEST_CHECK_RES(mps_ap_create_k(&pin_ap, amc, mps_args_none), MPS_RES_OK);
  {
    word init[3];
    mps_addr_t p;
    size_t size = 4 * sizeof(word);
    init[0] = pinned_id = next_id++;
    do {
      TEST_CHECK_RES(mps_reserve(&p, pin_ap, size), MPS_RES_OK);
      ((word *)p)[0] = (size << 3) | T_PAIR;
      ((word *)p)[1] = init[0]; ((word *)p)[2] = 0; ((word *)p)[3] = 0;
    } while (!mps_commit(pin_ap, p, size));
    pinned = (char *)p + HEADER;
  }
  ambig_table[0] = pinned;
  TEST_CHECK_RES(mps_root_create_table(&ambig_root, arena, mps_rank_ambig(), 0, ambig_table, 1), MPS_RES_OK);
  mps_ap_destroy(pin_ap); /* its segment is now reclaimable unless pinned */
  roots[0] = moving = make_null_pair();
  moving_id = body(moving)[0];
  moving_before = moving;
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(ambig_table[0] == pinned);            /* ambiguous words are never written */
  TEST_CHECK(body(pinned)[0] == pinned_id);        /* pinned: same address, intact */
  TEST_CHECK(type_of(pinned) == T_PAIR);
  TEST_CHECK(roots[0] != moving_before);           /* exact: moved */
  TEST_CHECK(body(roots[0])[0] == moving_id);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(body(pinned)[0] == pinned_id && ambig_table[0] == pinned);
  { /* still an object of the heap, at the same place */
    mps_addr_t object = NULL;
    TEST_CHECK_RES(mps_addr_object(&object, arena, pinned), MPS_RES_OK);
    TEST_CHECK(object == pinned);
  }
  mps_root_destroy(ambig_root);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  { /* unpinned and unreferenced: reclaimed */
    mps_addr_t object = NULL;
    TEST_CHECK_RES(mps_addr_object(&object, arena, pinned), MPS_RES_FAIL);
  }
  destroy_heap();
}

/* A flip between reserve and commit makes the commit fail; the retry works. */
static void test_commit_fails_after_flip(void) {
  mps_addr_t p;
  size_t size = 4 * sizeof(word);
  int tries = 0;
  create_heap(0);
  roots[0] = make_null_pair();
  TEST_CHECK_RES(mps_reserve(&p, ap, size), MPS_RES_OK);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK); /* the flip */
  ((word *)p)[0] = (size << 3) | T_PAIR;
  ((word *)p)[1] = next_id++; ((word *)p)[2] = 0; ((word *)p)[3] = 0;
  TEST_CHECK(!mps_commit(ap, p, size));
  do {
    ++tries;
    TEST_CHECK_RES(mps_reserve(&p, ap, size), MPS_RES_OK);
    ((word *)p)[0] = (size << 3) | T_PAIR;
    ((word *)p)[1] = next_id++; ((word *)p)[2] = 0; ((word *)p)[3] = 0;
  } while (!mps_commit(ap, p, size));
  TEST_CHECK(tries == 1);
  roots[1] = (char *)p + HEADER;
  mps_arena_release(arena);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(type_of(roots[1]) == T_PAIR && type_of(roots[0]) == T_PAIR);
  destroy_heap();
}

static size_t walked, applied;
static void count_formatted(mps_addr_t addr, mps_fmt_t f, mps_pool_t pool, void *p, size_t s) {
  (void)p; (void)s;
  TEST_CHECK(f == fmt && (pool == amc || pool == amcz));
  TEST_CHECK(type_of(addr) != T_FWD);
  ++walked;
}
static void count_applied(mps_addr_t addr, void *p, size_t s) {
  (void)addr; (void)p; (void)s;
  ++applied;
}

static void test_walking(void) {
  int i;
  mps_addr_t object;
  mps_fmt_t found;
  create_heap(0);
  for (i = 0; i < ROOTS; ++i) roots[i] = i % 2 ? make_null_pair() : make_string(10);
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  walked = applied = 0;
  mps_arena_formatted_objects_walk(arena, count_formatted, NULL, 0);
  TEST_CHECK(walked == ROOTS); /* everything live was evacuated; nothing else remains */
  mps_amc_apply(amc, count_applied, NULL, 0);
  TEST_CHECK(applied == ROOTS / 2);
  TEST_CHECK_RES(mps_addr_object(&object, arena, (char *)roots[1] + 8), MPS_RES_OK);
  TEST_CHECK(object == roots[1]);
  TEST_CHECK(mps_addr_fmt(&found, arena, roots[1]) && found == fmt);
  destroy_heap();
}

/* The gc message carries the trace's sizes: after a full collection of a
 * heap of live objects and garbage, live <= condemned, nothing is left
 * uncondemned, and the start message says why. */
static void test_gc_message_sizes(void) {
  mps_message_t message;
  int i;
  size_t live, condemned;
  create_heap(0);
  mps_message_type_enable(arena, mps_message_type_gc());
  mps_message_type_enable(arena, mps_message_type_gc_start());
  for (i = 0; i < 2000; ++i) roots[i % ROOTS] = make_null_pair(); /* most become garbage */
  TEST_CHECK_RES(mps_arena_collect(arena), MPS_RES_OK);
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_gc_start()));
  TEST_CHECK(strcmp(mps_message_gc_start_why(arena, message), "Client requests: immediate full collection.") == 0);
  mps_message_discard(arena, message);
  TEST_CHECK(mps_message_get(&message, arena, mps_message_type_gc()));
  live = mps_message_gc_live_size(arena, message);
  condemned = mps_message_gc_condemned_size(arena, message);
  TEST_CHECK(condemned >= 2000 * 4 * sizeof(word) - 4096);
  TEST_CHECK(live >= (ROOTS - 1) * 4 * sizeof(word));
  TEST_CHECK(live < condemned / 2);
  TEST_CHECK(mps_message_gc_not_condemned_size(arena, message) == 0);
  mps_message_discard(arena, message);
  destroy_heap();
}

/* --- Misuse ---------------------------------------------------------------- */

#if defined(MPS_VARIETY_COOL)
static void nowhere_reference(void *closure) {
  (void)closure;
  create_heap(0);
  roots[0] = make_null_pair();
  roots[1] = (char *)roots[0] + 1024; /* inside the segment, past every object */
  (void)mps_arena_collect(arena);
}

#endif

static mps_addr_t skip_backwards(mps_addr_t client) { return client; }
static void skip_goes_backwards(void *closure) {
  mps_fmt_t bad;
  mps_pool_t pool;
  mps_ap_t bad_ap;
  mps_addr_t p;
  (void)closure;
  create_heap(0);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_HEADER_SIZE, HEADER);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, obj_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, skip_backwards);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, obj_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, obj_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, obj_pad);
    TEST_CHECK_RES(mps_fmt_create_k(&bad, arena, args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, bad);
    TEST_CHECK_RES(mps_pool_create_k(&pool, arena, mps_class_amc(), args), MPS_RES_OK);
  } MPS_ARGS_END(args);
  TEST_CHECK_RES(mps_ap_create_k(&bad_ap, pool, mps_args_none), MPS_RES_OK);
  do {
    TEST_CHECK_RES(mps_reserve(&p, bad_ap, 32), MPS_RES_OK);
    ((word *)p)[0] = (32 << 3) | T_PAIR;
    ((word *)p)[1] = 1; ((word *)p)[2] = 0; ((word *)p)[3] = 0;
  } while (!mps_commit(bad_ap, p, 32));
  roots[0] = (char *)p + HEADER;
  (void)mps_arena_collect(arena);
}

static void commit_without_reserve(void *closure) {
  (void)closure;
  create_heap(0);
  (void)(mps_commit)(ap, (char *)ap->init, 32);
}

static void ap_used_after_destroy(void *closure) {
  mps_addr_t p;
  (void)closure;
  create_heap(0);
  mps_ap_destroy(ap);
  (void)(mps_reserve)(&p, ap, 32);
}

static void destroy_pool_with_ap(void *closure) {
  (void)closure;
  create_heap(0);
  mps_pool_destroy(amc);
}

static void destroy_format_in_use(void *closure) {
  (void)closure;
  create_heap(0);
  mps_fmt_destroy(fmt);
}

static void test_misuse(void) {
#if defined(MPS_VARIETY_COOL)
  TEST_EXPECT_ASSERTION(nowhere_reference, NULL, "fix: exact reference does not point to an object");
#endif
  TEST_EXPECT_ASSERTION(skip_goes_backwards, NULL, "skip method went backwards");
  TEST_EXPECT_ASSERTION(commit_without_reserve, NULL, "mps_commit: the block does not match");
  TEST_EXPECT_ASSERTION(ap_used_after_destroy, NULL, "not a valid allocation point");
  TEST_EXPECT_ASSERTION(destroy_pool_with_ap, NULL, "the pool still has allocation points");
  TEST_EXPECT_ASSERTION(destroy_format_in_use, NULL, "a pool still uses the format");
}

int main(void) {
  testlib_init("gc_graph");
  visited_size = 1u << 22;
  visited = malloc(visited_size);
  stack_size = 1u << 20;
  stack = malloc(stack_size * sizeof *stack);
  TEST_CHECK(visited != NULL && stack != NULL);
  test_graph_survives_collections();
  test_automatic_collections();
  test_pinning_and_moving();
  test_commit_fails_after_flip();
  test_walking();
  if (getenv("MPS_STRESS") == NULL) test_gc_message_sizes(); /* stress adds collections */
  test_misuse();
  printf("gc_graph: %lu flips in the first scenario\n", flips_seen);
  free(visited);
  free(stack);
  return testlib_pass();
}
