// telemetry.cpp -- the telemetry filter and labels (mps-interface.md 16),
// and the removed mps_telemetry_control.
//
// "Filter only, no event stream" (docs/compat.md): the library keeps the
// filter with its full semantics and hands out unique labels, but emits no
// events, so there is nothing to buffer or flush.  The reference allows it
// ("an implementation may emit nothing but must keep these signatures and
// the filter semantics").  All of it is callable without an arena.
//
// Global state (documented): the filter word, initialised on first use from
// mps_lib_telemetry_control() (the plinth's reading of the environment), and
// the counter behind mps_telemetry_intern.  Both atomic.
#include <atomic>
#include <cstring>

#include "api/api_internal.hpp"
#include "mpslib.h"

namespace {

std::atomic<mps_word_t>& filter() {
  static std::atomic<mps_word_t> word{static_cast<mps_word_t>(mps_lib_telemetry_control())};
  return word;
}

std::atomic<mps_label_t> last_label{0};

constexpr std::size_t kLabelMax = 256;  // characters, terminator included

}  // namespace

extern "C" MPS_EXPORT void mps_telemetry_set(mps_word_t set_mask) {
  filter().fetch_or(set_mask, std::memory_order_relaxed);
}

extern "C" MPS_EXPORT void mps_telemetry_reset(mps_word_t reset_mask) {
  filter().fetch_and(~reset_mask, std::memory_order_relaxed);
}

extern "C" MPS_EXPORT mps_word_t mps_telemetry_get(void) { return filter().load(std::memory_order_relaxed); }

// Clears reset_mask, then toggles flip_mask; returns the filter as it was.
extern "C" MPS_EXPORT mps_word_t mps_telemetry_control(mps_word_t reset_mask, mps_word_t flip_mask) {
  std::atomic<mps_word_t>& word = filter();
  mps_word_t old = word.load(std::memory_order_relaxed);
  while (!word.compare_exchange_weak(old, (old & ~reset_mask) ^ flip_mask, std::memory_order_relaxed)) {
  }
  return old;
}

// Each call gives a new label, never 0.  (With no event stream the string
// is not recorded anywhere: labels only ever mattered with User events.)
extern "C" MPS_EXPORT mps_label_t mps_telemetry_intern(const char* label) {
  API_CHECK_NOT_NULL("mps_telemetry_intern", label);
  API_ASSERT(label == nullptr || strnlen(label, kLabelMax) < kLabelMax,
                 "mps_telemetry_intern: label is longer than 255 characters");
  return last_label.fetch_add(1, std::memory_order_relaxed) + 1;
}

// No effect without User events, which are never emitted.
extern "C" MPS_EXPORT void mps_telemetry_label(mps_addr_t, mps_label_t) {}

// Nothing is buffered.  Called by the default assertion handler, so it must
// stay safe to call from anywhere.
extern "C" MPS_EXPORT void mps_telemetry_flush(void) {}
