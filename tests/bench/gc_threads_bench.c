/* gc_threads_bench.c -- allocation throughput of the binary-tree workload
 * on one and on two mutator threads (issue: threads; docs/benchmarks.md).
 *
 * Each thread registers itself, makes a thread root for its stack (the
 * trees' nodes are held only by C locals while they are built, so the
 * collector finds them through the ambiguous stack scan), and repeatedly
 * builds and checks a binary tree of --depth through its own allocation
 * point in a shared AMC pool, keeping one long-lived tree as well.  With T
 * threads each thread builds --trees trees; the figure is trees per second
 * over all threads, and the speed-up is the two-thread rate over the
 * one-thread rate measured in the same run.  Medians of --repeat runs.
 * "gc s" is the time inside collections (from the gc_start and gc message
 * clocks); collections are serial and stop every thread, so that share
 * does not shrink with a second thread.  The pool uses the arena's default
 * chain, or with --nursery-per-thread a chain whose nursery grows with the
 * thread count.  Two peers run in the same process: the same trees
 * bump-allocated with no collector (the most this workload can gain from a
 * second thread on this machine), and a CPU-bound loop (how much of a
 * second core there was at that moment).
 *
 * A benchmark, not a timed test: the smoke test only checks that a tiny
 * run completes with the right checksums. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_options.h"
#include "mps.h"
#include "mpslib.h"
#include "mpsavm.h"
#include "mpscamc.h"

typedef mps_word_t word;
enum { T_NODE = 1, T_FWD = 2, T_PAD = 3 };
#define NODE_BYTES (4 * sizeof(word)) /* header, value, left, right */

static unsigned depth = 14, long_depth = 16;
static unsigned long trees = 40, repeat = 3;
static unsigned long nursery_kib; /* --nursery-per-thread: 0 = the arena's default chain */
static unsigned only_threads;
static double spare = -1.0; /* --spare: MPS_KEY_SPARE (default: the arena's) */ /* --threads N: run only that configuration (for profiling) */
static unsigned long last_collections; /* of the most recent run */
static double last_gc_seconds;          /* time inside its collections */
static double last_survived_mib;        /* condemned bytes that survived, over its collections */

static void die(const char *what, long code) {
  fprintf(stderr, "gc_threads_bench: %s (%ld)\n", what, code);
  exit(1);
}

/* ---- The format: nodes, forwarding objects, padding ----------------------- */

static size_t obj_size(const word *p) { return (p[0] & 3) == T_PAD ? (size_t)(p[0] >> 2) : NODE_BYTES; }

