/* testlib.c -- see testlib.h. */
#define _POSIX_C_SOURCE 200809L
#include "testlib.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mpslib.h"

static const char *current_test = "test";
static unsigned long rng_state = 1;
static unsigned long checks_passed = 0; /* updated atomically: tests may check from many threads */

static void aborting_handler(const char *file, unsigned line, const char *condition) {
  fprintf(stderr, "%s:%u: MPS ASSERTION FAILED: %s\n", file, line, condition);
  fflush(stderr);
  abort();
}

void testlib_init(const char *test_name) {
  const char *env = getenv("MPS_TEST_SEED");
  unsigned long seed;
  current_test = test_name;
  mps_lib_assert_fail_install(aborting_handler);
  if (env != NULL) {
    seed = strtoul(env, NULL, 0);
  } else {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    seed = (unsigned long)ts.tv_nsec ^ ((unsigned long)ts.tv_sec << 20);
  }
  if (seed == 0) seed = 1;
  rng_state = seed;
  printf("%s: seed %lu (set MPS_TEST_SEED to reproduce)\n", test_name, seed);
  fflush(stdout);
}

void testlib_check(int ok, const char *text, const char *file, int line) {
  if (ok) {
    __atomic_fetch_add(&checks_passed, 1, __ATOMIC_RELAXED);
    return;
  }
  fprintf(stderr, "%s:%d: %s: check failed: %s\n", file, line, current_test, text);
  printf("%s: %lu passed, 1 failed\n", current_test, __atomic_load_n(&checks_passed, __ATOMIC_RELAXED));
  exit(1);
}

void testlib_check_res(mps_res_t res, mps_res_t expected, const char *text, const char *file, int line) {
  if (res != expected) fprintf(stderr, "%s: got result %d, expected %d\n", text, res, expected);
  testlib_check(res == expected, text, file, line);
}

void testlib_expect_assertion(void (*misuse)(void *closure), void *closure, const char *words,
                              const char *file, int line) {
  int fds[2];
  pid_t pid;
  char text[4096];
  size_t len = 0;
  ssize_t n;
  int status = 0;
#ifdef MPS_VARIETY_RASH
  (void)misuse; (void)closure; (void)words; (void)file; (void)line;
  return;
#endif
  if (pipe(fds) != 0) testlib_check(0, "pipe", file, line);
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    mps_lib_assert_fail_install(aborting_handler);
    misuse(closure);
    _exit(0);
  }
  close(fds[1]);
  while (len + 1 < sizeof text && (n = read(fds[0], text + len, sizeof text - 1 - len)) > 0)
    len += (size_t)n;
  text[len] = '\0';
  close(fds[0]);
  waitpid(pid, &status, 0);
  if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)) {
    fprintf(stderr, "%s:%d: expected an assertion containing \"%s\"; the misuse was not reported\n",
            file, line, words);
    testlib_check(0, "misuse reported through the assertion handler", file, line);
  }
  if (strstr(text, words) == NULL) {
    fprintf(stderr, "%s:%d: assertion text \"%s\" does not contain \"%s\"\n", file, line, text, words);
    testlib_check(0, "assertion text names the problem", file, line);
  }
  testlib_check(1, "", file, line);
}

unsigned long testlib_random(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717UL;
}

size_t testlib_random_below(size_t limit) { return limit == 0 ? 0 : (size_t)(testlib_random() % limit); }

int testlib_pass(void) {
  printf("%s: %lu passed, 0 failed\n", current_test, __atomic_load_n(&checks_passed, __ATOMIC_RELAXED));
  return 0;
}
