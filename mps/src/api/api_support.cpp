// api_support.cpp -- small pieces shared by the api files: reporting a
// function of a later issue, and the rank functions (mps-interface.md 1.7).
#include "api/api_internal.hpp"
#include "mpslib.h"

namespace mps::api {

void report_unimplemented(const char* file, unsigned line, const char* words) noexcept {
  // Straight to the plinth, not through MPS_ASSERT: present in every variety.
  mps_lib_assert_fail(file, line, words);
}

}  // namespace mps::api

// Ranks are functions, not macros; the values are the original's, in the
// order the collector processes them (ambiguous, exact, final, weak).
extern "C" MPS_EXPORT mps_rank_t mps_rank_ambig(void) { return 0; }
extern "C" MPS_EXPORT mps_rank_t mps_rank_exact(void) { return 1; }
extern "C" MPS_EXPORT mps_rank_t mps_rank_weak(void) { return 3; }  // 2 is the internal "final" rank
