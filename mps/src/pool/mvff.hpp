// mvff.hpp -- MVFF, Manual Variable First Fit, and its debugging variant.
#pragma once

#include "pool/pool.hpp"

namespace mps {

extern const PoolClass kMVFFPoolClass;       // mps_class_mvff()
extern const PoolClass kMVFFDebugPoolClass;  // mps_class_mvff_debug()

}  // namespace mps
