/* bench_options.h: command-line options and small helpers of
 * manual_pools_bench (see README.md). */
#ifndef BENCH_OPTIONS_H
#define BENCH_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "mps.h"

/* Every size is rounded up to this, for malloc too (fairness). */
#define ALIGN ((size_t)MPS_PF_ALIGN)
#define ROUND_UP(s) (((s) + ALIGN - 1) & ~(ALIGN - 1))
#define MIN_ALIGN ROUND_UP(sizeof(void *))

struct options {
  unsigned long passes, slots, burst, repeat, seed;
  size_t min_size, max_size, unit_size;   /* rounded up to ALIGN */
  double fraction, nest_prob;
  unsigned nest_depth;
  int uniform;                  /* sizes uniform (1) or log-uniform (0) */
  const char *only;             /* NULL: every allocator */
};

extern struct options opt;

/* Parses argv into opt (exits with status 2 on a bad option); names[0..n)
 * are the allocator names, for the usage message. */
void parse_options(int argc, char **argv, const char *const *names, unsigned n);
void usage(FILE *f, const char *const *names, unsigned n);

/* Median of v[0..n) (sorts v). */
double median(double *v, unsigned long n);

/* The "model name" of the first CPU in /proc/cpuinfo. */
void cpu_model(char *buf, size_t len);

/* Runs child(kind, fd) in a forked process, which must write exactly
 * `size` bytes of result to fd and exit with status 0.  Stores the result
 * and the child's peak resident memory (MiB).  Returns 0 on success;
 * otherwise prints why, naming `program` and `what`, and returns 1. */
int run_in_child(void (*child)(int kind, int fd), int kind, void *result, size_t size,
                 double *rss_mib, const char *program, const char *what);

#endif /* BENCH_OPTIONS_H */
