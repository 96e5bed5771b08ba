/* manual_pools_bench.c: random allocate/free benchmark of the MPS manual
 * pools (MVFF, MVT, MFS, SAC on MVFF) against glibc malloc.
 *
 * Workload (identical for every allocator; see README.md): an array of
 * --slots live blocks; each pass frees each slot with probability
 * --fraction, then reallocates the freed slots with sizes drawn from
 * [--min-size, --max-size]; with probability --nest-prob a pass runs a
 * nested phase that allocates a burst of short-lived blocks (recursing up
 * to --nest-depth levels) and frees them before the pass ends.  The first
 * and last byte of every block are tagged at allocation and checked before
 * it is freed.  Each allocator runs in its own forked child so that its
 * peak resident set (wait4) and its workload time are measured separately.
 *
 * Written against the public MPS headers only, plus POSIX.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "mps.h"
#include "mpsavm.h"
#include "mpscmfs.h"
#include "mpscmvff.h"
#include "mpscmvt.h"
#include "mpslib.h"

#include "bench_options.h"

/* ---- Allocators --------------------------------------------------------- */

enum kind { K_MALLOC, K_MVFF, K_MVFF_AP, K_MVT_AP, K_MVFF_SAC,
            K_MALLOC_FIXED, K_MFS, K_COUNT, K_BASELINE = K_COUNT };

static const char *const names[] = {
  "malloc", "mvff", "mvff-ap", "mvt-ap", "mvff-sac", "malloc-fixed", "mfs"};

static const struct allocator {      /* indexed by kind, as names */
  int fixed;                    /* every size replaced by --unit-size */
  enum kind peer;               /* ratios are against this row */
} allocators[K_COUNT] = {
  {0, K_MALLOC},
  {0, K_MALLOC},
  {0, K_MALLOC},
  {0, K_MALLOC},
  {0, K_MALLOC},
  {1, K_MALLOC_FIXED},
  {1, K_MALLOC_FIXED},
};

/* ---- Child state -------------------------------------------------------- */

struct slot { unsigned char *p; uint32_t size; unsigned char tag; };

/* What a child sends back through its pipe. */
struct result {
  int ok;
  double seconds;
  uint64_t nalloc, nfree, bytes, hash;  /* identical for every allocator */
};

static struct {
  enum kind kind;
  int fixed;
  mps_arena_t arena;
  mps_pool_t pool;
  mps_ap_t ap;
  mps_sac_t sac;
  uint64_t rng;
  double log_min, log_max;
  struct slot *slots, *bursts;
  struct result r;
} st;

static void die(const char *what, long code)
{
  fprintf(stderr, "manual_pools_bench: %s: %s (%ld)\n",
          st.kind < K_COUNT ? names[st.kind] : "baseline", what, code);
  fflush(stderr);
  abort();
}

static void assert_handler(const char *file, unsigned line, const char *cond)
{
  fprintf(stderr, "manual_pools_bench: MPS assertion failed: %s:%u: %s\n",
          file, line, cond);
  abort();
}

/* xorshift64*, seeded through splitmix64: the only source of randomness,
 * and nothing drawn depends on the allocator, so every child performs
 * exactly the same sequence of operations. */
static uint64_t rnd(void)
{
  uint64_t x = st.rng;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  st.rng = x;
  return x * UINT64_C(0x2545F4914F6CDD1D);
}

static int coin(double p)
{
  return (double)(rnd() >> 11) * 0x1.0p-53 < p;
}

static size_t draw_size(void)
{
  uint64_t r = rnd();
  size_t s;
  if (opt.uniform) {
    s = opt.min_size + (size_t)(r % (opt.max_size - opt.min_size + 1));
  } else {
    double u = (double)(r >> 11) * 0x1.0p-53;
    s = (size_t)exp(st.log_min + u * (st.log_max - st.log_min));
    if (s < opt.min_size) s = opt.min_size;
    if (s > opt.max_size) s = opt.max_size;
  }
  return ROUND_UP(s);
}

static void mix(uint64_t v)
{
  st.r.hash = (st.r.hash ^ v) * UINT64_C(0x100000001B3);
}

