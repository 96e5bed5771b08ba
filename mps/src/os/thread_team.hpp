// thread_team.hpp -- helper threads for one job (the trace's parallel
// scan: docs/design/trace.md, "Parallel scanning").
//
// The helpers live only for the job: team_start makes them, team_join
// waits for them to return.  Keeping them parked between collections
// would save a few tens of microseconds a collection, but then the
// library would own threads while the client runs, and every fork the
// client made would be a fork of a multi-threaded process.
//
// Helpers run with every signal blocked, so the suspend and resume signals
// and the barrier's SIGSEGV are never delivered to them: they are not
// registered threads, and the collector never stops them.
//
// This layer knows nothing of arenas or traces.
#pragma once

#include <pthread.h>

namespace mps::os {

inline constexpr unsigned kMaxTeamHelpers = 7;

using TeamJob = void (*)(void* closure, unsigned index);

struct ThreadTeam;
struct TeamSlot {
  ThreadTeam* team;
  unsigned index;  // 1..kMaxTeamHelpers
};

struct ThreadTeam {
  TeamJob job;
  void* closure;
  unsigned started;
  pthread_t helpers[kMaxTeamHelpers];
  TeamSlot slots[kMaxTeamHelpers];  // each helper's argument
};

// Starts up to `helpers` threads (at most kMaxTeamHelpers), helper i
// running job(closure, i) for i = 1..n; returns n, fewer than asked if
// threads could not be made.  The caller's writes before the call are
// visible to the helpers.
unsigned team_start(ThreadTeam* team, unsigned helpers, TeamJob job, void* closure) noexcept;
// Waits until every helper has returned; their writes are then visible.
void team_join(ThreadTeam* team) noexcept;

// Processors this process may run on (at least 1).
unsigned available_processors() noexcept;

}  // namespace mps::os
