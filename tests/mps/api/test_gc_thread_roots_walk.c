/* test_gc_thread_roots_walk.c -- mps_arena_roots_walk reports what thread
 * roots hold.
 *
 * A worker thread holds an object only in a local of a frame below its
 * thread root's cold end and waits; the main thread, registered too, holds
 * another only on its own stack.  The walk must report each object with
 * the thread root that holds it, and nothing may move: the walk only
 * reports.  Written against the public headers only. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscamc.h"
#include "testfmt.h"
#include "testlib.h"

enum { WORKER_KEY = 0x3017, MAIN_KEY = 0x3018 };

static testfmt_world world;
static mps_root_t worker_root, main_root;
static obj_s *worker_obj, *main_obj; /* addresses only, for comparison */
/* Flags between the threads, read and written atomically. */
static int holding, release_worker;
#define FLAG_SET(flag, value) __atomic_store_n(&(flag), (value), __ATOMIC_SEQ_CST)
#define FLAG_GET(flag) __atomic_load_n(&(flag), __ATOMIC_SEQ_CST)

/* What the walk saw: whether each object came with the root holding it.
 * (A scan is conservative: a stale copy of an address in some live frame
 * may report it with another root as well.) */
static struct {
  int worker_by_worker_root, main_by_main_root;
  unsigned long refs;
} seen;

static void stepper(mps_addr_t *ref, mps_root_t root, void *p, size_t s) {
  (void)s;
  TEST_CHECK(p == &seen);
  ++seen.refs;
  if (*ref == (mps_addr_t)worker_obj && root == worker_root) seen.worker_by_worker_root = 1;
  if (*ref == (mps_addr_t)main_obj && root == main_root) seen.main_by_main_root = 1;
}

static void worker_holds(mps_ap_t ap) {
  obj_s *volatile held = testfmt_alloc(ap, WORKER_KEY, NULL);
  __atomic_store_n(&worker_obj, (obj_s *)held, __ATOMIC_SEQ_CST);
  FLAG_SET(holding, 1);
  while (!FLAG_GET(release_worker)) usleep(100);
  TEST_CHECK(held->key == WORKER_KEY);
}

static void *worker(void *unused) {
  mps_thr_t thread;
  mps_ap_t ap;
  void *cold = &cold;
  void (*volatile body)(mps_ap_t) = worker_holds; /* a real call: cold is above its frame */
  (void)unused;
  TEST_CHECK_RES(mps_thread_reg(&thread, world.arena), MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_thread(&worker_root, world.arena, thread, cold), MPS_RES_OK);
  TEST_CHECK_RES(mps_ap_create_k(&ap, world.pool, mps_args_none), MPS_RES_OK);
  body(ap);
  mps_ap_destroy(ap);
  mps_root_destroy(worker_root);
  mps_thread_dereg(thread);
  return NULL;
}

static void main_holds_and_walks(void) {
  obj_s *volatile held = testfmt_alloc(world.ap, MAIN_KEY, NULL);
  pthread_t id;
  main_obj = (obj_s *)held;
  TEST_CHECK(pthread_create(&id, NULL, worker, NULL) == 0);
  while (!FLAG_GET(holding)) usleep(100);

  mps_arena_park(world.arena);
  mps_arena_roots_walk(world.arena, stepper, &seen, 0);
  TEST_CHECK(seen.worker_by_worker_root);
  TEST_CHECK(seen.main_by_main_root);
  TEST_CHECK(held == main_obj); /* reported, not moved */
  /* The walk stopped the worker and let it go again: it still runs. */
  mps_arena_release(world.arena);
  FLAG_SET(release_worker, 1);
  TEST_CHECK(pthread_join(id, NULL) == 0);
  TEST_CHECK(held->key == MAIN_KEY);
}

int main(void) {
  mps_thr_t thread;
  void *cold = &cold;
  void (*volatile body)(void) = main_holds_and_walks;
  testlib_init("test_gc_thread_roots_walk");
  testfmt_world_create(&world, 0, NULL);
  TEST_CHECK_RES(mps_thread_reg(&thread, world.arena), MPS_RES_OK);
  TEST_CHECK_RES(mps_root_create_thread(&main_root, world.arena, thread, cold), MPS_RES_OK);
  body();
  mps_arena_park(world.arena);
  mps_root_destroy(main_root);
  mps_thread_dereg(thread);
  testfmt_world_destroy(&world);
  return testlib_pass();
}
