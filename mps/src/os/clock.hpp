// clock.hpp -- a monotonic clock for scheduling and pause-time accounting.
#pragma once

#include <cstdint>

namespace mps::os {

// Seconds since an arbitrary epoch, monotonic.
double now_seconds() noexcept;

}  // namespace mps::os