static void alloc_slot(struct slot *sl)
{
  size_t drawn = draw_size();
  size_t size = st.fixed ? opt.unit_size : drawn;
  unsigned char tag = (unsigned char)(st.r.nalloc * 167 + 13);
  mps_addr_t p = NULL;
  mps_res_t res = MPS_RES_OK;

  switch (st.kind) {
  case K_MALLOC: case K_MALLOC_FIXED:
    p = malloc(size);
    if (p == NULL) res = MPS_RES_MEMORY;
    break;
  case K_MVFF: case K_MFS:
    res = mps_alloc(&p, st.pool, size);
    break;
  case K_MVFF_AP: case K_MVT_AP:
    do {
      res = mps_reserve(&p, st.ap, size);
      if (res != MPS_RES_OK) break;
      ((unsigned char *)p)[0] = tag;   /* initialise before commit */
    } while (!mps_commit(st.ap, p, size));
    break;
  case K_MVFF_SAC:
    MPS_SAC_ALLOC_FAST(res, p, st.sac, size, 0);
    break;
  default:
    die("bad allocator", st.kind);
  }
  if (res != MPS_RES_OK) die("allocation failed", res);
  if (p == NULL) die("allocation returned NULL", 0);
  if (((uintptr_t)p & (ALIGN - 1)) != 0) die("misaligned block", (long)(uintptr_t)p);
  sl->p = p;
  sl->size = (uint32_t)size;
  sl->tag = tag;
  sl->p[0] = tag;
  sl->p[size - 1] = tag;
  st.r.nalloc++;
  st.r.bytes += drawn;
  mix(drawn);
}

static void free_slot(struct slot *sl)
{
  unsigned char *p = sl->p;
  size_t size = sl->size;
  if (p[0] != sl->tag || p[size - 1] != sl->tag) {
    fprintf(stderr, "manual_pools_bench: %s: block %p of %zu bytes lost its tag "
            "(first %u, last %u, expected %u)\n", names[st.kind],
            (void *)p, size, p[0], p[size - 1], sl->tag);
    abort();
  }
  switch (st.kind) {
  case K_MALLOC: case K_MALLOC_FIXED:
    free(p);
    break;
  case K_MVFF: case K_MFS: case K_MVFF_AP: case K_MVT_AP:
    mps_free(st.pool, p, size);
    break;
  case K_MVFF_SAC:
    MPS_SAC_FREE_FAST(st.sac, (mps_addr_t)p, size);
    break;
  default:
    die("bad allocator", st.kind);
  }
  sl->p = NULL;
  st.r.nfree++;
  mix(~(uint64_t)sl->tag);
}

/* A burst of short-lived blocks, freed (in allocation order) before the
 * pass ends; halfway through, possibly a deeper burst. */
static void nested(unsigned depth)
{
  struct slot *b = st.bursts + (size_t)depth * opt.burst;
  unsigned long n = opt.burst / 2 + (unsigned long)(rnd() % (opt.burst - opt.burst / 2 + 1));
  int deeper = depth + 1 < opt.nest_depth && coin(opt.nest_prob);
  unsigned long i;
  for (i = 0; i < n; ++i) {
    if (i == n / 2 && deeper) nested(depth + 1);
    alloc_slot(&b[i]);
  }
  for (i = 0; i < n; ++i) free_slot(&b[i]);
}

static void workload(void)
{
  unsigned long pass, i, n = opt.slots;
  for (i = 0; i < n; ++i) alloc_slot(&st.slots[i]);
  for (pass = 0; pass < opt.passes; ++pass) {
    unsigned long nest_at = ULONG_MAX;
    if (opt.nest_depth > 0 && opt.burst > 0 && coin(opt.nest_prob))
      nest_at = (unsigned long)(rnd() % n);
    for (i = 0; i < n; ++i)
      if (coin(opt.fraction)) free_slot(&st.slots[i]);
    for (i = 0; i < n; ++i) {
      if (i == nest_at) nested(0);
      if (st.slots[i].p == NULL) alloc_slot(&st.slots[i]);
    }
  }
  for (i = 0; i < n; ++i) free_slot(&st.slots[i]);
}

