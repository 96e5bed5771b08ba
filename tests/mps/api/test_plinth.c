/* test_plinth.c -- the ANSI plinth and I/O module (mpslib.h, mpsio.h;
 * mps-interface.md 17): assertion handlers, ISO C behaviour of the
 * mps_lib_* functions, the clock, the telemetry control variable, and the
 * I/O stream.  Public headers only. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mps.h"
#include "mpsio.h"
#include "mpslib.h"
#include "testlib.h"

static void handler_one(const char *file, unsigned line, const char *condition) {
  (void)file; (void)line; (void)condition;
}
static void handler_two(const char *file, unsigned line, const char *condition) {
  (void)file; (void)line; (void)condition;
}

/* Installing returns the previous handler; NULL restores the default. */
static void test_install_returns_previous(void) {
  mps_lib_assert_fail_t testlib_handler, deflt;
  testlib_handler = mps_lib_assert_fail_install(handler_one);
  TEST_CHECK(testlib_handler != NULL);
  TEST_CHECK(mps_lib_assert_fail_install(handler_two) == handler_one);
  TEST_CHECK(mps_lib_assert_fail_install(NULL) == handler_two);
  deflt = mps_lib_assert_fail_install(handler_one);
  TEST_CHECK(deflt != NULL && deflt != handler_one && deflt != handler_two && deflt != testlib_handler);
  TEST_CHECK(mps_lib_assert_fail_install(testlib_handler) == handler_one);
}

/* What a recording handler saw (it returns, as a hot-variety handler may). */
static const char *seen_file;
static unsigned seen_line;
static char seen_condition[512];
static int seen_count;

static void recording_handler(const char *file, unsigned line, const char *condition) {
  seen_file = file;
  seen_line = line;
  strncpy(seen_condition, condition, sizeof seen_condition - 1);
  ++seen_count;
}

/* A misuse reaches the handler with file, line and words naming it.  The
 * misuses chosen are ones the library survives when the handler returns. */
static void test_handler_receives_the_report(void) {
  mps_lib_assert_fail_t previous = mps_lib_assert_fail_install(recording_handler);
  mps_ld_s ld;
  mps_arg_s args[MPS_ARGS_MAX];

  seen_count = 0;
  mps_transform_destroy((mps_transform_t)&ld); /* not built yet: reported in every variety */
  TEST_CHECK(seen_count == 1);
  TEST_CHECK(seen_file != NULL && strlen(seen_file) > 0);
  TEST_CHECK(seen_line > 0);
  TEST_CHECK(strstr(seen_condition, "mps_transform_destroy") != NULL);
  TEST_CHECK(strstr(seen_condition, "not implemented yet") != NULL);

#ifndef MPS_VARIETY_RASH
  seen_count = 0;
  _mps_args_set_key(args, MPS_ARGS_MAX, MPS_KEY_ARGS_END); /* one past the end: not written */
  TEST_CHECK(seen_count == 1);
  TEST_CHECK(strstr(seen_file, "api_keys") != NULL);
  TEST_CHECK(strstr(seen_condition, "_mps_args_set_key") != NULL);
#else
  (void)args;
#endif
  TEST_CHECK(mps_lib_assert_fail_install(previous) == recording_handler);
}

/* The default handler prints "file:line: MPS ASSERTION FAILED: condition"
 * to stderr, and aborts in the cool variety only. */
static void test_default_handler(void) {
  int fds[2];
  pid_t pid;
  char text[1024];
  size_t len = 0;
  ssize_t n;
  int status = 0;
  TEST_CHECK(pipe(fds) == 0);
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    mps_lib_assert_fail_install(NULL);
    mps_lib_assert_fail("some_file.c", 42, "the condition");
    _exit(0);
  }
  close(fds[1]);
  while (len + 1 < sizeof text && (n = read(fds[0], text + len, sizeof text - 1 - len)) > 0)
    len += (size_t)n;
  text[len] = '\0';
  close(fds[0]);
  waitpid(pid, &status, 0);
  TEST_CHECK(strstr(text, "some_file.c:42: MPS ASSERTION FAILED: the condition") != NULL);
#ifdef MPS_VARIETY_COOL
  TEST_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
#else
  TEST_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
#endif
}

