/* gc_client.c -- a complete garbage-collected client of the MPS, written
 * as a runtime author would write one.  docs/guide.md explains it and
 * quotes it; keep the two in step.
 *
 * The object model (pairs, tagged integers, strings) and its object format
 * are in objects.{h,c}.  This file is the runtime around them:
 *
 *   1. the heap: a VM arena, a generation chain, an AMC pool for pairs and
 *      an AMCZ pool for strings (which hold no references), an allocation
 *      point on each, and three roots: an exact one over the global
 *      variables, an ambiguous one over a small area of temporaries, and
 *      an exact one over an address-keyed hash table;
 *   2. allocation functions around the reserve/commit protocol;
 *   3. lists and an association list, checked after every collection;
 *   4. a full collection on request, and the gc messages it posts;
 *   5. an address-keyed (eq) hash table that uses a location dependency
 *      to find out when the collector has moved its keys, and rehashes;
 *   6. finalization of one object;
 *   7. automatic collections, started by the chain as the program
 *      allocates;
 *   8. tear-down in the safe order.
 *
 * Usage: gc_client [--quiet]
 *   --quiet prints a one-line summary only (the test suite runs it so,
 *   also with MPS_STRESS=1, which collects at every allocation refill).
 * Exits 0 if every check passed, 1 otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mps.h"     /* the generic interface */
#include "mpsavm.h"  /* the virtual-memory arena class */
#include "mpscamc.h" /* the AMC and AMCZ pool classes */
#include "mpslib.h"  /* the plinth: the assertion handler */

#include "objects.h"

static int quiet = 0;
static int failures = 0;

#define SAY(...) do { if (!quiet) printf(__VA_ARGS__); } while (0)
#define CHECK(condition) check_that((condition) != 0, #condition, __LINE__)

static void check_that(int ok, const char *condition, int line) {
  if (!ok) {
    fprintf(stderr, "gc_client: check failed (gc_client.c:%d): %s\n", line, condition);
    ++failures;
  }
}

/* A result code the program cannot carry on after. */
static void check_res(mps_res_t res, const char *what) {
  if (res != MPS_RES_OK) {
    fprintf(stderr, "gc_client: %s failed with result code %d\n", what, res);
    exit(1);
  }
}

/* The MPS reports misuse (a bad handle, a broken protocol, a corrupt heap)
 * through the plinth.  A runtime usually wants to stop at once, in every
 * variety.  The handler must not call the MPS. */
static void assertion_handler(const char *file, unsigned line, const char *condition) {
  fprintf(stderr, "gc_client: MPS assertion failed at %s:%u: %s\n", file, line, condition);
  fflush(stderr);
  abort();
}

/* --- 1. The heap ---------------------------------------------------------- */

static mps_arena_t arena;
static mps_fmt_t fmt;
static mps_chain_t chain;
static mps_pool_t pair_pool;   /* AMC: objects with references */
static mps_pool_t string_pool; /* AMCZ: objects without references */
static mps_ap_t pair_ap, string_ap;

/* The runtime's global variables: an exact root.  They hold tagged values,
 * so the root scans only words whose low bit is 0 (references and NIL). */
enum { G_NUMBERS, G_ALIST, G_ABSENT_KEY, G_RESOURCE, G_SCRATCH, GLOBAL_COUNT };
static value_t globals[GLOBAL_COUNT];
static mps_root_t globals_root;

/* Temporaries: an ambiguous root.  The MPS does not scan thread stacks yet
 * (thread roots are a later issue), so a reference held only in a C local
 * variable is invisible to the collector: across any call that may collect
 * (mps_reserve, mps_arena_collect, ...) its object could move or die.  A
 * function that needs a reference across such a call parks it here first.
 * Ambiguous references are never changed and their objects never move
 * (they are pinned), so the C local stays valid: exactly how a scanned
 * stack will behave. */
#define TEMP_COUNT 8
static value_t temps[TEMP_COUNT];
static size_t temps_used = 0;
static mps_root_t temps_root;

static void temp_push(value_t v) {
  if (temps_used == TEMP_COUNT) {
    fprintf(stderr, "gc_client: out of temporaries\n");
    exit(1);
  }
  temps[temps_used++] = v;
}

static void temps_pop(size_t n) {
  while (n-- > 0) temps[--temps_used] = NIL; /* a stale word would pin its object */
}

