// check.cpp -- the one place assertions leave the library.
#include "base/check.hpp"

namespace mps {

void report_assertion(const char* file, unsigned line, const char* condition) noexcept {
  mps_lib_assert_fail(file, line, condition);
}

}  // namespace mps
