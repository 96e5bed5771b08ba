/* testlib.h -- helpers for the plain C API tests.
 *
 * The API tests are written against the public headers only.  They install
 * an assertion handler that always aborts, report failures with the file and
 * line, and take MPS_TEST_SEED for reproducible randomness.
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <stddef.h>

#include "mps.h"

/* Installs the aborting assertion handler; call first in main. */
void testlib_init(const char *test_name);

/* Fails the test (prints and exits 1) unless cond holds. */
#define TEST_CHECK(cond) testlib_check((cond) != 0, #cond, __FILE__, __LINE__)
#define TEST_CHECK_RES(res, expected) \
  testlib_check_res((res), (expected), #res, __FILE__, __LINE__)
void testlib_check(int ok, const char *text, const char *file, int line);
void testlib_check_res(mps_res_t res, mps_res_t expected, const char *text, const char *file, int line);

/* Runs misuse(closure) in a forked child; checks that it is reported
 * through the assertion handler with a message containing `words`.
 * Does nothing (passes) when the library was built without checks. */
void testlib_expect_assertion(void (*misuse)(void *closure), void *closure, const char *words,
                              const char *file, int line);
#define TEST_EXPECT_ASSERTION(fn, closure, words) \
  testlib_expect_assertion((fn), (closure), (words), __FILE__, __LINE__)

/* Seeded pseudo-random numbers (xorshift64*).  The seed comes from
 * MPS_TEST_SEED or the clock and is printed by testlib_init. */
unsigned long testlib_random(void);
size_t testlib_random_below(size_t limit);

/* Prints "test_name: N passed, 0 failed" and returns 0. */
int testlib_pass(void);

#endif /* TESTLIB_H */
