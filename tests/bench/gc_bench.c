/* gc_bench.c: the binary-tree allocation benchmark, MPS AMC against the
 * Boehm-Demers-Weiser conservative collector (BDW, Debian libgc).
 *
 * Workload (identical for both collectors; see README.md): --iterations
 * times, build a complete tree of --width and --depth from small vectors,
 * then make --passes new trees from it, each reusing a node of the old tree
 * with probability --reuse (sharing its subtree), updating one in place with
 * probability --update (new value, children rebuilt and stored into the old
 * node) and otherwise allocating a new node.  Single-threaded.  A checksum of
 * the final tree of each iteration (values and shape, never addresses) must
 * be the same for both collectors.  Each collector runs in its own forked
 * child so that its peak resident set (wait4) and its workload time are
 * measured separately.
 *
 * Written against the public MPS headers and <gc.h> only, plus POSIX.
 * Built without BDW (HAVE_BDW undefined) when libgc is not installed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
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
#include "mpscamc.h"
#include "mpslib.h"

#ifdef HAVE_BDW
#include <gc.h>
#endif

#include "bench_options.h"   /* median(), cpu_model() */

typedef mps_word_t word;

/* ---- Options ------------------------------------------------------------- */

#define MAX_GENS 8

static struct {
  unsigned depth, width;
  unsigned long iterations, passes, seed, repeat;
  double reuse, update;
  const char *only;
  size_t gens;                          /* 0: the arena's default chain */
  mps_gen_param_s gen[MAX_GENS];
  size_t extend_by;                     /* 0: AMC's default MPS_KEY_EXTEND_BY */
} g = {20, 2, 5, 10, 42, 1, 0.2, 0.1, NULL, 0, {{0, 0}}, 0};

/* ---- Collectors ---------------------------------------------------------- */

enum kind { K_AMC, K_BDW, K_COUNT, K_BASELINE = K_COUNT };
static const char *const names[] = {"amc", "bdw"};
#ifdef HAVE_BDW
static const int available[K_COUNT] = {1, 1};
#else
static const int available[K_COUNT] = {1, 0};
#endif

#define MAX_WHY 4

/* What a child sends back through its pipe. */
struct result {
  int ok;
  double seconds;
  uint64_t checksum, final_nodes;       /* identical for both collectors */
  uint64_t allocated, alloc_bytes, reused, updated;   /* identical too */
  unsigned long collections;            /* gc messages / GC_get_gc_no() */
  unsigned long epoch;                  /* MPS: mps_collections() */
  double max_pause, total_pause;        /* seconds */
  double max_slow;                      /* MPS: longest mps_ap_fill */
  double condemned, live;               /* MPS: bytes, summed over gc messages */
  int bdw_parallel;                     /* BDW: GC_get_parallel() */
  unsigned nwhy;
  unsigned long why_count[MAX_WHY];
  char why[MAX_WHY][96];
};

/* ---- Child state --------------------------------------------------------- */

/* Node layout, the same for both collectors (no in-band header offset: the
 * client pointer is the block's base):
 *   w[0]  header: (n << 2) | type, n = number of children (vectors,
 *         forwarding objects) or the size in bytes (padding)
 *   w[1]  value: a small integer (< 2^24), never a reference
 *   w[2..2+n)  children: references or NULL
 * A leaf is a vector of no children (16 bytes), an internal node one of
 * --width children (32 bytes for width 2). */
enum { T_VEC = 1, T_FWD = 2, T_PAD = 3 };
#define NODE_BYTES(n) ((2 + (size_t)(n)) * sizeof(word))

/* The root: an explicit stack of node slots (slot 0 holds the current
 * tree).  The MPS registers it as an exact table root; BDW scans it as
 * static data.  The mutator holds a reference in a C local only between MPS
 * calls (no thread root is registered, so nothing pins). */
#define MAX_SLOTS 512
static word *slots[MAX_SLOTS];

static struct {
  enum kind kind;
  uint64_t rng;
  size_t sp;                            /* next free slot */
  mps_arena_t arena;
  mps_fmt_t fmt;
  mps_chain_t chain;
  mps_pool_t pool;
  mps_ap_t ap;
  mps_root_t root;
  int need_drain;
  mps_clock_t starts[64];               /* FIFO of gc_start clocks */
  unsigned nstarts;
  double clocks_per_sec;
  double bdw_start;
  struct result r;
} st;

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, long code)
{
  fprintf(stderr, "gc_bench: %s: %s (%ld)\n",
          st.kind < K_COUNT ? names[st.kind] : "baseline", what, code);
  fflush(stderr);
  abort();
}

