// mvt.hpp -- MVT, Manual Variable Temporal: allocation points only.
#pragma once

#include "pool/pool.hpp"

namespace mps {

extern const PoolClass kMVTPoolClass;  // mps_class_mvt()

}  // namespace mps
