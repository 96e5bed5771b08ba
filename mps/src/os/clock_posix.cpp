// clock_posix.cpp -- clock_gettime(CLOCK_MONOTONIC); see clock.hpp.
#include <time.h>

#include "os/clock.hpp"

namespace mps::os {

double now_seconds() noexcept {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace mps::os