static void heap_create(void) {
  /* Two generations: a 256 KiB nursery, where most objects are expected to
   * die (mortality 0.85), and a 1 MiB second generation.  Capacities are in
   * kilobytes. */
  mps_gen_param_s generations[] = {{256, 0.85}, {1024, 0.45}};

  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_ARENA_SIZE, (size_t)32 << 20);
    check_res(mps_arena_create_k(&arena, mps_arena_class_vm(), args), "creating the arena");
  } MPS_ARGS_END(args);
  check_res(objects_format_create(&fmt, arena), "creating the object format");
  check_res(mps_chain_create(&chain, arena, 2, generations), "creating the chain");

  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, fmt);
    MPS_ARGS_ADD(args, MPS_KEY_CHAIN, chain);
    check_res(mps_pool_create_k(&pair_pool, arena, mps_class_amc(), args), "creating the AMC pool");
  } MPS_ARGS_END(args);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, fmt);
    MPS_ARGS_ADD(args, MPS_KEY_CHAIN, chain);
    check_res(mps_pool_create_k(&string_pool, arena, mps_class_amcz(), args), "creating the AMCZ pool");
  } MPS_ARGS_END(args);
  check_res(mps_ap_create_k(&pair_ap, pair_pool, mps_args_none), "creating the pair allocation point");
  check_res(mps_ap_create_k(&string_ap, string_pool, mps_args_none), "creating the string allocation point");

  /* Roots hold only valid references or NIL from the moment they are
   * registered: globals and temps are static, hence already all NIL. */
  check_res(mps_root_create_area_tagged(&globals_root, arena, mps_rank_exact(), 0, globals,
                                        globals + GLOBAL_COUNT, mps_scan_area_tagged, TAG_MASK, TAG_REF),
            "registering the globals");
  check_res(mps_root_create_area(&temps_root, arena, mps_rank_ambig(), 0, temps, temps + TEMP_COUNT,
                                 mps_scan_area, NULL),
            "registering the temporaries");

  mps_message_type_enable(arena, mps_message_type_gc_start());
  mps_message_type_enable(arena, mps_message_type_gc());
}

/* --- 2. Allocation -------------------------------------------------------- */

static void out_of_memory(mps_res_t res) {
  fprintf(stderr, "gc_client: out of memory (result code %d)\n", res);
  exit(1);
}

/* Allocates a pair.  car and cdr may be references: they are parked in the
 * temporaries while the MPS may collect, so they stay where they are.
 *
 * Between reserve and commit the new block is not yet an object: the MPS
 * neither scans nor moves it, and nothing may refer to it but this
 * function's locals.  It must be fully initialised before the commit.  A
 * commit fails (rarely) if a collection flipped in between; the block is
 * then invalid, and the loop simply builds it again. */
static value_t make_pair(value_t car, value_t cdr) {
  size_t size = sizeof(pair_s);
  mps_addr_t p;
  temp_push(car);
  temp_push(cdr);
  do {
    pair_s *pair;
    mps_res_t res = mps_reserve(&p, pair_ap, size);
    if (res != MPS_RES_OK) out_of_memory(res);
    pair = p;
    pair->type = TYPE_PAIR;
    pair->car = car;
    pair->cdr = cdr;
  } while (!mps_commit(pair_ap, p, size));
  temps_pop(2);
  return (value_t)p;
}

/* Allocates a string holding a copy of text (which must not itself be in
 * the MPS heap: it could move during the reserve).  Strings hold no
 * references, so they go to the AMCZ pool. */
static value_t make_string(const char *text) {
  size_t length = strlen(text);
  size_t size = string_size(length);
  mps_addr_t p;
  do {
    string_s *s;
    mps_res_t res = mps_reserve(&p, string_ap, size);
    if (res != MPS_RES_OK) out_of_memory(res);
    s = p;
    s->type = TYPE_STRING;
    s->length = length;
    memcpy(s->chars, text, length + 1);
  } while (!mps_commit(string_ap, p, size));
  return (value_t)p;
}

/* --- 3. Lists --------------------------------------------------------------
 * The rule that keeps this code correct: a reference returned by an
 * allocating function is stored in a root (or passed straight to the next
 * allocating function, which parks it) before anything else may collect.
 * Never nest allocating calls in arguments: in
 * make_pair(make_string("a"), make_string("b")) one string would sit in an
 * unscanned place while the other is allocated. */

#define NUMBER_COUNT 1000
#define ALIST_COUNT 100

static void build_lists(void) {
  long i;
  for (i = NUMBER_COUNT; i >= 1; --i) globals[G_NUMBERS] = make_pair(int_value(i), globals[G_NUMBERS]);
  for (i = 0; i < ALIST_COUNT; ++i) {
    char name[32];
    value_t key, entry;
    snprintf(name, sizeof name, "item-%ld", i);
    key = make_string(name);
    entry = make_pair(key, int_value(i * i));
    globals[G_ALIST] = make_pair(entry, globals[G_ALIST]);
  }
}