static mps_res_t obj_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  MPS_SCAN_BEGIN(ss) {
    word *p = base;
    while (p < (word *)limit) {
      if ((p[0] & 3) == T_NODE) {
        int i;
        for (i = 2; i < 4; ++i) {
          mps_addr_t ref = (mps_addr_t)p[i];
          if (MPS_FIX1(ss, ref)) {
            mps_res_t res = MPS_FIX2(ss, &ref);
            if (res != MPS_RES_OK) return res;
            p[i] = (word)ref;
          }
        }
      }
      p = (word *)((char *)p + obj_size(p));
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}
static mps_addr_t obj_skip(mps_addr_t p) { return (char *)p + obj_size(p); }
static void obj_fwd(mps_addr_t old, mps_addr_t new_addr) {
  word *p = old;
  p[0] = (p[0] & ~(word)3) | T_FWD;
  p[1] = (word)new_addr;
}
static mps_addr_t obj_isfwd(mps_addr_t p) { return (((word *)p)[0] & 3) == T_FWD ? (mps_addr_t)((word *)p)[1] : NULL; }
static void obj_pad(mps_addr_t base, size_t size) { ((word *)base)[0] = ((word)size << 2) | T_PAD; }

/* ---- The workload --------------------------------------------------------------- */

static word *new_node(mps_ap_t ap, word *left, word *right) {
  mps_addr_t p;
  word *w;
  do {
    mps_res_t res = mps_reserve(&p, ap, NODE_BYTES);
    if (res != MPS_RES_OK) die("mps_reserve", res);
    w = p;
    w[0] = ((word)NODE_BYTES << 2) | T_NODE;
    w[1] = 0;
    w[2] = (word)left;
    w[3] = (word)right;
  } while (!mps_commit(ap, p, NODE_BYTES));
  return w;
}

static word *make_tree(mps_ap_t ap, unsigned d) {
  word *left, *right;
  if (d == 0) return new_node(ap, NULL, NULL);
  left = make_tree(ap, d - 1);
  right = make_tree(ap, d - 1);
  return new_node(ap, left, right);
}

static unsigned long count_nodes(const word *t) {
  return t[2] == 0 ? 1 : 1 + count_nodes((word *)t[2]) + count_nodes((word *)t[3]);
}

struct world {
  mps_arena_t arena;
  mps_pool_t pool;
};

struct worker {
  struct world *world;
  unsigned long nodes; /* counted, to check the trees */
};

static void work(struct worker *w, void *cold) {
  mps_thr_t thread;
  mps_root_t root;
  mps_ap_t ap;
  word *volatile long_lived;
  unsigned long i;
  mps_res_t res;
  if ((res = mps_thread_reg(&thread, w->world->arena)) != MPS_RES_OK) die("mps_thread_reg", res);
  if ((res = mps_root_create_thread(&root, w->world->arena, thread, cold)) != MPS_RES_OK) die("thread root", res);
  if ((res = mps_ap_create_k(&ap, w->world->pool, mps_args_none)) != MPS_RES_OK) die("mps_ap_create_k", res);
  long_lived = make_tree(ap, long_depth);
  for (i = 0; i < trees; ++i) w->nodes += count_nodes(make_tree(ap, depth));
  w->nodes += count_nodes(long_lived);
  mps_ap_destroy(ap);
  mps_root_destroy(root);
  mps_thread_dereg(thread);
}

static void *worker_main(void *p) {
  void *cold = p;
  void (*volatile body)(struct worker *, void *) = work; /* a real call: cold is above its frame */
  body(p, &cold);
  return NULL;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Seconds spent in collections, from the clocks of the gc_start and gc
 * messages (every collection posts one of each, in order). */
static double collection_seconds(mps_arena_t arena) {
  mps_message_t m;
  double starts = 0.0, ends = 0.0;
  while (mps_message_get(&m, arena, mps_message_type_gc_start())) {
    starts += (double)mps_message_clock(arena, m);
    mps_message_discard(arena, m);
  }
  last_survived_mib = 0.0;
  while (mps_message_get(&m, arena, mps_message_type_gc())) {
    ends += (double)mps_message_clock(arena, m);
    last_survived_mib += (double)mps_message_gc_live_size(arena, m) / (1024.0 * 1024.0);
    mps_message_discard(arena, m);
  }
  return (ends - starts) / (double)mps_clocks_per_sec();
}

/* Runs the workload on `n` threads in a fresh arena; returns seconds. */
static double run(unsigned n) {
  struct world world;
  mps_fmt_t fmt;
  mps_chain_t chain = NULL;
  struct worker workers[2];
  pthread_t ids[2];
  unsigned i;
  double start, seconds;
  unsigned long expect = ((1UL << (depth + 1)) - 1) * trees + ((1UL << (long_depth + 1)) - 1);
  mps_res_t res;
  MPS_ARGS_BEGIN(args) {
    if (spare >= 0.0) MPS_ARGS_ADD(args, MPS_KEY_SPARE, spare);
    if ((res = mps_arena_create_k(&world.arena, mps_arena_class_vm(), args)) != MPS_RES_OK) die("arena", res);
  } MPS_ARGS_END(args);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, sizeof(word));
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, obj_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, obj_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, obj_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, obj_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, obj_pad);
    if ((res = mps_fmt_create_k(&fmt, world.arena, args)) != MPS_RES_OK) die("format", res);
  } MPS_ARGS_END(args);
  if (nursery_kib != 0) {
    /* The default chain's shape with the nursery scaled by the thread count. */
    mps_gen_param_s gens[2] = {{0, 0.85}, {36 * 1024, 0.45}};
    gens[0].mps_capacity = nursery_kib * n;
    if ((res = mps_chain_create(&chain, world.arena, 2, gens)) != MPS_RES_OK) die("chain", res);
  }
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, fmt);
    if (chain != NULL) MPS_ARGS_ADD(args, MPS_KEY_CHAIN, chain);
    if ((res = mps_pool_create_k(&world.pool, world.arena, mps_class_amc(), args)) != MPS_RES_OK) die("pool", res);
  } MPS_ARGS_END(args);

  mps_message_type_enable(world.arena, mps_message_type_gc_start());
  mps_message_type_enable(world.arena, mps_message_type_gc());
  start = now();
  for (i = 0; i < n; ++i) {
    workers[i].world = &world;
    workers[i].nodes = 0;
    if (pthread_create(&ids[i], NULL, worker_main, &workers[i]) != 0) die("pthread_create", 0);
  }
  for (i = 0; i < n; ++i) pthread_join(ids[i], NULL);
  seconds = now() - start;
  for (i = 0; i < n; ++i) {
    if (workers[i].nodes != expect) die("a tree lost nodes", (long)workers[i].nodes);
  }
  last_collections = (unsigned long)mps_collections(world.arena);
  mps_arena_park(world.arena);
  last_gc_seconds = collection_seconds(world.arena);
  mps_pool_destroy(world.pool);
  mps_fmt_destroy(fmt);
  if (chain != NULL) mps_chain_destroy(chain);
  mps_arena_destroy(world.arena);
  return seconds;
}

