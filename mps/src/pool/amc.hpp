// amc.hpp -- AMC and AMCZ: the automatic mostly-copying pools
// (mps-interface.md 3.3, 3.4; docs/design/amc.md).
//
// Memory is in segments, each of one generation of the pool's chain.
// Allocation points fill from new generation-0 segments.  A collection
// copies the live objects of condemned segments into per-generation
// forwarding segments of the next generation (through the format: skip for
// the size, memcpy, fwd on the old copy), frees the emptied segments whole,
// and keeps segments that an ambiguous reference nailed (promoting them in
// place).  AMCZ is the same pool whose objects hold no references: its
// segments are never scanned and its allocation points never trapped.
#pragma once

#include <cstddef>

#include "alloc/format.hpp"
#include "arena/chain.hpp"
#include "os/thread_team.hpp"
#include "pool/amc_nailboard.hpp"
#include "pool/pool.hpp"
#include "seg/seg.hpp"

namespace mps {

extern const PoolClass kAMCPoolClass;
extern const PoolClass kAMCZPoolClass;

// Where copies into one generation go during a trace.
struct AMCForwarding {
  Seg* seg;           // current forwarding segment, or null
  Word trace_serial;  // the trace it belongs to (segments are not reused across traces)
};

// Each thread that scans in a trace copies into forwarding segments of its
// own (trace_parallel.cpp): `forwarding` holds gen_slots entries for each
// ScanState::worker, 0 for the serial scans and 1.. for parallel scanners
// (so a parallel scanner never goes on filling a segment the serial root
// scan left on the shared grey ring).
inline constexpr std::size_t kAMCScanners = os::kMaxTeamHelpers + 2;

struct AMC {
  Pool pool;                  // must stay first
  Format* format;
  Chain* chain;
  bool scannable;             // AMC: true; AMCZ: false
  bool interior;              // ambiguous interior pointers pin (MPS_KEY_INTERIOR)
  std::size_t extend_by;      // minimum segment size
  std::size_t large_size;     // accepted, not yet acted on
  std::size_t gen_slots;      // chain generations + the top one
  AMCForwarding* forwarding;  // kAMCScanners * gen_slots entries, in control memory
  std::size_t total_size;     // bytes in segments
};

// An AMC segment: objects occupy [objects_base, committed limit).  The
// committed limit is the attached buffer's init (trapped_init after a flip),
// else used_limit.  Invariant: every object in that range is a valid
// formatted object (real, forwarding or padding) whose exact references are
// valid: segments are freed whole or kept whole, never partly.
struct AMCSeg {
  Seg seg;            // must stay first
  Addr objects_base;  // above a hollowed (evacuated but still buffered) prefix
  Addr used_limit;    // when no buffer is attached
  // While nailed in the current trace: which objects are reached (see
  // amc_nailboard.hpp).  Null when not nailed, or nailed whole (no memory
  // for a board, or nailed after copying began).
  AMCNailboard* board;
};

inline AMC* amc_of_pool(Pool* pool) { return reinterpret_cast<AMC*>(pool); }
inline AMCSeg* amc_seg_of(Seg* seg) { return reinterpret_cast<AMCSeg*>(seg); }
inline AMC* amc_of_seg(Seg* seg) { return static_cast<AMC*>(seg->pool); }

bool amc_is_amc_pool(const Pool* pool) noexcept;
// The end of committed objects in the segment.
Addr amc_seg_committed_limit(AMCSeg* seg) noexcept;
// The segment classes (amc_seg.cpp).
extern const SegClass kAMCSegClass;
extern const SegClass kAMCZSegClass;
// Makes a segment of at least `size` bytes in generation `gen`.
Res amc_seg_create(AMCSeg** seg_o, AMC* amc, std::size_t size, unsigned gen) noexcept;
void amc_seg_destroy(AMCSeg* seg) noexcept;

// mps_amc_apply, mps_pool_walk and the formatted-objects walk: every object
// (client pointer) of the pool, in address order per segment.
void amc_walk(Pool* pool, SegObjectVisitor visit, void* closure) noexcept;
// mps_addr_object: the client pointer of the object holding `addr`.
bool amc_object_of_addr(mps_addr_t* object_o, Pool* pool, mps_addr_t addr) noexcept;

}  // namespace mps
