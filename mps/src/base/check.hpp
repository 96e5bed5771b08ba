// check.hpp -- assertions and varieties.
//
// Every check reports through the plinth's assertion handler
// (mps_lib_assert_fail in mpslib.h) with the file, the line and the
// condition in words.  Which checks exist depends on the variety, chosen at
// build time (CMake option MPS_VARIETY):
//
//   cool  MPS_ASSERT and MPS_ASSERT_COOL both run: every argument, every
//         signature, expensive consistency checks.  For development and CI.
//   hot   MPS_ASSERT runs (cheap checks: handles, signatures, arguments);
//         MPS_ASSERT_COOL compiles to nothing.  The default release.
//   rash  nothing is checked.
#pragma once

#include "mpslib.h"

#if !defined(MPS_VARIETY_COOL) && !defined(MPS_VARIETY_HOT) && !defined(MPS_VARIETY_RASH)
#error "one of MPS_VARIETY_COOL, MPS_VARIETY_HOT, MPS_VARIETY_RASH must be defined"
#endif

namespace mps {

// The variety as a constant, for code that wants `if constexpr`.
enum class Variety { cool, hot, rash };
#if defined(MPS_VARIETY_COOL)
inline constexpr Variety kVariety = Variety::cool;
#elif defined(MPS_VARIETY_HOT)
inline constexpr Variety kVariety = Variety::hot;
#else
inline constexpr Variety kVariety = Variety::rash;
#endif

// Out of line and cold so that a check costs one compare and a jump.
[[gnu::cold, gnu::noinline]] void report_assertion(const char* file, unsigned line,
                                                   const char* condition) noexcept;

}  // namespace mps

#if defined(MPS_VARIETY_RASH)
#define MPS_ASSERT(cond) ((void)0)
#define MPS_ASSERT_MSG(cond, words) ((void)0)
#else
#define MPS_ASSERT(cond) \
  (__builtin_expect(!!(cond), 1) ? (void)0 : ::mps::report_assertion(__FILE__, __LINE__, #cond))
// For misuse a client must understand: `words` says what went wrong.
#define MPS_ASSERT_MSG(cond, words) \
  (__builtin_expect(!!(cond), 1) ? (void)0 : ::mps::report_assertion(__FILE__, __LINE__, words))
#endif

#if defined(MPS_VARIETY_COOL)
#define MPS_ASSERT_COOL(cond) MPS_ASSERT(cond)
#define MPS_ASSERT_COOL_MSG(cond, words) MPS_ASSERT_MSG(cond, words)
#else
#define MPS_ASSERT_COOL(cond) ((void)0)
#define MPS_ASSERT_COOL_MSG(cond, words) ((void)0)
#endif

// Signatures: the first word of every descriptor the interface hands out, so
// a stale or foreign handle is caught where it enters.  A destroyed object
// has its signature overwritten with kSigInvalid.
#define MPS_CHECK_SIG(obj, sig_value) \
  MPS_ASSERT_MSG((obj) != nullptr && (obj)->sig == (sig_value), \
                 #obj " is not a valid handle (null, destroyed, or of another kind)")