/* The entry ("name" . value) of the association list, or NIL.  Makes no
 * MPS call, so it may hold references in C locals. */
static value_t assoc(const char *name) {
  value_t list;
  for (list = globals[G_ALIST]; list != NIL; list = cdr(list)) {
    value_t entry = car(list);
    if (strcmp(as_string(car(entry))->chars, name) == 0) return entry;
  }
  return NIL;
}

/* Checks that the lists still hold exactly what build_lists put there. */
static void check_lists(void) {
  value_t list;
  long i, count = 0, sum = 0;
  for (list = globals[G_NUMBERS]; list != NIL; list = cdr(list)) {
    CHECK(type_of(list) == TYPE_PAIR && is_int(car(list)));
    sum += int_of(car(list));
    ++count;
  }
  CHECK(count == NUMBER_COUNT && sum == (long)NUMBER_COUNT * (NUMBER_COUNT + 1) / 2);
  for (i = 0; i < ALIST_COUNT; ++i) {
    char name[32];
    value_t entry;
    snprintf(name, sizeof name, "item-%ld", i);
    entry = assoc(name);
    CHECK(entry != NIL && int_of(cdr(entry)) == i * i);
  }
}

/* --- 4. Collections and messages ------------------------------------------ */

static unsigned long gc_messages = 0;
static size_t last_live = 0;
static unsigned long finalized = 0;

static void finalize(value_t resource);

/* Handles every queued message.  Each one is discarded after use: a kept
 * message costs memory, and a finalization message keeps its object
 * alive. */
static void handle_messages(void) {
  mps_message_type_t type;
  while (mps_message_queue_type(&type, arena)) {
    mps_message_t message;
    if (!mps_message_get(&message, arena, type)) break;
    if (type == mps_message_type_gc_start()) {
      SAY("    collection starts: %s\n", mps_message_gc_start_why(arena, message));
    } else if (type == mps_message_type_gc()) {
      size_t condemned = mps_message_gc_condemned_size(arena, message);
      size_t live = mps_message_gc_live_size(arena, message);
      size_t not_condemned = mps_message_gc_not_condemned_size(arena, message);
      ++gc_messages;
      last_live = live;
      CHECK(live <= condemned);
      SAY("    collection ends: condemned %lu bytes, %lu survived; %lu not condemned\n",
          (unsigned long)condemned, (unsigned long)live, (unsigned long)not_condemned);
    } else if (type == mps_message_type_finalization()) {
      mps_addr_t ref;
      mps_message_finalization_ref(&ref, arena, message);
      finalize((value_t)ref);
    }
    mps_message_discard(arena, message);
  }
}

/* A full collection now.  mps_arena_collect leaves the arena parked, so
 * release it afterwards, or no automatic collection will start again. */
static void collect_now(void) {
  check_res(mps_arena_collect(arena), "mps_arena_collect");
  handle_messages();
  mps_arena_release(arena);
}

static void full_collection(void) {
  unsigned long before;
  SAY("\n4. A full collection (mps_arena_collect):\n");
  handle_messages(); /* any automatic collection so far */
  before = gc_messages;
  collect_now();
  CHECK(gc_messages == before + 1);
  check_lists();
  SAY("   the lists are intact after the objects moved (%lu collections so far)\n",
      (unsigned long)mps_collections(arena));
}

/* --- 5. An address-keyed hash table ------------------------------------- *
 * It maps objects, compared by identity, to numbers, and hashes their
 * addresses.  When the collector moves a key its hash goes out of date, so
 * the table keeps a location dependency: a record of the addresses its
 * hashes were computed from, which the MPS can say may have moved.  A
 * failed lookup asks; if they may have, the table rehashes and looks once
 * more.
 *
 * The keys live in malloc'd memory registered as an exact root (so the
 * collector keeps the keys alive and updates them when they move); both
 * halves of it are scanned, the slots in use and the spare half a rehash
 * builds into. */

#define TABLE_SIZE 256 /* slots: a power of two, at least twice the keys */

typedef struct eq_table_s {
  mps_ld_s ld;         /* what the current hashes depend on */
  value_t *key_space;  /* 2 * TABLE_SIZE keys, all scanned */
  value_t *keys;       /* the half in use: a key or NIL per slot */
  value_t *spare_keys; /* the other half: all NIL */
  long values[2][TABLE_SIZE];
  int current; /* which half is in use */
  unsigned long rehashes;
  mps_root_t root;
} eq_table_s;

static eq_table_s table;