static void assert_handler(const char *file, unsigned line, const char *cond)
{
  fprintf(stderr, "gc_bench: MPS assertion failed: %s:%u: %s\n", file, line, cond);
  abort();
}

/* xorshift64* seeded through splitmix64, as manual_pools_bench: nothing
 * drawn depends on the collector. */
static uint64_t rnd(void)
{
  uint64_t x = st.rng;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  st.rng = x;
  return x * UINT64_C(0x2545F4914F6CDD1D);
}

static double unit(void) { return (double)(rnd() >> 11) * 0x1.0p-53; }

/* Values stay below 2^24, far below any heap address, so BDW's
 * conservative scan never mistakes one for a pointer. */
static word value(void) { return (word)(rnd() >> 40); }

/* ---- The MPS format -------------------------------------------------------- */

static size_t obj_size(const word *p)
{
  word h = p[0];
  return (h & 3) == T_PAD ? (size_t)(h >> 2) : NODE_BYTES(h >> 2);
}

static mps_res_t obj_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit)
{
  MPS_SCAN_BEGIN(ss) {
    word *p = base;
    while (p < (word *)limit) {
      word h = p[0];
      if ((h & 3) == T_VEC) {
        size_t i, n = (size_t)(h >> 2);
        for (i = 0; i < n; ++i) {
          mps_addr_t ref = (mps_addr_t)p[2 + i];
          if (MPS_FIX1(ss, ref)) {
            mps_res_t res = MPS_FIX2(ss, &ref);
            if (res != MPS_RES_OK) return res;
            p[2 + i] = (word)ref;
          }
        }
        p += 2 + n;
      } else {
        p = (word *)((char *)p + obj_size(p));
      }
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

static mps_addr_t obj_skip(mps_addr_t p) { return (char *)p + obj_size(p); }

static void obj_fwd(mps_addr_t old, mps_addr_t new_addr)
{
  word *p = old;
  p[0] = (p[0] & ~(word)3) | T_FWD;     /* same n, so the same size */
  p[1] = (word)new_addr;
}

static mps_addr_t obj_isfwd(mps_addr_t p)
{
  return (((word *)p)[0] & 3) == T_FWD ? (mps_addr_t)((word *)p)[1] : NULL;
}

static void obj_pad(mps_addr_t base, size_t size) { ((word *)base)[0] = ((word)size << 2) | T_PAD; }

/* ---- Collector events ------------------------------------------------------- */

static void note_why(const char *why)
{
  unsigned i;
  for (i = 0; i < st.r.nwhy; ++i)
    if (strncmp(st.r.why[i], why, sizeof st.r.why[i] - 1) == 0) break;
  if (i == st.r.nwhy) {
    if (i == MAX_WHY) return;
    snprintf(st.r.why[i], sizeof st.r.why[i], "%s", why);
    ++st.r.nwhy;
  }
  st.r.why_count[i]++;
}

static void note_pause(double seconds)
{
  st.r.total_pause += seconds;
  if (seconds > st.r.max_pause) st.r.max_pause = seconds;
}

/* Collections run to completion inside one MPS call, so every gc message
 * follows its gc_start message; drain all starts, then all ends. */
static void mps_drain(void)
{
  mps_message_t m;
  st.need_drain = 0;
  while (mps_message_get(&m, st.arena, mps_message_type_gc_start())) {
    if (st.nstarts == sizeof st.starts / sizeof st.starts[0]) die("gc_start FIFO full", 0);
    st.starts[st.nstarts++] = mps_message_clock(st.arena, m);
    note_why(mps_message_gc_start_why(st.arena, m));
    mps_message_discard(st.arena, m);
  }
  while (mps_message_get(&m, st.arena, mps_message_type_gc())) {
    mps_clock_t end = mps_message_clock(st.arena, m);
    st.r.collections++;
    st.r.condemned += (double)mps_message_gc_condemned_size(st.arena, m);
    st.r.live += (double)mps_message_gc_live_size(st.arena, m);
    if (st.nstarts > 0) {
      note_pause((double)(end - st.starts[0]) / st.clocks_per_sec);
      memmove(st.starts, st.starts + 1, --st.nstarts * sizeof st.starts[0]);
    }
    mps_message_discard(st.arena, m);
  }
}

#ifdef HAVE_BDW
static void GC_CALLBACK bdw_event(GC_EventType e)
{
  if (e == GC_EVENT_START) {
    st.bdw_start = now();
  } else if (e == GC_EVENT_END) {
    note_pause(now() - st.bdw_start);
  }
}
#endif

/* ---- Allocation -------------------------------------------------------------- */

/* A node of n children with the value v; children from slots[first..first+n)
 * (read after the reserve, as a collection may move them). */
static word *new_node(word v, size_t n, size_t first)
{
  size_t size = NODE_BYTES(n), i;
  word *w;
  st.r.allocated++;
  st.r.alloc_bytes += size;
  if (st.kind == K_AMC) {
    mps_ap_t ap = st.ap;
    mps_addr_t p;
    do {
      /* MPS_RESERVE_BLOCK, with the slow path timed. */
      mps_word_t a = (mps_word_t)ap->alloc, next = a + size;
      if (next > a && next <= (mps_word_t)ap->limit) {
        ap->alloc = (mps_addr_t)next;
        p = ap->init;
      } else {
        double t0 = now(), dt;
        mps_res_t res = mps_ap_fill(&p, ap, size);
        if (res != MPS_RES_OK) die("mps_ap_fill", res);
        dt = now() - t0;
        if (dt > st.r.max_slow) st.r.max_slow = dt;
        st.need_drain = 1;
      }
      w = p;
      w[0] = ((word)n << 2) | T_VEC;
      w[1] = v;
      for (i = 0; i < n; ++i) w[2 + i] = (word)slots[first + i];
    } while (!mps_commit(ap, p, size));
    if (st.need_drain) mps_drain();
    return w;
  }
#ifdef HAVE_BDW
  w = GC_MALLOC(size);
  if (w == NULL) die("GC_MALLOC", (long)size);
  w[0] = ((word)n << 2) | T_VEC;
  w[1] = v;
  for (i = 0; i < n; ++i) w[2 + i] = (word)slots[first + i];
  return w;
#else
  die("no BDW in this build", 0);
  return NULL;
#endif
}

/* ---- The workload --------------------------------------------------------- */

static size_t push(size_t n)
{
  size_t base = st.sp;
  st.sp += n;
  return base;
}

static void pop(size_t base)
{
  size_t i;
  for (i = base; i < st.sp; ++i) slots[i] = NULL;   /* retain nothing dead */
  st.sp = base;
}

/* slots[s] := a new complete tree of depth d.  The value is drawn before
 * the children. */
static void make_tree(size_t s, unsigned d)
{
  word v = value();
  size_t base, i, n = d == 0 ? 0 : g.width;
  base = push(n);
  for (i = 0; i < n; ++i) make_tree(base + i, d - 1);
  slots[s] = new_node(v, n, base);
  pop(base);
}

/* slots[s] holds a node of depth d of the old tree; replace it with the
 * node of the new tree at that position. */
static void rebuild(size_t s, unsigned d)
{
  double u = unit();
  size_t base, i, n = d == 0 ? 0 : g.width;
  if (u < g.reuse) {                    /* reuse: share the old subtree */
    st.r.reused++;
    return;
  }
  base = push(n);
  for (i = 0; i < n; ++i) slots[base + i] = (word *)slots[s][2 + i];
  if (u < g.reuse + g.update) {         /* update the old node in place */
    st.r.updated++;
    slots[s][1] = value();
    for (i = 0; i < n; ++i) rebuild(base + i, d - 1);
    for (i = 0; i < n; ++i) slots[s][2 + i] = (word)slots[base + i];  /* old -> new stores */
  } else {                              /* a new node, the old value copied */
    for (i = 0; i < n; ++i) rebuild(base + i, d - 1);
    slots[s] = new_node(slots[s][1], n, base);
  }
  pop(base);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
  return (h ^ v) * UINT64_C(0x100000001B3) + 0x9E37;
}

/* No allocation here, so C locals may hold references. */
static uint64_t tree_sum(const word *p, uint64_t h, uint64_t *count)
{
  size_t i, n;
  if (p == NULL) return mix(h, 0x5A5A);
  if ((p[0] & 3) != T_VEC) die("not a vector in the tree", (long)p[0]);
  n = (size_t)(p[0] >> 2);
  ++*count;
  h = mix(h, p[1]);
  h = mix(h, n);
  for (i = 0; i < n; ++i) h = tree_sum((const word *)p[2 + i], h, count);
  return h;
}

static void workload(void)
{
  unsigned long it, pass;
  uint64_t h = 0;
  for (it = 0; it < g.iterations; ++it) {
    slots[0] = NULL;                    /* the last iteration's tree dies */
    st.sp = 1;
    make_tree(0, g.depth);
    for (pass = 0; pass < g.passes; ++pass) rebuild(0, g.depth);
    st.r.final_nodes = 0;
    h = tree_sum(slots[0], mix(h, it), &st.r.final_nodes);
  }
  st.r.checksum = h;
}

/* ---- Set-up ---------------------------------------------------------------- */

static void setup_mps(void)
{
  mps_res_t res;
  mps_lib_assert_fail_install(assert_handler);
  res = mps_arena_create_k(&st.arena, mps_arena_class_vm(), mps_args_none);
  if (res != MPS_RES_OK) die("mps_arena_create_k", res);
  mps_message_type_enable(st.arena, mps_message_type_gc_start());
  mps_message_type_enable(st.arena, mps_message_type_gc());
  st.clocks_per_sec = (double)mps_clocks_per_sec();
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, sizeof(word));
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, obj_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, obj_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, obj_fwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, obj_isfwd);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, obj_pad);
    res = mps_fmt_create_k(&st.fmt, st.arena, args);
  } MPS_ARGS_END(args);
  if (res != MPS_RES_OK) die("mps_fmt_create_k", res);
  if (g.gens > 0) {
    res = mps_chain_create(&st.chain, st.arena, g.gens, g.gen);
    if (res != MPS_RES_OK) die("mps_chain_create", res);
  }
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, st.fmt);
    if (st.chain != NULL) MPS_ARGS_ADD(args, MPS_KEY_CHAIN, st.chain);
    if (g.extend_by != 0) MPS_ARGS_ADD(args, MPS_KEY_EXTEND_BY, g.extend_by);
    res = mps_pool_create_k(&st.pool, st.arena, mps_class_amc(), args);
  } MPS_ARGS_END(args);
  if (res != MPS_RES_OK) die("mps_pool_create_k", res);
  res = mps_ap_create_k(&st.ap, st.pool, mps_args_none);
  if (res != MPS_RES_OK) die("mps_ap_create_k", res);
  memset(slots, 0, sizeof slots);
  res = mps_root_create_table(&st.root, st.arena, mps_rank_exact(), 0,
                              (mps_addr_t *)slots, MAX_SLOTS);
  if (res != MPS_RES_OK) die("mps_root_create_table", res);
}