static void test_iso_functions(void) {
  unsigned char a[64], b[64];
  size_t i;
  TEST_CHECK(mps_lib_EOF == EOF);
  TEST_CHECK(mps_lib_get_EOF() == EOF);
  TEST_CHECK(mps_lib_stderr != NULL && mps_lib_stdout != NULL && mps_lib_stderr != mps_lib_stdout);
  TEST_CHECK(mps_lib_memset(a, 0x3C, sizeof a) == a);
  for (i = 0; i < sizeof a; ++i) TEST_CHECK(a[i] == 0x3C);
  for (i = 0; i < sizeof b; ++i) b[i] = (unsigned char)i;
  TEST_CHECK(mps_lib_memcpy(a, b, sizeof a) == a);
  TEST_CHECK(mps_lib_memcmp(a, b, sizeof a) == 0);
  a[10] = 0;
  b[10] = 200;
  TEST_CHECK(mps_lib_memcmp(a, b, sizeof a) < 0);
  TEST_CHECK(mps_lib_memcmp(b, a, sizeof a) > 0);
  TEST_CHECK(mps_lib_memcmp(a, b, 10) == 0);
  /* Function forms (the names are parenthesised in mpslib.h). */
  TEST_CHECK((mps_lib_memset)(a, 0, 4) == a && a[3] == 0);
  TEST_CHECK(mps_lib_fputc('#', mps_lib_stdout) == '#');
  TEST_CHECK(mps_lib_fputs(" plinth output\n", mps_lib_stdout) != mps_lib_EOF);
  fflush(stdout);
}

static void test_clock(void) {
  mps_clock_t previous = mps_clock(), now;
  int i;
  TEST_CHECK(mps_clocks_per_sec() > 0);
  for (i = 0; i < 10000; ++i) {
    now = mps_clock();
    TEST_CHECK(now >= previous);
    previous = now;
  }
}

static void test_telemetry_control_variable(void) {
  unsetenv("MPS_TELEMETRY_CONTROL");
  TEST_CHECK(mps_lib_telemetry_control() == 0);
  setenv("MPS_TELEMETRY_CONTROL", "5", 1);
  TEST_CHECK(mps_lib_telemetry_control() == 5);
  setenv("MPS_TELEMETRY_CONTROL", "0x10", 1);
  TEST_CHECK(mps_lib_telemetry_control() == 0x10);
  setenv("MPS_TELEMETRY_CONTROL", "Arena trace", 1);
  TEST_CHECK(mps_lib_telemetry_control() == 0x5);
  setenv("MPS_TELEMETRY_CONTROL", "pool,User", 1);
  TEST_CHECK(mps_lib_telemetry_control() == 0x42);
  setenv("MPS_TELEMETRY_CONTROL", "all", 1);
  TEST_CHECK(mps_lib_telemetry_control() == 0x7F);
  setenv("MPS_TELEMETRY_CONTROL", "nonsense", 1);
  TEST_CHECK(mps_lib_telemetry_control() == 0);
  unsetenv("MPS_TELEMETRY_CONTROL");
}

static void test_io_stream(void) {
  char name[] = "/tmp/mps_test_plinth_XXXXXX";
  char data[] = "telemetry bytes";
  char back[64];
  FILE *file;
  size_t got;
  mps_io_t io;
  int fd = mkstemp(name);
  TEST_CHECK(fd >= 0);
  close(fd);
  setenv("MPS_TELEMETRY_FILENAME", name, 1);
  TEST_CHECK_RES(mps_io_create(&io), MPS_RES_OK);
  TEST_CHECK_RES(mps_io_write(io, data, sizeof data), MPS_RES_OK);
  TEST_CHECK_RES(mps_io_flush(io), MPS_RES_OK);
  mps_io_destroy(io);
  file = fopen(name, "rb");
  TEST_CHECK(file != NULL);
  got = fread(back, 1, sizeof back, file);
  fclose(file);
  TEST_CHECK(got == sizeof data && memcmp(back, data, sizeof data) == 0);
  remove(name);

  /* An unopenable file is an I/O error, and the out-parameter is untouched. */
  setenv("MPS_TELEMETRY_FILENAME", "/nonexistent-directory/mpsio.log", 1);
  io = (mps_io_t)&io;
  TEST_CHECK_RES(mps_io_create(&io), MPS_RES_IO);
  TEST_CHECK(io == (mps_io_t)&io);
  unsetenv("MPS_TELEMETRY_FILENAME");
}

int main(void) {
  testlib_init("plinth");
  test_install_returns_previous();
  test_handler_receives_the_report();
  test_default_handler();
  test_iso_functions();
  test_clock();
  test_telemetry_control_variable();
  test_io_stream();
  return testlib_pass();
}