static void setup_mps(void)
{
  mps_res_t res;
  size_t mean = (size_t)(opt.uniform ? (opt.min_size + opt.max_size) / 2
                         : opt.max_size == opt.min_size ? (double)opt.min_size
                         : (opt.max_size - opt.min_size) / (st.log_max - st.log_min));
  mean = ROUND_UP(mean < opt.min_size ? opt.min_size : mean);

  mps_lib_assert_fail_install(assert_handler);
  res = mps_arena_create_k(&st.arena, mps_arena_class_vm(), mps_args_none);
  if (res != MPS_RES_OK) die("mps_arena_create_k", res);

  if (st.kind == K_MFS) {
    MPS_ARGS_BEGIN(args) {
      MPS_ARGS_ADD(args, MPS_KEY_MFS_UNIT_SIZE, opt.unit_size);
      res = mps_pool_create_k(&st.pool, st.arena, mps_class_mfs(), args);
    } MPS_ARGS_END(args);
  } else if (st.kind == K_MVT_AP) {
    MPS_ARGS_BEGIN(args) {
      MPS_ARGS_ADD(args, MPS_KEY_MIN_SIZE, opt.min_size);
      MPS_ARGS_ADD(args, MPS_KEY_MEAN_SIZE, mean);
      MPS_ARGS_ADD(args, MPS_KEY_MAX_SIZE, opt.max_size);
      res = mps_pool_create_k(&st.pool, st.arena, mps_class_mvt(), args);
    } MPS_ARGS_END(args);
  } else {
    MPS_ARGS_BEGIN(args) {
      MPS_ARGS_ADD(args, MPS_KEY_MEAN_SIZE, mean);
      res = mps_pool_create_k(&st.pool, st.arena, mps_class_mvff(), args);
    } MPS_ARGS_END(args);
  }
  if (res != MPS_RES_OK) die("mps_pool_create_k", res);

  if (st.kind == K_MVFF_AP || st.kind == K_MVT_AP) {
    res = mps_ap_create_k(&st.ap, st.pool, mps_args_none);
    if (res != MPS_RES_OK) die("mps_ap_create_k", res);
  } else if (st.kind == K_MVFF_SAC) {
    /* Up to 8 classes, doubling up to --max-size, each caching 64 blocks;
     * equal frequencies (which matches log-uniform sizes). */
    mps_sac_class_s classes[MPS_SAC_CLASS_LIMIT];
    size_t n = 0, k;
    for (k = 0; k < MPS_SAC_CLASS_LIMIT; ++k) {
      size_t s = ROUND_UP(opt.max_size >> (MPS_SAC_CLASS_LIMIT - 1 - k));
      if (s < opt.min_size || (n > 0 && s <= classes[n - 1].mps_block_size)) continue;
      classes[n].mps_block_size = s;
      classes[n].mps_cached_count = 64;
      classes[n].mps_frequency = 1;
      ++n;
    }
    res = mps_sac_create(&st.sac, st.pool, n, classes);
    if (res != MPS_RES_OK) die("mps_sac_create", res);
  }
}

