// support.hpp -- helpers shared by the unit tests.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/check.hpp"

namespace mps {
struct Arena;
}

namespace mps_test {

// Installs an mps_lib_assert_fail handler that prints the report and aborts.
void install_aborting_handler();

// Runs `misuse` in a forked child with the aborting handler installed and
// returns what the child wrote to stderr if it aborted, or "" if it exited
// normally.  Lets a test show that misuse is reported, with its words.
std::string assertion_text_of(const std::function<void()>& misuse);

// True if the variety has checks at all (everything but rash).
constexpr bool kChecked = mps::kVariety != mps::Variety::rash;
constexpr bool kCool = mps::kVariety == mps::Variety::cool;

// Seed for randomised tests: MPS_TEST_SEED from the environment, or a fresh
// one; printed either way so a failure can be reproduced.
std::uint64_t test_seed(const char* test_name);

// Frees the collector's per-arena state (location dependencies, messages,
// finalization, segments, chains) and destroys the arena, as
// mps_arena_destroy does after its checks.
void destroy_collected_arena(mps::Arena* arena);

}  // namespace mps_test

// Checks that `statement` is reported through the assertion handler with a
// message containing `words`.  Does nothing in the rash variety.
#define CHECK_ASSERTS(statement, words)                                          \
  do {                                                                           \
    if constexpr (mps_test::kChecked) {                                          \
      const std::string text_ = mps_test::assertion_text_of([&] { statement; }); \
      INFO("assertion text: ", text_);                                           \
      CHECK(text_.find(words) != std::string::npos);                             \
    }                                                                            \
  } while (0)
