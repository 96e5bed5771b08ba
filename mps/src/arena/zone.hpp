// zone.hpp -- zones and zone sets (architecture.md, Decisions: Zones).
//
// The address space is striped into kWordBits zones: zone(a) =
// (a >> shift) & (kWordBits - 1).  A ZoneSet is a word with bit z set for
// zone z.  Reference summaries, the trace's white set and location
// dependencies are zone sets; MPS_FIX1 tests a reference's zone against the
// white set without a call.
#pragma once

#include "base/word.hpp"

namespace mps {

using ZoneSet = Word;

inline constexpr ZoneSet kZoneSetEmpty = 0;
inline constexpr ZoneSet kZoneSetUniverse = ~ZoneSet{0};
// Stripe width: 1 MiB.  Wide enough that a segment touches few zones,
// narrow enough that 64 zones cover a typical nursery selectively.
inline constexpr unsigned kZoneShift = 20;

constexpr unsigned zone_of(Word addr) { return static_cast<unsigned>((addr >> kZoneShift) & (kWordBits - 1)); }
inline unsigned zone_of(const void* addr) { return zone_of(word_of(addr)); }
constexpr ZoneSet zone_set_of_zone(unsigned zone) { return ZoneSet{1} << zone; }
inline ZoneSet zone_set_of_addr(const void* addr) { return zone_set_of_zone(zone_of(addr)); }

// The zones touched by [base, limit), limit > base.
inline ZoneSet zone_set_of_range(const void* base, const void* limit) {
  const Word first = word_of(base) >> kZoneShift;
  const Word last = (word_of(limit) - 1) >> kZoneShift;
  if (last - first >= kWordBits - 1) return kZoneSetUniverse;
  ZoneSet set = kZoneSetEmpty;
  for (Word z = first; z <= last; ++z) set |= zone_set_of_zone(static_cast<unsigned>(z & (kWordBits - 1)));
  return set;
}

constexpr bool zone_sets_intersect(ZoneSet a, ZoneSet b) { return (a & b) != 0; }

}  // namespace mps