static void teardown_mps(void)
{
  if (st.sac != NULL) mps_sac_destroy(st.sac);
  if (st.ap != NULL) mps_ap_destroy(st.ap);
  mps_pool_destroy(st.pool);
  mps_arena_destroy(st.arena);
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The body of a child: returns through the pipe, then _exit(0). */
static void child(enum kind kind, int fd)
{
  double t0;
  unsigned long i;
  int is_mps = kind != K_MALLOC && kind != K_MALLOC_FIXED && kind != K_BASELINE;
  st.kind = kind;
  st.fixed = kind < K_COUNT && allocators[kind].fixed;
  st.rng = opt.seed + UINT64_C(0x9E3779B97F4A7C15);
  st.rng = (st.rng ^ (st.rng >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  st.rng = (st.rng ^ (st.rng >> 27)) * UINT64_C(0x94D049BB133111EB);
  st.rng ^= st.rng >> 31;
  if (st.rng == 0) st.rng = 1;
  st.log_min = log((double)opt.min_size);
  st.log_max = log((double)opt.max_size + 1.0);
  /* Bookkeeping, the same in every child (the baseline child measures it). */
  st.slots = calloc(opt.slots, sizeof *st.slots);
  st.bursts = calloc(opt.burst * opt.nest_depth + 1, sizeof *st.bursts);
  if (st.slots == NULL || st.bursts == NULL) die("no memory for bookkeeping", 0);
  for (i = 0; i < opt.slots; ++i) st.slots[i].tag = 1;       /* touch it */
  for (i = 0; i < opt.burst * opt.nest_depth + 1; ++i) st.bursts[i].tag = 1;
  if (is_mps) setup_mps();
  t0 = now();
  if (kind != K_BASELINE) workload();
  st.r.seconds = now() - t0;
  if (is_mps) teardown_mps();
  st.r.ok = 1;
  if (write(fd, &st.r, sizeof st.r) != (ssize_t)sizeof st.r) _exit(3);
  _exit(0);
}

static void child_entry(int kind, int fd) { child((enum kind)kind, fd); }

/* Runs one allocator in a child; returns 0 on success. */
static int run(enum kind kind, struct result *r, double *rss_mib)
{
  const char *what = kind < K_COUNT ? names[kind] : "baseline";
  if (run_in_child(child_entry, (int)kind, r, sizeof *r, rss_mib, "manual_pools_bench", what) != 0) return 1;
  if (!r->ok) {
    fprintf(stderr, "manual_pools_bench: %s failed (its result says so)\n", what);
    return 1;
  }
  return 0;
}

/* ---- Parent ------------------------------------------------------------- */

int main(int argc, char **argv)
{
  int selected[K_COUNT] = {0};
  static double times[K_COUNT][256], rsss[K_COUNT][256];
  double t_med[K_COUNT], rss_med[K_COUNT], base_rss;
  struct result first = {0}, r;
  int have_first = 0, failures = 0;
  unsigned long rep;
  unsigned k;
  char cpu[200];

  parse_options(argc, argv, names, K_COUNT);
  if (opt.repeat > 256) opt.repeat = 256;
  if (opt.only == NULL) {
    for (k = 0; k < K_COUNT; ++k) selected[k] = 1;
  } else {
    char *list = strdup(opt.only), *save = NULL, *name;
    for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
      for (k = 0; k < K_COUNT && strcmp(name, names[k]) != 0; ++k) {}
      if (k == K_COUNT) {
        fprintf(stderr, "manual_pools_bench: unknown allocator '%s'\n", name);
        usage(stderr, names, K_COUNT);
        return 2;
      }
      selected[k] = selected[allocators[k].peer] = 1;
    }
    free(list);
  }

  cpu_model(cpu, sizeof cpu);
  printf("manual_pools_bench: %s, %ld CPUs online, MPS_PF_ALIGN %zu\n",
         cpu, sysconf(_SC_NPROCESSORS_ONLN), ALIGN);
  printf("seed %lu; %lu slots, %lu passes, fraction %g, sizes %s in [%zu, %zu]; "
         "bursts of ~%lu (prob %g, depth %u); fixed unit %zu; repeat %lu\n",
         opt.seed, opt.slots, opt.passes, opt.fraction,
         opt.uniform ? "uniform" : "log-uniform", opt.min_size, opt.max_size,
         opt.burst, opt.nest_prob, opt.nest_depth, opt.unit_size, opt.repeat);

  if (run(K_BASELINE, &r, &base_rss) != 0) return 1;

  for (rep = 0; rep < opt.repeat; ++rep) {
    for (k = 0; k < K_COUNT; ++k) {
      if (!selected[k]) continue;
      if (run((enum kind)k, &r, &rsss[k][rep]) != 0) {
        ++failures;
        selected[k] = 0;         /* no row for a broken allocator */
        continue;
      }
      times[k][rep] = r.seconds;
      if (!have_first) {
        first = r;
        have_first = 1;
      } else if (r.nalloc != first.nalloc || r.nfree != first.nfree
                 || r.bytes != first.bytes || r.hash != first.hash) {
        fprintf(stderr, "manual_pools_bench: %s performed a different operation "
                "sequence\n", names[k]);
        ++failures;
      }
    }
  }
  if (have_first)
    printf("per run: %llu allocations, %llu frees, %.1f MiB requested "
           "(before fixed-size replacement); baseline child RSS %.1f MiB\n",
           (unsigned long long)first.nalloc, (unsigned long long)first.nfree,
           (double)first.bytes / 1048576.0, base_rss);

  for (k = 0; k < K_COUNT; ++k) {
    if (!selected[k]) continue;
    t_med[k] = median(times[k], opt.repeat);
    rss_med[k] = median(rsss[k], opt.repeat);
  }
  printf("\n%-13s %10s %15s %10s %9s  %s\n", "allocator", "time (s)",
         "peak RSS (MiB)", "time/peer", "RSS/peer", "peer");
  for (k = 0; k < K_COUNT; ++k) {
    enum kind p = allocators[k].peer;
    if (!selected[k]) continue;
    printf("%-13s %10.3f %15.1f", names[k], t_med[k], rss_med[k]);
    if (selected[p] && t_med[p] > 0 && rss_med[p] > 0)
      printf(" %10.2f %9.2f  %s\n", t_med[k] / t_med[p], rss_med[k] / rss_med[p],
             names[p]);
    else
      printf(" %10s %9s  %s\n", "-", "-", names[p]);
  }
  if (failures != 0) {
    fprintf(stderr, "manual_pools_bench: %d failure(s)\n", failures);
    return 1;
  }
  return 0;
}
