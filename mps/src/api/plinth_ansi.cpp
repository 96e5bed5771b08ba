// plinth_ansi.cpp -- the ANSI plinth (mpslib.h; mps-interface.md 17): the
// library's only route to its environment for output, memory primitives,
// time, the assertion handler and the initial telemetry filter.
//
// A client may supply its own plinth instead; nothing in the library
// reaches the C library for these services except through here.  Plinth
// code may run in a fault handler: it never touches MPS memory and never
// calls into an arena.
//
// Global state (documented): the installed assertion handler, an atomic
// function pointer, so it may be installed before any arena exists.
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "api/api_internal.hpp"
#include "mpslib.h"

namespace {

// Prints the report; aborts in the cool variety, continues in hot and rash
// (mps-interface.md 1.4: the original's behaviour per variety).
void default_assert_handler(const char* file, unsigned line, const char* condition) {
  std::fprintf(stderr, "%s:%u: MPS ASSERTION FAILED: %s\n", file != nullptr ? file : "(unknown file)", line,
               condition != nullptr ? condition : "(no condition)");
  std::fflush(stderr);
  mps_telemetry_flush();
#if defined(MPS_VARIETY_COOL)
  std::abort();
#endif
}

std::atomic<mps_lib_assert_fail_t> installed_handler{default_assert_handler};

std::FILE* file_of(mps_lib_FILE* stream) { return reinterpret_cast<std::FILE*>(stream); }

}  // namespace

// --- Output ---------------------------------------------------------------------

extern "C" MPS_EXPORT int mps_lib_get_EOF(void) { return EOF; }

extern "C" MPS_EXPORT mps_lib_FILE* mps_lib_get_stderr(void) { return reinterpret_cast<mps_lib_FILE*>(stderr); }

extern "C" MPS_EXPORT mps_lib_FILE* mps_lib_get_stdout(void) { return reinterpret_cast<mps_lib_FILE*>(stdout); }

extern "C" MPS_EXPORT int mps_lib_fputc(int c, mps_lib_FILE* stream) {
  if (stream == nullptr) return EOF;
  return std::fputc(c, file_of(stream));
}

extern "C" MPS_EXPORT int mps_lib_fputs(const char* s, mps_lib_FILE* stream) {
  if (s == nullptr || stream == nullptr) return EOF;
  return std::fputs(s, file_of(stream));
}

// --- Assertions -------------------------------------------------------------------

extern "C" MPS_EXPORT void mps_lib_assert_fail(const char* file, unsigned line, const char* condition) {
  installed_handler.load(std::memory_order_acquire)(file, line, condition);
}

// Installing NULL restores the default handler.  Returns the previous one,
// so that re-installing it restores the previous behaviour exactly.
extern "C" MPS_EXPORT mps_lib_assert_fail_t mps_lib_assert_fail_install(mps_lib_assert_fail_t handler) {
  if (handler == nullptr) handler = default_assert_handler;
  return installed_handler.exchange(handler, std::memory_order_acq_rel);
}

// --- Memory primitives (ISO C) ---------------------------------------------------------

extern "C" MPS_EXPORT void*(mps_lib_memset)(void* s, int c, size_t n) { return std::memset(s, c, n); }

extern "C" MPS_EXPORT void*(mps_lib_memcpy)(void* dest, const void* src, size_t n) {
  return std::memcpy(dest, src, n);
}

extern "C" MPS_EXPORT int(mps_lib_memcmp)(const void* s1, const void* s2, size_t n) {
  return std::memcmp(s1, s2, n);
}

// --- Time -------------------------------------------------------------------------------
// Microseconds of a monotonic clock since an arbitrary epoch.

extern "C" MPS_EXPORT mps_clock_t mps_clock(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<mps_clock_t>(now.tv_sec) * 1000000u + static_cast<mps_clock_t>(now.tv_nsec / 1000);
}

extern "C" MPS_EXPORT mps_clock_t mps_clocks_per_sec(void) { return 1000000u; }

// --- Initial telemetry filter ---------------------------------------------------------------
// MPS_TELEMETRY_CONTROL is a number (decimal, 0x hex or 0 octal), or a list
// of category names (Arena Pool Trace Seg Ref Object User, any case, any
// separators), or "all".  Unknown words are ignored; absent means 0.

namespace {

constexpr const char* kCategoryNames[] = {"arena", "pool", "trace", "seg", "ref", "object", "user"};

bool word_equals(const char* word, std::size_t length, const char* name) {
  if (std::strlen(name) != length) return false;
  for (std::size_t i = 0; i < length; ++i) {
    if (std::tolower(static_cast<unsigned char>(word[i])) != name[i]) return false;
  }
  return true;
}

unsigned long parse_category_names(const char* text) {
  unsigned long filter = 0;
  const char* p = text;
  while (*p != '\0') {
    while (*p != '\0' && !std::isalpha(static_cast<unsigned char>(*p))) ++p;
    const char* word = p;
    while (std::isalpha(static_cast<unsigned char>(*p))) ++p;
    const std::size_t length = static_cast<std::size_t>(p - word);
    if (length == 0) break;
    if (word_equals(word, length, "all")) {
      filter |= (1ul << (sizeof kCategoryNames / sizeof kCategoryNames[0])) - 1;
      continue;
    }
    for (std::size_t bit = 0; bit < sizeof kCategoryNames / sizeof kCategoryNames[0]; ++bit) {
      if (word_equals(word, length, kCategoryNames[bit])) filter |= 1ul << bit;
    }
  }
  return filter;
}

}  // namespace

extern "C" MPS_EXPORT unsigned long mps_lib_telemetry_control(void) {
  const char* text = std::getenv("MPS_TELEMETRY_CONTROL");
  if (text == nullptr) return 0;
  while (std::isspace(static_cast<unsigned char>(*text))) ++text;
  if (std::isdigit(static_cast<unsigned char>(*text))) return std::strtoul(text, nullptr, 0);
  return parse_category_names(text);
}
