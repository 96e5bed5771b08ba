// mfs.hpp -- MFS, Manual Fixed Small: fixed-size units on a free stack.
#pragma once

#include "pool/pool.hpp"

namespace mps {

extern const PoolClass kMFSPoolClass;  // mps_class_mfs()

}  // namespace mps
