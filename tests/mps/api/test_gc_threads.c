/* test_gc_threads.c -- many mutator threads on one AMC pool while
 * collections run.
 *
 * Each of N worker threads (N = 2, 4, 8) registers itself, makes a thread
 * root for its stack and registers, and builds and mutates a random graph
 * of objects through its own allocation point.  Its graph is reached from
 * a slot table (an exact area root of its own) and from a few locals that
 * only its stack and registers hold.  A shadow copy, outside the heap,
 * records each slot's key and the key of the object its reference points
 * to; after every collection the thread sees (mps_collections changed) it
 * checks the whole graph against the shadow.  Objects move: keys, not
 * addresses, are compared -- except for the stack-only locals, which are
 * ambiguous references and so must keep their addresses.
 *
 * Two ways collections happen: the arena starts them as allocation fills
 * the nursery, or a separate collector thread loops over mps_arena_collect
 * and mps_arena_release while the workers run.
 *
 * Written against the public headers only.  Seeded (MPS_TEST_SEED); each
 * worker's random stream is derived from the seed.  Run again by ctest
 * with MPS_STRESS=1 (a full collection at every refill). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscamc.h"
#include "testfmt.h"
#include "testlib.h"

enum { SLOTS = 64, MAX_THREADS = 8, LOCALS = 4 };

typedef struct shared_s {
  testfmt_world world;
  int stop_collector; /* read and written atomically */
  size_t steps;  /* per worker */
  unsigned long seed;
} shared_s;

typedef struct worker_s {
  shared_s *shared;
  unsigned index;
  obj_s *slots[SLOTS];        /* exact root */
  mps_word_t keys[SLOTS];     /* shadow: the slot's object's key (0: slot empty) */
  mps_word_t ref_keys[SLOTS]; /* shadow: key of the object its ref points to (0: none) */
  unsigned long rng;
  size_t checks;
} worker_s;

static unsigned long next_random(unsigned long *state) {
  unsigned long x = *state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *state = x;
  return x;
}

static void check_graph(worker_s *w) {
  size_t i;
  for (i = 0; i < SLOTS; ++i) {
    obj_s *obj = w->slots[i];
    if (w->keys[i] == 0) {
      TEST_CHECK(obj == NULL);
      continue;
    }
    TEST_CHECK(obj != NULL && obj->key == w->keys[i]);
    TEST_CHECK((obj->ref == NULL ? 0 : obj->ref->key) == w->ref_keys[i]);
  }
  ++w->checks;
}

static void worker_body(worker_s *w, void *cold) {
  shared_s *s = w->shared;
  mps_thr_t thread;
  mps_root_t stack_root, slot_root;
  mps_ap_t ap;
  obj_s *locals[LOCALS];        /* ambiguous only: on this thread's stack */
  mps_word_t local_keys[LOCALS];
  mps_addr_t local_addrs[LOCALS];
  mps_word_t next_key = ((mps_word_t)w->index + 1) << 40;
  mps_word_t epoch;
  size_t step, i;

  TEST_CHECK_RES(mps_thread_reg(&thread, s->world.arena), MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_thread(&stack_root, s->world.arena, thread, cold), MPS_RES_OK);
  memset(w->slots, 0, sizeof w->slots);
  TEST_CHECK_RES(mps_root_create_area(&slot_root, s->world.arena, mps_rank_exact(), 0, w->slots,
                                      w->slots + SLOTS, mps_scan_area, NULL),
                 MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_create_k(&ap, s->world.pool, mps_args_none), MPS_RES_OK);

  for (i = 0; i < LOCALS; ++i) {
    local_keys[i] = ++next_key;
    locals[i] = testfmt_alloc(ap, local_keys[i], NULL);
    local_addrs[i] = locals[i];
  }
  epoch = mps_collections(s->world.arena);
  for (step = 0; step < s->steps; ++step) {
    size_t slot = next_random(&w->rng) % SLOTS;
    size_t other = next_random(&w->rng) % SLOTS;
    switch (next_random(&w->rng) % 4) {
      case 0:
      case 1: { /* a new object in `slot`, referring to other's object */
        mps_word_t other_key = w->keys[other];
        obj_s *obj = testfmt_alloc(ap, ++next_key, w->slots[other]);
        w->slots[slot] = obj;
        w->keys[slot] = obj->key;
        w->ref_keys[slot] = other_key;
        break;
      }
      case 2: /* re-point slot's object at other's */
        if (w->slots[slot] != NULL) {
          w->slots[slot]->ref = w->slots[other];
          w->ref_keys[slot] = w->keys[other];
        }
        break;
      default: /* garbage, and sometimes drop a slot */
        testfmt_churn(ap, 8);
        if (next_random(&w->rng) % 8 == 0) {
          w->slots[slot] = NULL;
          w->keys[slot] = 0;
          /* objects referring to it keep it alive: their shadows are unchanged */
        }
        break;
    }
    if (mps_collections(s->world.arena) != epoch) {
      epoch = mps_collections(s->world.arena);
      check_graph(w);
      for (i = 0; i < LOCALS; ++i) {
        TEST_CHECK(locals[i] == local_addrs[i]); /* pinned: never moved */
        TEST_CHECK(locals[i]->key == local_keys[i]);
      }
    }
  }
  check_graph(w);
  for (i = 0; i < LOCALS; ++i) TEST_CHECK(locals[i]->key == local_keys[i]);

  mps_ap_destroy(ap);
  mps_root_destroy(slot_root);
  mps_root_destroy(stack_root);
  mps_thread_dereg(thread);
}

