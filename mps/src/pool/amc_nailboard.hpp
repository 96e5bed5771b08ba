// amc_nailboard.hpp -- per-object pinning in a nailed AMC segment
// (docs/design/amc.md, "Nailboards").
//
// An ambiguous reference into a condemned AMC segment nails it: nothing in
// it moves during this trace.  Without more information the whole segment
// would have to be kept, with every dead object in it (and every object
// those refer to), for as long as some stack word happens to point into it
// -- which, for a runtime whose stack always points at its newest objects,
// is for ever.  A nailboard records which objects are actually reached, so
// reclaim can keep those in place and turn the rest into padding (running
// finalization for them as for any dead object).
//
// The board is one bit per alignment unit of the segment:
//   hits     set at every ambiguous reference's address, and at the base of
//            every object an exact (or final) fix reaches;
//   scanned  set over the whole range of every object already scanned.
// An object [base, next) is live when some hit lies in it.  Scanning a
// boarded segment walks it once (ambiguous hits may be interior), then
// finds each later hit -- always at an object's base, made by an exact fix
// -- from the board: scan_boarded in amc_seg.cpp.
//
// Invariants: a boarded segment is white and nailed, and nothing was
// copied out of it (ambiguous roots are scanned before any exact fix);
// the board lives from the nail to the segment's reclaim, in control memory.
#pragma once

#include <cstddef>

#include "base/bit_table.hpp"
#include "base/word.hpp"

namespace mps {

struct AMCNailboard {
  BitTable hits;
  BitTable scanned;
  std::size_t bytes;  // control memory taken, for freeing
  unsigned align_shift;
  std::size_t low_hit; // lowest hit added since the current scan began
  bool walked;         // the first scan (a walk of the whole segment) is done
};

}  // namespace mps
