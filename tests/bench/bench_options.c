/* bench_options.c: command-line options and small helpers of
 * manual_pools_bench (see README.md). */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_options.h"

struct options opt = {200, 20000, 0 /* slots/10 */, 1, 42,
                      0 /* MIN_ALIGN */, 4096, 64, 0.5, 0.25, 3, 0, NULL};

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double median(double *v, unsigned long n)
{
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void usage(FILE *f, const char *const *names, unsigned n)
{
  unsigned k;
  fprintf(f,
    "usage: manual_pools_bench [options]\n"
    "  --passes N      passes over the slots (default %lu)\n"
    "  --slots N       live block slots (default %lu)\n"
    "  --min-size N    smallest block in bytes (default %zu)\n"
    "  --max-size N    largest block in bytes (default %zu)\n"
    "  --dist D        size distribution: log (log-uniform, default) or uniform\n"
    "  --fraction F    fraction of slots freed and reallocated per pass (default %g)\n"
    "  --nest-prob P   probability of a nested burst per pass / per level (default %g)\n"
    "  --nest-depth N  maximum nesting depth of bursts (default %u; 0 = none)\n"
    "  --burst N       blocks in a burst (default slots/10)\n"
    "  --unit-size N   block size for mfs and malloc-fixed (default %zu)\n"
    "  --seed N        random seed (default %lu)\n"
    "  --repeat K      run each allocator K times, report medians (default %lu)\n"
    "  --only LIST     comma-separated allocators to run (their peers are added):\n"
    "                 ",
    opt.passes, opt.slots, MIN_ALIGN, opt.max_size, opt.fraction, opt.nest_prob,
    opt.nest_depth, opt.unit_size, opt.seed, opt.repeat);
  for (k = 0; k < n; ++k) fprintf(f, " %s", names[k]);
  fprintf(f, "\n");
}

static unsigned long parse_ul(const char *s, const char *name)
{
  char *end;
  unsigned long v;
  errno = 0;
  v = strtoul(s, &end, 0);
  if (errno != 0 || *s == '\0' || *end != '\0' || *s == '-') {
    fprintf(stderr, "manual_pools_bench: bad value '%s' for --%s\n", s, name);
    exit(2);
  }
  return v;
}

static double parse_d(const char *s, const char *name, double lo, double hi)
{
  char *end;
  double v = strtod(s, &end);
  if (*s == '\0' || *end != '\0' || !(v >= lo && v <= hi)) {
    fprintf(stderr, "manual_pools_bench: --%s must be in [%g, %g], not '%s'\n", name, lo, hi, s);
    exit(2);
  }
  return v;
}

void parse_options(int argc, char **argv, const char *const *names, unsigned n)
{
  static const struct option longopts[] = {
    {"passes", 1, 0, 'p'}, {"slots", 1, 0, 's'}, {"min-size", 1, 0, 'm'},
    {"max-size", 1, 0, 'M'}, {"dist", 1, 0, 'd'}, {"fraction", 1, 0, 'f'},
    {"nest-prob", 1, 0, 'n'}, {"nest-depth", 1, 0, 'N'}, {"burst", 1, 0, 'b'},
    {"unit-size", 1, 0, 'u'}, {"seed", 1, 0, 'S'}, {"repeat", 1, 0, 'r'},
    {"only", 1, 0, 'o'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
  int c, burst_set = 0;
  opt.min_size = MIN_ALIGN;
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    const char *name = optarg;
    switch (c) {
    case 'p': opt.passes = parse_ul(optarg, "passes"); break;
    case 's': opt.slots = parse_ul(optarg, "slots"); break;
    case 'm': opt.min_size = parse_ul(optarg, "min-size"); break;
    case 'M': opt.max_size = parse_ul(optarg, "max-size"); break;
    case 'd':
      if (strcmp(name, "log") == 0) opt.uniform = 0;
      else if (strcmp(name, "uniform") == 0) opt.uniform = 1;
      else { fprintf(stderr, "manual_pools_bench: --dist is log or uniform\n"); exit(2); }
      break;
    case 'f': opt.fraction = parse_d(optarg, "fraction", 0.0, 1.0); break;
    case 'n': opt.nest_prob = parse_d(optarg, "nest-prob", 0.0, 1.0); break;
    case 'N': opt.nest_depth = (unsigned)parse_ul(optarg, "nest-depth"); break;
    case 'b': opt.burst = parse_ul(optarg, "burst"); burst_set = 1; break;
    case 'u': opt.unit_size = parse_ul(optarg, "unit-size"); break;
    case 'S': opt.seed = parse_ul(optarg, "seed"); break;
    case 'r': opt.repeat = parse_ul(optarg, "repeat"); break;
    case 'o': opt.only = optarg; break;
    case 'h': usage(stdout, names, n); exit(0);
    default: usage(stderr, names, n); exit(2);
    }
  }
  if (optind != argc) { usage(stderr, names, n); exit(2); }
  if (!burst_set) opt.burst = opt.slots / 10;
  opt.min_size = ROUND_UP(opt.min_size < MIN_ALIGN ? MIN_ALIGN : opt.min_size);
  opt.max_size = ROUND_UP(opt.max_size);
  opt.unit_size = ROUND_UP(opt.unit_size < MIN_ALIGN ? MIN_ALIGN : opt.unit_size);
  if (opt.slots == 0 || opt.repeat == 0 || opt.max_size < opt.min_size
      || opt.max_size > UINT32_MAX || opt.nest_depth > 64) {
    fprintf(stderr, "manual_pools_bench: need slots, repeat >= 1, "
            "min-size <= max-size < 4 GiB, nest-depth <= 64\n");
    exit(2);
  }
}

void cpu_model(char *buf, size_t len)
{
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[256];
  snprintf(buf, len, "unknown CPU");
  if (f == NULL) return;
  while (fgets(line, sizeof line, f) != NULL) {
    char *colon = strchr(line, ':');
    if (strncmp(line, "model name", 10) == 0 && colon != NULL) {
      colon += strspn(colon + 1, " \t") + 1;
      colon[strcspn(colon, "\n")] = '\0';
      snprintf(buf, len, "%s", colon);
      break;
    }
  }
  fclose(f);
}

int run_in_child(void (*child)(int kind, int fd), int kind, void *result, size_t size,
                 double *rss_mib, const char *program, const char *what)
{
  int fds[2], status;
  struct rusage ru;
  pid_t pid;
  ssize_t got;

  fflush(stdout);
  fflush(stderr);
  if (pipe(fds) != 0) { perror("pipe"); exit(2); }
  pid = fork();
  if (pid < 0) { perror("fork"); exit(2); }
  if (pid == 0) {
    close(fds[0]);
    child(kind, fds[1]);
    _exit(4);  /* the child function must not return */
  }
  close(fds[1]);
  memset(result, 0, size);
  do got = read(fds[0], result, size); while (got < 0 && errno == EINTR);
  close(fds[0]);
  while (wait4(pid, &status, 0, &ru) < 0)
    if (errno != EINTR) { perror("wait4"); exit(2); }
  *rss_mib = (double)ru.ru_maxrss / 1024.0;   /* Linux: KiB */
  if (got != (ssize_t)size || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "%s: %s failed (%s %d)\n", program, what,
            WIFSIGNALED(status) ? "signal" : "exit status",
            WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    return 1;
  }
  return 0;
}