static size_t hash_address(value_t key) {
  mps_word_t h = key / OBJ_ALIGN;
  h ^= h >> 15;
  h *= (mps_word_t)2654435761u;
  h ^= h >> 13;
  return (size_t)h & (TABLE_SIZE - 1);
}

/* The slot holding key, or the empty slot where it would go. */
static size_t probe(const value_t *keys, value_t key) {
  size_t i = hash_address(key);
  while (keys[i] != NIL && keys[i] != key) i = (i + 1) & (TABLE_SIZE - 1);
  return i;
}

static void table_create(eq_table_s *t) {
  /* calloc: every key is NIL before the root is registered. */
  t->key_space = calloc(2 * TABLE_SIZE, sizeof(value_t));
  if (t->key_space == NULL) out_of_memory(MPS_RES_MEMORY);
  t->keys = t->key_space;
  t->spare_keys = t->key_space + TABLE_SIZE;
  t->current = 0;
  t->rehashes = 0;
  check_res(mps_root_create_area(&t->root, arena, mps_rank_exact(), 0, t->key_space,
                                 t->key_space + 2 * TABLE_SIZE, mps_scan_area, NULL),
            "registering the hash table");
  mps_ld_reset(&t->ld, arena);
}

static void table_destroy(eq_table_s *t) {
  mps_root_destroy(t->root); /* before the memory goes */
  free(t->key_space);
}

/* Rehashes every key into the spare half, recording each address in a
 * fresh location dependency before hashing it.  Returns the new slot of
 * wanted (TABLE_SIZE if absent): finding it during the rehash, rather than
 * by a second lookup, cannot be defeated by a collection in between. */
static size_t table_rehash(eq_table_s *t, value_t wanted) {
  size_t i, found = TABLE_SIZE;
  long *values = t->values[t->current], *new_values = t->values[!t->current];
  value_t *new_keys = t->spare_keys;
  mps_ld_reset(&t->ld, arena);
  for (i = 0; i < TABLE_SIZE; ++i) {
    value_t key = t->keys[i];
    if (key != NIL) {
      size_t j;
      mps_ld_add(&t->ld, arena, (mps_addr_t)key);
      j = probe(new_keys, key);
      new_keys[j] = key;
      new_values[j] = values[i];
      t->keys[i] = NIL;
      if (key == wanted) found = j;
    }
  }
  t->spare_keys = t->keys;
  t->keys = new_keys;
  t->current = !t->current;
  ++t->rehashes;
  return found;
}

static void table_put(eq_table_s *t, value_t key, long value) {
  size_t i;
  /* Rehash first if keys may have moved: otherwise key could be added
   * under its new hash while an old entry for it sits under the old one. */
  if (mps_ld_isstale_any(&t->ld, arena)) (void)table_rehash(t, NIL);
  mps_ld_add(&t->ld, arena, (mps_addr_t)key); /* before hashing the address */
  i = probe(t->keys, key);
  t->keys[i] = key;
  t->values[t->current][i] = value;
}

/* Looks key up; returns 1 and stores its value, or returns 0. */
static int table_get(eq_table_s *t, value_t key, long *value_o) {
  size_t i = probe(t->keys, key);
  if (t->keys[i] == NIL) {
    /* Not found where the key's address says.  If nothing has moved, it is
     * not in the table; otherwise rehash, finding it on the way. */
    if (!mps_ld_isstale(&t->ld, arena, (mps_addr_t)key)) return 0;
    i = table_rehash(t, key);
    if (i == TABLE_SIZE) return 0;
  }
  *value_o = t->values[t->current][i];
  return 1;
}

/* Looks up every entry of the association list; returns how many were
 * found with the right value. */
static long look_up_every_entry(void) {
  value_t list;
  long found = 0;
  for (list = globals[G_ALIST]; list != NIL; list = cdr(list)) {
    long value;
    if (table_get(&table, car(list), &value) && value == int_of(cdr(car(list)))) ++found;
  }
  return found;
}

static void location_dependency(void) {
  value_t list;
  long dummy;
  int round;
  SAY("\n5. An address-keyed hash table with a location dependency:\n");
  /* A key that is never added, allocated first: allocating may collect. */
  globals[G_ABSENT_KEY] = make_pair(NIL, NIL);
  table_create(&table);
  for (list = globals[G_ALIST]; list != NIL; list = cdr(list)) table_put(&table, car(list), int_of(cdr(car(list))));
  CHECK(look_up_every_entry() == ALIST_COUNT);
  CHECK(table.rehashes == 0);
  SAY("   %d entries keyed by address; all found, no rehash\n", ALIST_COUNT);
  for (round = 1; round <= 3; ++round) {
    collect_now(); /* every key moves */
    CHECK(look_up_every_entry() == ALIST_COUNT);
    CHECK(!table_get(&table, globals[G_ABSENT_KEY], &dummy));
    CHECK(table.rehashes == (unsigned long)round);
    SAY("   after collection %d: all found again, %lu rehash(es) in all\n", round, table.rehashes);
  }
  table_destroy(&table);
  globals[G_ABSENT_KEY] = NIL;
}