/* ---- The CPU-bound peer: how much of a second core there is ----------------- */

/* A loop that touches no memory.  On a shared machine its two-thread
 * speed-up varies from run to run with what the other tenants do. */
static void *spin(void *p) {
  volatile unsigned long sum = 0;
  unsigned long i, n = *(unsigned long *)p;
  for (i = 0; i < n; ++i) sum += i;
  return NULL;
}

static double spin_run(unsigned n, unsigned long iterations) {
  pthread_t ids[2];
  unsigned i;
  double start = now();
  for (i = 0; i < n; ++i) {
    if (pthread_create(&ids[i], NULL, spin, &iterations) != 0) die("pthread_create", 0);
  }
  for (i = 0; i < n; ++i) pthread_join(ids[i], NULL);
  return now() - start;
}

/* ---- The ceiling: the same trees with no collector -------------------------- */

/* Each thread builds the same trees by bumping a pointer through a private
 * region as big as its share of the nursery, starting again at the bottom
 * when it is full (a tree is always smaller than the region, and only the
 * tree in progress is live), and keeps its long-lived tree in a region of
 * its own.  No allocator can be cheaper, so its two-thread speed-up is the
 * most this workload can get on this machine: the trees are memory-bound,
 * and two hardware threads that share a core's caches and load ports scale
 * far less than the CPU-bound loop above. */
struct bump {
  char *base, *next, *limit;
};

static void bump_init(struct bump *b, size_t bytes) {
  b->base = malloc(bytes);
  if (b->base == NULL) die("malloc", (long)bytes);
  b->next = b->base;
  b->limit = b->base + bytes;
}

static word *bump_node(struct bump *b, word *left, word *right) {
  word *w;
  if ((size_t)(b->limit - b->next) < NODE_BYTES) b->next = b->base;
  w = (word *)b->next;
  b->next += NODE_BYTES;
  w[0] = ((word)NODE_BYTES << 2) | T_NODE;
  w[1] = 0;
  w[2] = (word)left;
  w[3] = (word)right;
  return w;
}

static word *bump_tree(struct bump *b, unsigned d) {
  word *left, *right;
  if (d == 0) return bump_node(b, NULL, NULL);
  left = bump_tree(b, d - 1);
  right = bump_tree(b, d - 1);
  return bump_node(b, left, right);
}

static size_t bump_region_bytes(void) {
  size_t tree = ((size_t)2 << depth) * NODE_BYTES;
  size_t nursery = (nursery_kib != 0 ? nursery_kib : 8192) << 10;
  return nursery > tree ? nursery : tree;
}

static void *bump_main(void *p) {
  struct worker *w = p;
  struct bump young, old;
  word *long_lived;
  unsigned long i;
  bump_init(&young, bump_region_bytes());
  bump_init(&old, ((size_t)2 << long_depth) * NODE_BYTES);
  long_lived = bump_tree(&old, long_depth);
  for (i = 0; i < trees; ++i) w->nodes += count_nodes(bump_tree(&young, depth));
  w->nodes += count_nodes(long_lived);
  free(young.base);
  free(old.base);
  return NULL;
}

static double bump_run(unsigned n) {
  struct worker workers[2];
  pthread_t ids[2];
  unsigned i;
  unsigned long expect = ((1UL << (depth + 1)) - 1) * trees + ((1UL << (long_depth + 1)) - 1);
  double start = now();
  for (i = 0; i < n; ++i) {
    workers[i].world = NULL;
    workers[i].nodes = 0;
    if (pthread_create(&ids[i], NULL, bump_main, &workers[i]) != 0) die("pthread_create", 0);
  }
  for (i = 0; i < n; ++i) pthread_join(ids[i], NULL);
  for (i = 0; i < n; ++i) {
    if (workers[i].nodes != expect) die("a bump-allocated tree lost nodes", (long)workers[i].nodes);
  }
  return now() - start;
}

/* ---- Driver ------------------------------------------------------------------- */

struct result {
  double seconds, gc_seconds, survived_mib;
  unsigned long collections;
};