/* The cold end is a local of this frame, which calls the (not inlined)
 * body: everything the body keeps on the stack lies between the stack pointer
 * and it. */
static void *worker_main(void *p) {
  void *marker = p;
  void (*volatile body)(worker_s *, void *) = worker_body; /* never inlined */
  body((worker_s *)p, &marker);
  return NULL;
}

static void *collector_main(void *p) {
  shared_s *s = p;
  mps_thr_t thread;
  TEST_CHECK_RES(mps_thread_reg(&thread, s->world.arena), MPS_RES_OK);
  while (!__atomic_load_n(&s->stop_collector, __ATOMIC_SEQ_CST)) {
    TEST_CHECK_RES(mps_arena_collect(s->world.arena), MPS_RES_OK);
    mps_arena_release(s->world.arena);
    usleep(100); /* let the workers make progress between collections */
  }
  mps_thread_dereg(thread);
  return NULL;
}

static void run(unsigned nthreads, int with_collector_thread, size_t steps, unsigned long seed) {
  static worker_s workers[MAX_THREADS];
  pthread_t ids[MAX_THREADS], collector;
  mps_gen_param_s gens[2] = {{256, 0.8}, {1024, 0.4}}; /* KiB: small, so collections are frequent */
  shared_s shared;
  unsigned i;
  size_t checks = 0;

  memset(&shared, 0, sizeof shared);
  shared.steps = steps;
  shared.seed = seed;
  testfmt_world_create(&shared.world, 2, gens);
  if (with_collector_thread) TEST_CHECK(pthread_create(&collector, NULL, collector_main, &shared) == 0);
  for (i = 0; i < nthreads; ++i) {
    memset(&workers[i], 0, sizeof workers[i]);
    workers[i].shared = &shared;
    workers[i].index = i;
    workers[i].rng = seed * 2654435761UL + i * 40503UL + 1;
    TEST_CHECK(pthread_create(&ids[i], NULL, worker_main, &workers[i]) == 0);
  }
  for (i = 0; i < nthreads; ++i) {
    TEST_CHECK(pthread_join(ids[i], NULL) == 0);
    checks += workers[i].checks;
  }
  if (with_collector_thread) {
    __atomic_store_n(&shared.stop_collector, 1, __ATOMIC_SEQ_CST);
    TEST_CHECK(pthread_join(collector, NULL) == 0);
  }
  printf("  %u threads, %s: %lu collections, %lu graph checks\n", nthreads,
         with_collector_thread ? "collector thread" : "automatic collections",
         (unsigned long)mps_collections(shared.world.arena), (unsigned long)checks);
  TEST_CHECK(mps_collections(shared.world.arena) > 0);
  TEST_CHECK(checks > 0);
  mps_arena_park(shared.world.arena);
  testfmt_world_destroy(&shared.world);
}

int main(int argc, char **argv) {
  static const unsigned counts[] = {2, 4, 8};
  const char *stress = getenv("MPS_STRESS");
  size_t steps = (stress != NULL && strcmp(stress, "1") == 0) ? 1000 : 10000;
  unsigned long seed;
  size_t i;
  (void)argc;
  (void)argv;
  testlib_init("gc_threads");
  seed = testlib_random();
  for (i = 0; i < sizeof counts / sizeof counts[0]; ++i) {
    run(counts[i], 0, steps, seed);
    run(counts[i], 1, steps, seed);
  }
  return testlib_pass();
}