static void teardown_mps(void)
{
  mps_drain();
  st.r.epoch = (unsigned long)mps_collections(st.arena);
  mps_arena_park(st.arena);
  mps_root_destroy(st.root);
  mps_ap_destroy(st.ap);
  mps_pool_destroy(st.pool);
  if (st.chain != NULL) mps_chain_destroy(st.chain);
  mps_fmt_destroy(st.fmt);
  mps_arena_destroy(st.arena);
}

#ifdef HAVE_BDW
/* Declared only under GC_THREADS in <gc.h>; present in Debian's libgc. */
GC_API int GC_CALL GC_get_parallel(void);

static void setup_bdw(void)
{
  GC_INIT();
  GC_set_on_collection_event(bdw_event);
}
#endif

/* The body of a child: returns through the pipe, then _exit(0). */
static void child(enum kind kind, int fd)
{
  double t0;
  st.kind = kind;
  st.rng = g.seed + UINT64_C(0x9E3779B97F4A7C15);
  st.rng = (st.rng ^ (st.rng >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  st.rng = (st.rng ^ (st.rng >> 27)) * UINT64_C(0x94D049BB133111EB);
  st.rng ^= st.rng >> 31;
  if (st.rng == 0) st.rng = 1;
  if (kind == K_AMC) setup_mps();
#ifdef HAVE_BDW
  if (kind == K_BDW) setup_bdw();
  if (kind == K_BDW) GC_gcollect();     /* start from a known state */
  st.r.collections = 0;
  st.r.max_pause = st.r.total_pause = 0;
  {
    GC_word gc0 = kind == K_BDW ? GC_get_gc_no() : 0;
#endif
    t0 = now();
    if (kind != K_BASELINE) workload();
    if (kind == K_AMC) mps_drain();
    st.r.seconds = now() - t0;
#ifdef HAVE_BDW
    if (kind == K_BDW) {
      st.r.collections = (unsigned long)(GC_get_gc_no() - gc0);
      st.r.bdw_parallel = GC_get_parallel();
    }
  }
#endif
  if (kind == K_AMC) teardown_mps();
  st.r.ok = 1;
  if (write(fd, &st.r, sizeof st.r) != (ssize_t)sizeof st.r) _exit(3);
  _exit(0);
}

static void child_entry(int kind, int fd) { child((enum kind)kind, fd); }

/* Runs one collector in a child; returns 0 on success. */
static int run(enum kind kind, struct result *r, double *rss_mib)
{
  const char *what = kind < K_COUNT ? names[kind] : "baseline";
  if (run_in_child(child_entry, (int)kind, r, sizeof *r, rss_mib, "gc_bench", what) != 0) return 1;
  if (!r->ok) {
    fprintf(stderr, "gc_bench: %s failed (its result says so)\n", what);
    return 1;
  }
  return 0;
}

/* ---- Options ----------------------------------------------------------------- */

static void gc_usage(FILE *f)
{
  fprintf(f,
    "usage: gc_bench [options]\n"
    "  --depth N        tree depth: levels below the root (default %u)\n"
    "  --width N        children of an internal node (default %u)\n"
    "  --iterations N   fresh trees built (default %lu)\n"
    "  --passes N       new trees made from each (default %lu)\n"
    "  --reuse P        probability a node of the old tree is reused (default %g)\n"
    "  --update P       probability a node is updated in place (default %g)\n"
    "  --seed N         random seed (default %lu)\n"
    "  --repeat K       run each collector K times, report medians (default %lu)\n"
    "  --only LIST      comma-separated collectors: amc,bdw (default both)\n"
    "  --chain SPEC     AMC chain: 'default' (the arena's: 8192 KiB/0.85,\n"
    "                   36864 KiB/0.45) or KIB:MORTALITY,... per generation\n"
    "  --extend-by N    AMC MPS_KEY_EXTEND_BY, bytes (default: the pool's)\n",
    g.depth, g.width, g.iterations, g.passes, g.reuse, g.update, g.seed, g.repeat);
}

static unsigned long parse_ul(const char *s, const char *name)
{
  char *end;
  unsigned long v;
  errno = 0;
  v = strtoul(s, &end, 0);
  if (errno != 0 || *s == '\0' || *end != '\0' || *s == '-') {
    fprintf(stderr, "gc_bench: bad value '%s' for --%s\n", s, name);
    exit(2);
  }
  return v;
}

static double parse_p(const char *s, const char *name)
{
  char *end;
  double v = strtod(s, &end);
  if (*s == '\0' || *end != '\0' || !(v >= 0.0 && v <= 1.0)) {
    fprintf(stderr, "gc_bench: --%s must be in [0, 1], not '%s'\n", name, s);
    exit(2);
  }
  return v;
}

static void parse_chain(const char *s)
{
  const char *p = s;
  g.gens = 0;
  if (strcmp(s, "default") == 0) return;
  while (*p != '\0') {
    char *end;
    unsigned long kib;
    double mort;
    if (g.gens == MAX_GENS) goto bad;
    kib = strtoul(p, &end, 10);
    if (end == p || *end != ':' || kib == 0) goto bad;
    p = end + 1;
    mort = strtod(p, &end);
    if (end == p || !(mort >= 0.0 && mort <= 1.0)) goto bad;
    g.gen[g.gens].mps_capacity = kib;
    g.gen[g.gens].mps_mortality = mort;
    ++g.gens;
    p = end;
    if (*p == ',') ++p;
    else if (*p != '\0') goto bad;
  }
  if (g.gens > 0) return;
bad:
  fprintf(stderr, "gc_bench: --chain is 'default' or KIB:MORTALITY[,KIB:MORTALITY...] "
          "(at most %d generations), not '%s'\n", MAX_GENS, s);
  exit(2);
}

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    {"depth", 1, 0, 'd'}, {"width", 1, 0, 'w'}, {"iterations", 1, 0, 'i'},
    {"passes", 1, 0, 'p'}, {"reuse", 1, 0, 'u'}, {"update", 1, 0, 'U'},
    {"seed", 1, 0, 'S'}, {"repeat", 1, 0, 'r'}, {"only", 1, 0, 'o'},
    {"chain", 1, 0, 'c'}, {"extend-by", 1, 0, 'e'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    switch (c) {
    case 'd': g.depth = (unsigned)parse_ul(optarg, "depth"); break;
    case 'w': g.width = (unsigned)parse_ul(optarg, "width"); break;
    case 'i': g.iterations = parse_ul(optarg, "iterations"); break;
    case 'p': g.passes = parse_ul(optarg, "passes"); break;
    case 'u': g.reuse = parse_p(optarg, "reuse"); break;
    case 'U': g.update = parse_p(optarg, "update"); break;
    case 'S': g.seed = parse_ul(optarg, "seed"); break;
    case 'r': g.repeat = parse_ul(optarg, "repeat"); break;
    case 'o': g.only = optarg; break;
    case 'c': parse_chain(optarg); break;
    case 'e': g.extend_by = parse_ul(optarg, "extend-by"); break;
    case 'h': gc_usage(stdout); exit(0);
    default: gc_usage(stderr); exit(2);
    }
  }
  if (optind != argc) { gc_usage(stderr); exit(2); }
  if (g.width == 0 || g.width > 8 || g.depth > 40 || (size_t)g.width * g.depth + 1 > MAX_SLOTS
      || g.iterations == 0 || g.repeat == 0 || g.repeat > 256 || g.reuse + g.update > 1.0) {
    fprintf(stderr, "gc_bench: need 1 <= width <= 8, depth <= 40, iterations >= 1, "
            "1 <= repeat <= 256, reuse + update <= 1\n");
    exit(2);
  }
}

/* ---- Parent ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
  int selected[K_COUNT] = {0};
  static double times[K_COUNT][256], rsss[K_COUNT][256], pauses[K_COUNT][256];
  static double colls[K_COUNT][256];
  static struct result last[K_COUNT];
  double t_med[K_COUNT], rss_med[K_COUNT], pause_med[K_COUNT], coll_med[K_COUNT], base_rss;
  struct result first = {0}, r;
  int have_first = 0, failures = 0;
  enum kind first_kind = K_AMC;
  unsigned long rep;
  unsigned k, i;
  char cpu[200];
  double load[3] = {0, 0, 0};

  parse_args(argc, argv);
  if (g.only == NULL) {
    for (k = 0; k < K_COUNT; ++k) selected[k] = available[k];
  } else {
    char *list = strdup(g.only), *save = NULL, *name;
    for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
      for (k = 0; k < K_COUNT && strcmp(name, names[k]) != 0; ++k) {}
      if (k == K_COUNT) {
        fprintf(stderr, "gc_bench: unknown collector '%s'\n", name);
        gc_usage(stderr);
        return 2;
      }
      if (!available[k]) {
        fprintf(stderr, "gc_bench: %s is not in this build (libgc was not found "
                "at configure time)\n", name);
        return 2;
      }
      selected[k] = 1;
    }
    free(list);
  }

  cpu_model(cpu, sizeof cpu);
  if (getloadavg(load, 3) < 0) load[0] = load[1] = load[2] = -1;
  printf("gc_bench: %s, %ld CPUs online, load average %.2f %.2f %.2f\n",
         cpu, sysconf(_SC_NPROCESSORS_ONLN), load[0], load[1], load[2]);
  printf("seed %lu; width %u, depth %u, %lu iterations x %lu passes, reuse %g, update %g; "
         "repeat %lu\n", g.seed, g.width, g.depth, g.iterations, g.passes, g.reuse,
         g.update, g.repeat);
  printf("AMC chain: ");
  if (g.gens == 0) {
    printf("the arena's default chain (8192 KiB/0.85, 36864 KiB/0.45)\n");
  } else {
    for (i = 0; i < g.gens; ++i)
      printf("%s%zu KiB/%.2f", i ? ", " : "", g.gen[i].mps_capacity, g.gen[i].mps_mortality);
    printf("\n");
  }
  if (g.extend_by != 0) printf("AMC extend-by: %zu bytes\n", g.extend_by);
  else printf("AMC extend-by: the pool's default\n");
#ifndef HAVE_BDW
  printf("BDW: not built (libgc was not found at configure time): AMC only, "
         "no checksum comparison\n");
#endif

  if (run(K_BASELINE, &r, &base_rss) != 0) return 1;

  for (rep = 0; rep < g.repeat; ++rep) {
    for (k = 0; k < K_COUNT; ++k) {
      if (!selected[k]) continue;
      if (run((enum kind)k, &r, &rsss[k][rep]) != 0) {
        ++failures;
        selected[k] = 0;         /* no row for a broken collector */
        continue;
      }
      times[k][rep] = r.seconds;
      pauses[k][rep] = r.max_pause;
      colls[k][rep] = (double)r.collections;
      last[k] = r;
      if (!have_first) {
        first = r;
        first_kind = (enum kind)k;
        have_first = 1;
      } else if (r.checksum != first.checksum || r.final_nodes != first.final_nodes
                 || r.allocated != first.allocated || r.alloc_bytes != first.alloc_bytes) {
        fprintf(stderr, "gc_bench: %s: checksum %016llx, %llu nodes, %llu allocations "
                "differ from %s's %016llx, %llu nodes, %llu allocations\n", names[k],
                (unsigned long long)r.checksum, (unsigned long long)r.final_nodes,
                (unsigned long long)r.allocated, names[first_kind],
                (unsigned long long)first.checksum, (unsigned long long)first.final_nodes,
                (unsigned long long)first.allocated);
        ++failures;
      }
    }
  }
  if (have_first)
    printf("per run: %llu nodes allocated (%.1f MiB), %llu reused, %llu updated; "
           "final tree %llu nodes; checksum %016llx%s; baseline child RSS %.1f MiB\n",
           (unsigned long long)first.allocated, (double)first.alloc_bytes / 1048576.0,
           (unsigned long long)first.reused, (unsigned long long)first.updated,
           (unsigned long long)first.final_nodes, (unsigned long long)first.checksum,
           failures == 0 && selected[K_AMC] && selected[K_BDW] ? " (amc = bdw)" : "",
           base_rss);

  for (k = 0; k < K_COUNT; ++k) {
    if (!selected[k]) continue;
    t_med[k] = median(times[k], g.repeat);
    rss_med[k] = median(rsss[k], g.repeat);
    pause_med[k] = median(pauses[k], g.repeat);
    coll_med[k] = median(colls[k], g.repeat);
  }
  printf("\n%-9s %9s %15s %12s %15s %9s %9s %11s\n", "collector", "time (s)",
         "peak RSS (MiB)", "collections", "max pause (ms)", "time/bdw", "RSS/bdw",
         "pause/bdw");
  for (k = 0; k < K_COUNT; ++k) {
    if (!selected[k]) continue;
    printf("%-9s %9.3f %15.1f %12.0f %15.2f", names[k], t_med[k], rss_med[k], coll_med[k],
           pause_med[k] * 1e3);
    if (selected[K_BDW] && t_med[K_BDW] > 0 && rss_med[K_BDW] > 0 && pause_med[K_BDW] > 0)
      printf(" %9.2f %9.2f %11.2f\n", t_med[k] / t_med[K_BDW], rss_med[k] / rss_med[K_BDW],
             pause_med[k] / pause_med[K_BDW]);
    else
      printf(" %9s %9s %11s\n", "-", "-", "-");
  }
  if (selected[K_AMC]) {
    const struct result *a = &last[K_AMC];
    printf("\namc (last run): %lu collections (mps_collections %lu), %.1f ms in collections, "
           "longest allocation slow path %.2f ms; condemned %.1f MiB, survived %.1f MiB\n",
           a->collections, a->epoch, a->total_pause * 1e3, a->max_slow * 1e3,
           a->condemned / 1048576.0, a->live / 1048576.0);
    for (i = 0; i < a->nwhy; ++i)
      printf("  %5lu x %s\n", a->why_count[i], a->why[i]);
  }
  if (selected[K_BDW])
    printf("bdw (last run): %lu collections, %.1f ms in collections, %d parallel marker "
           "thread(s) besides the mutator\n", last[K_BDW].collections,
           last[K_BDW].total_pause * 1e3, last[K_BDW].bdw_parallel);
  if (failures != 0) {
    fprintf(stderr, "gc_bench: %d failure(s)\n", failures);
    return 1;
  }
  return 0;
}