static int compare_results(const void *a, const void *b) {
  double x = ((const struct result *)a)->seconds, y = ((const struct result *)b)->seconds;
  return x < y ? -1 : x > y;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static struct result measure(unsigned n) {
  struct result res;
  res.seconds = run(n);
  res.gc_seconds = last_gc_seconds;
  res.survived_mib = last_survived_mib;
  res.collections = last_collections;
  return res;
}

static void print_header(void) {
  printf("%-8s %9s %11s %12s %12s %9s %9s\n", "threads", "seconds", "trees/s", "collections", "survived MiB",
         "gc s", "other s");
}

static void print_row(unsigned n, const struct result *r) {
  printf("%-8u %9.3f %11.1f %12lu %12.1f %9.3f %9.3f\n", n, r->seconds, (double)(n * trees) / r->seconds,
         r->collections, r->survived_mib, r->gc_seconds, r->seconds - r->gc_seconds);
}

int main(int argc, char **argv) {
  struct result one[16], two[16];
  double spin1[16], spin2[16], bump1[16], bump2[16];
  unsigned long spin_iterations;
  unsigned long r;
  int i;
  char cpu[128];
  for (i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--depth") == 0 && i + 1 < argc) depth = (unsigned)atoi(argv[++i]);
    else if (strcmp(argv[i], "--long-depth") == 0 && i + 1 < argc) long_depth = (unsigned)atoi(argv[++i]);
    else if (strcmp(argv[i], "--trees") == 0 && i + 1 < argc) trees = strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--nursery-per-thread") == 0 && i + 1 < argc) nursery_kib = strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--spare") == 0 && i + 1 < argc) spare = atof(argv[++i]);
    else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) only_threads = (unsigned)atoi(argv[++i]);
    else {
      fprintf(stderr, "usage: gc_threads_bench [--depth D] [--long-depth D] [--trees N] [--repeat R]\n"
                      "                        [--nursery-per-thread KiB] [--spare F] [--threads 1|2]\n");
      return 2;
    }
  }
  if (repeat < 1 || repeat > 16 || depth > 24 || long_depth > 24 || only_threads > 2 || spare > 1.0) {
    fprintf(stderr, "gc_threads_bench: --repeat must be 1..16, depths at most 24, --threads 1 or 2, --spare at most 1\n");
    return 2;
  }
  spin_iterations = trees << (depth + 4); /* about as long as the one-thread run */
  cpu_model(cpu, sizeof cpu);
  printf("binary trees of depth %u, %lu per thread, one long-lived tree of depth %u per thread; AMC, thread roots\n",
         depth, trees, long_depth);
  if (nursery_kib != 0) printf("chain: nursery %lu KiB per thread, then 36864 KiB\n", nursery_kib);
  else printf("chain: the arena's default (8192 KiB nursery, then 36864 KiB)\n");
  if (spare >= 0.0) printf("arena: MPS_KEY_SPARE %.2f\n", spare);
  printf("cpu: %s; medians of %lu runs\n", cpu, repeat);
  if (only_threads != 0) { /* one configuration, for profiling */
    for (r = 0; r < repeat; ++r) one[r] = measure(only_threads);
    qsort(one, repeat, sizeof one[0], compare_results);
    print_header();
    print_row(only_threads, &one[repeat / 2]);
    return 0;
  }
  for (r = 0; r < repeat; ++r) {
    one[r] = measure(1);
    two[r] = measure(2);
    bump1[r] = bump_run(1);
    bump2[r] = bump_run(2);
    spin1[r] = spin_run(1, spin_iterations);
    spin2[r] = spin_run(2, spin_iterations);
  }
  qsort(one, repeat, sizeof one[0], compare_results);
  qsort(two, repeat, sizeof two[0], compare_results);
  qsort(bump1, repeat, sizeof bump1[0], compare);
  qsort(bump2, repeat, sizeof bump2[0], compare);
  qsort(spin1, repeat, sizeof spin1[0], compare);
  qsort(spin2, repeat, sizeof spin2[0], compare);
  print_header();
  print_row(1, &one[repeat / 2]);
  print_row(2, &two[repeat / 2]);
  printf("speed-up (2 threads over 1): %.2fx\n", 2.0 * one[repeat / 2].seconds / two[repeat / 2].seconds);
  printf("ceiling, the same trees bump-allocated and never collected: %.3f s, %.3f s: %.2fx\n", bump1[repeat / 2],
         bump2[repeat / 2], 2.0 * bump1[repeat / 2] / bump2[repeat / 2]);
  printf("peer, a CPU-bound loop on the same machine: %.2fx (how much of a second core there was)\n",
         2.0 * spin1[repeat / 2] / spin2[repeat / 2]);
  return 0;
}
