// heap_check.hpp -- the cool variety's heap consistency check
// (docs/design/collector.md, Stress mode).
//
// Every exact reference in every scannable segment and every exact root
// must point to the start of a live (not forwarded) object of a segment, or
// outside the arena's segments.  Objects are enumerated with the pools'
// walk (the format's skip); references with the format's scan, through a
// scan state whose `fix` is heap_check_fix.
#pragma once

#include "trace/scan_state.hpp"

namespace mps {

Res heap_check_fix(ScanState* ss, mps_addr_t* ref_io) noexcept;

}  // namespace mps
