// ld.hpp -- location dependency: the arena's epoch and the history of which
// zones have moved since each recent epoch (mps-interface.md 11; design
// note docs/design/ld.md).
//
// A client's mps_ld_s records the epoch at which it was reset (`_epoch`) and
// the zones of the addresses it depends on (`_rs`).  The arena's epoch is
// mps_collections: the number of flips that may have moved objects.  At each
// such flip the trace calls ld_flip (collector_hooks.hpp) with the zones
// whose objects may move; this module remembers, for each of the last
// kLdHistoryLength epochs, the union of the zones moved since that epoch,
// and the union of every movement ever for dependencies older than that.
//
// Readers take no lock (ld_is_stale_any is called on hash-table lookup
// paths); the writer (ld_flip) holds the arena lock.  What a reader may rely
// on is stated next to ld_is_stale_any in ld.cpp.
//
// This module does not own the public functions: api/api_ld.cpp checks
// arguments and calls these.
#pragma once

#include "arena/zone.hpp"
#include "base/word.hpp"
#include "mps.h"

namespace mps {

struct Arena;

// How many recent epochs keep their own movement record.  A dependency
// reset longer ago than this is judged against all movement ever: still
// correct (no false negatives), only more often falsely stale.
inline constexpr unsigned kLdHistoryLength = 16;

// Depends on nothing: records the current epoch and an empty zone set.
// Caller holds the arena lock (so the epoch it reads is not mid-flip).
void ld_reset(mps_ld_s* ld, Arena* arena) noexcept;

// Adds the zone of `addr` to the dependency.  No lock.
void ld_add(mps_ld_s* ld, const void* addr) noexcept;

// dest := dest ∪ src: the older epoch, the union of the zone sets.  No lock.
void ld_merge(mps_ld_s* dest, const mps_ld_s* src) noexcept;

// True if something in a zone of the dependency may have moved since it was
// reset.  False if nothing was added since the reset, or if there has been no
// flip since.  No lock.
bool ld_is_stale_any(const mps_ld_s* ld, Arena* arena) noexcept;

// The zones that have moved since `epoch` (all movement ever if `epoch` is
// older than the history; empty if it is the current epoch).  No lock; for
// tests and the heap checker.
ZoneSet ld_moved_since(Arena* arena, Word epoch) noexcept;

}  // namespace mps
