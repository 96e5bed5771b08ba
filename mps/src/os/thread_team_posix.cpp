// thread_team_posix.cpp -- helper threads with POSIX threads.  See
// thread_team.hpp.
#include "os/thread_team.hpp"

#include <sched.h>
#include <signal.h>
#include <unistd.h>

namespace mps::os {

namespace {

void* helper_main(void* p) {
  auto* slot = static_cast<TeamSlot*>(p);
  slot->team->job(slot->team->closure, slot->index);
  return nullptr;
}

}  // namespace

unsigned team_start(ThreadTeam* team, unsigned helpers, TeamJob job, void* closure) noexcept {
  if (helpers > kMaxTeamHelpers) helpers = kMaxTeamHelpers;
  team->job = job;
  team->closure = closure;
  team->started = 0;
  // Made with every signal blocked, which they inherit.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  while (team->started < helpers) {
    TeamSlot* slot = &team->slots[team->started];
    slot->team = team;
    slot->index = team->started + 1;
    if (pthread_create(&team->helpers[team->started], nullptr, helper_main, slot) != 0) break;
    ++team->started;
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return team->started;
}

void team_join(ThreadTeam* team) noexcept {
  for (unsigned i = 0; i < team->started; ++i) pthread_join(team->helpers[i], nullptr);
  team->started = 0;
}

unsigned available_processors() noexcept {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int count = CPU_COUNT(&set);
    if (count > 0) return static_cast<unsigned>(count);
  }
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<unsigned>(online) : 1;
}

}  // namespace mps::os
