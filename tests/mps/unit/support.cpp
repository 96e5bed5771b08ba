// support.cpp -- see support.hpp.
#include "support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "arena/arena.hpp"
#include "mpslib.h"
#include "trace/collector_hooks.hpp"
#include "trace/trace.hpp"

namespace mps_test {

namespace {
void aborting_handler(const char* file, unsigned line, const char* condition) {
  std::fprintf(stderr, "%s:%u: MPS ASSERTION FAILED: %s\n", file, line, condition);
  std::fflush(stderr);
  std::abort();
}
}  // namespace

void install_aborting_handler() { mps_lib_assert_fail_install(aborting_handler); }

std::string assertion_text_of(const std::function<void()>& misuse) {
  int fds[2];
  if (pipe(fds) != 0) return "pipe failed";
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    std::signal(SIGABRT, SIG_DFL);  // doctest's crash reporter belongs to the parent
    install_aborting_handler();
    misuse();
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buf[512];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) return text;
  return "";
}

std::uint64_t test_seed(const char* test_name) {
  std::uint64_t seed;
  if (const char* env = std::getenv("MPS_TEST_SEED")) {
    seed = std::strtoull(env, nullptr, 0);
  } else {
    seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  std::printf("%s: seed %llu (set MPS_TEST_SEED to reproduce)\n", test_name,
              static_cast<unsigned long long>(seed));
  return seed;
}

void destroy_collected_arena(mps::Arena* arena) {
  mps::ld_finish(arena);
  mps::messages_finish(arena);
  mps::finalization_finish(arena);
  mps::collector_finish(arena);
  mps::arena_destroy(arena);
}

}  // namespace mps_test