/* --- 6. Finalization --------------------------------------------------------
 * A "resource" stands for something outside the heap (an open file, say)
 * that must be released when its object dies: a pair (name . handle). */

static long finalized_handle = -1;

/* The runtime's finalizer, called from handle_messages.  The object is
 * alive and intact (the message keeps it) until the message is discarded. */
static void finalize(value_t resource) {
  const char *name = as_string(car(resource))->chars;
  finalized_handle = int_of(cdr(resource));
  ++finalized;
  SAY("    finalizing resource \"%s\": closing handle %ld\n", name, finalized_handle);
  CHECK(strcmp(name, "scratch file") == 0);
}

static void finalization(void) {
  mps_addr_t ref;
  value_t name;
  int collections = 0;
  SAY("\n6. Finalization:\n");
  mps_message_type_enable(arena, mps_message_type_finalization());
  name = make_string("scratch file");
  globals[G_RESOURCE] = make_pair(name, int_value(7));
  ref = (mps_addr_t)globals[G_RESOURCE];
  check_res(mps_finalize(arena, &ref), "mps_finalize");
  SAY("   registered resource \"scratch file\" (handle 7) for finalization; dropping it\n");
  globals[G_RESOURCE] = NIL; /* the last reference */
  /* No promptness is promised: one full collection normally suffices. */
  while (finalized == 0 && collections < 3) {
    collect_now();
    ++collections;
  }
  CHECK(finalized == 1 && finalized_handle == 7);
}

/* --- 7. Automatic collections --------------------------------------------- */

#define CHURN_ROUNDS 300
#define CHURN_LENGTH 200

static void automatic_collections(void) {
  mps_word_t before = mps_collections(arena);
  unsigned long messages_before = gc_messages;
  int round, i;
  SAY("\n7. Allocating %d short-lived lists; the chain starts collections:\n", CHURN_ROUNDS);
  for (round = 0; round < CHURN_ROUNDS; ++round) {
    globals[G_SCRATCH] = NIL; /* the previous list is garbage now */
    for (i = 0; i < CHURN_LENGTH; ++i) globals[G_SCRATCH] = make_pair(int_value(i), globals[G_SCRATCH]);
    handle_messages(); /* a runtime polls at safe points */
  }
  globals[G_SCRATCH] = NIL;
  CHECK(mps_collections(arena) > before);
  CHECK(gc_messages > messages_before);
  check_lists();
  SAY("   %lu automatic collection(s); the lists are intact\n", gc_messages - messages_before);
}

/* --- 8. Tear-down ----------------------------------------------------------- */

static void heap_destroy(void) {
  mps_arena_park(arena); /* no collection may run from here on */
  handle_messages();
  mps_ap_destroy(pair_ap);
  mps_ap_destroy(string_ap);
  mps_pool_destroy(pair_pool);
  mps_pool_destroy(string_pool);
  mps_root_destroy(globals_root);
  mps_root_destroy(temps_root);
  mps_fmt_destroy(fmt);
  mps_chain_destroy(chain);
  mps_arena_destroy(arena);
}

int main(int argc, char **argv) {
  unsigned long collections;
  if (argc > 1 && strcmp(argv[1], "--quiet") == 0) quiet = 1;
  (void)mps_lib_assert_fail_install(assertion_handler);

  heap_create();
  SAY("1-2. Created a VM arena, a chain, AMC and AMCZ pools, allocation points and roots\n");

  SAY("\n3. Building a list of %d numbers and an association list of %d entries\n", NUMBER_COUNT,
      ALIST_COUNT);
  build_lists();
  check_lists();

  full_collection();
  location_dependency();
  finalization();
  automatic_collections();

  collections = (unsigned long)mps_collections(arena);
  heap_destroy();
  SAY("\n8. Tore everything down\n\n");

  if (failures > 0) {
    printf("gc_client: FAILED (%d check(s) failed)\n", failures);
    return 1;
  }
  printf("gc_client: ok (%lu collections, %lu gc messages, %lu bytes live after the last, "
         "%lu object finalized, %lu rehashes)\n",
         collections, gc_messages, (unsigned long)last_live, finalized, table.rehashes);
  return 0;
}
