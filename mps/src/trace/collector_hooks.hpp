// collector_hooks.hpp -- the names by which the trace reaches the modules
// beside it in trace/ (location dependency, messages, finalization).
//
// Each module implements its half; the trace calls them at the points named.
// Modules keep their per-arena state in arena_upper_state(arena), created
// on first use in control memory and freed by their *_finish function, which
// the api layer calls before arena_destroy.
#pragma once

#include <cstddef>

#include "arena/zone.hpp"
#include "base/word.hpp"
#include "trace/scan_state.hpp"

namespace mps {

// --- Location dependency (trace/ld.cpp) ------------------------------------------
// At each flip that may move objects: epoch += 1 (this is mps_collections),
// and `moved` (the white set: every zone whose objects may move) is recorded
// as movement since every earlier epoch.  Lock-free readers (mps_ld_isstale)
// must see the movement no later than the new epoch.
Res ld_flip(Arena* arena, ZoneSet moved) noexcept;  // fails only if state can't be created
Word ld_epoch(Arena* arena) noexcept;               // mps_collections; no lock
void ld_finish(Arena* arena) noexcept;

// --- Messages (trace/message.cpp) ------------------------------------------------
// A trace reserves its gc_start/gc pair when it starts (so the pair is
// always complete); false if there is no memory (the trace then posts
// neither).  Posting a message of a disabled type drops it.
struct TraceMessages;
bool messages_begin_trace(Arena* arena, TraceMessages** pair_o) noexcept;
void messages_post_gc_start(Arena* arena, TraceMessages* pair, const char* why) noexcept;
void messages_post_gc(Arena* arena, TraceMessages* pair, std::size_t live, std::size_t condemned,
                      std::size_t not_condemned) noexcept;
void messages_finish(Arena* arena) noexcept;

// --- Finalization (trace/finalize.cpp) -------------------------------------------
// Called by the trace once the exact-rank closure is complete, with
// ss->rank == kRankFinal: for each registration whose block the trace
// would reclaim (trace_is_dead), fix the reference (keeping the block
// alive, updating the registration if it moved), post a finalization
// message, and consume the registration.  The trace then scans to closure
// again.  Also fixes (exactly) the references held by queued, undiscarded
// finalization messages, at exact rank, through finalization_scan_messages.
Res finalization_preserve(ScanState* ss) noexcept;
Res finalization_scan_messages(ScanState* ss) noexcept;
void finalization_finish(Arena* arena) noexcept;

// --- Implemented by the trace (trace/trace.cpp) -----------------------------------
// True if `addr` (a client pointer) is in a block this trace has condemned
// and not (yet) found reachable: it would be reclaimed if the trace ended now.
bool trace_is_dead(Trace* trace, mps_addr_t addr) noexcept;

}  // namespace mps
