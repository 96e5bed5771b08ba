// collector.cpp -- the arena's collector state and the policy's entry
// points: when collections run (refill polls, step), stress mode, and
// finishing.  See trace.hpp.
#include <cstdlib>
#include <cstring>

#include "base/check.hpp"
#include "seg/shield.hpp"
#include "trace/trace.hpp"

namespace mps {

namespace {

bool stress_requested() {
  const char* value = std::getenv("MPS_STRESS");
  return value != nullptr && value[0] != '\0' && std::strcmp(value, "0") != 0;
}

// MPS_GC_WORKERS=N: scan with N threads (1: always serially); unset or
// empty: automatic (trace_choose_workers).
unsigned workers_requested() {
  const char* value = std::getenv("MPS_GC_WORKERS");
  if (value == nullptr || value[0] == '\0') return 0;
  const long n = std::strtol(value, nullptr, 10);
  return n < 1 ? 1 : n > 64 ? 64 : static_cast<unsigned>(n);
}

// The policy's collection, if one is due: a full collection when the top
// generation has outgrown its capacity (nothing else reclaims it), else a
// minor collection of a chain with a generation over capacity.
bool run_policy_collection(Arena* arena) {
  if (chain_policy_full_due(arena)) {
    (void)trace_collect_full(arena, TraceWhy::full_due);
    return true;
  }
  Chain* chain;
  unsigned top;
  if (!chain_policy_pick(&chain, &top, arena)) return false;
  (void)trace_collect(arena, TraceWhy::chain_capacity, chain, top);
  return true;
}

// The collection that is due, if any: stress mode wants a full one;
// otherwise a chain with a generation over capacity.
bool run_due_collection(Arena* arena, CollectorState* state) {
  if (state->stress) {
    (void)trace_collect_full(arena, TraceWhy::chain_capacity);
    return true;
  }
  return run_policy_collection(arena);
}

}  // namespace

CollectorState* collector_state(Arena* arena) noexcept {
  SegRegistry* registry = seg_registry(arena);
  if (registry == nullptr) return nullptr;
  if (registry->trace_state == nullptr) {
    void* mem;
    if (arena_control_alloc(&mem, arena, sizeof(CollectorState)) != MPS_RES_OK) return nullptr;
    auto* state = static_cast<CollectorState*>(mem);
    state->state = ArenaState::unclamped;
    state->stress = stress_requested();  // read once, when the collector is first needed
    state->tracing = false;
    state->traces_run = 0;
    state->workers_requested = workers_requested();
    (void)shield_barrier_init();           // the write barrier's fault handler, once per process
    registry->trace_state = state;
  }
  return static_cast<CollectorState*>(registry->trace_state);
}

void collector_finish(Arena* arena) noexcept {
  auto* registry = static_cast<SegRegistry*>(arena_upper_state(arena)->collector);
  if (registry != nullptr && registry->trace_state != nullptr) {
    arena_control_free(arena, registry->trace_state, sizeof(CollectorState));
    registry->trace_state = nullptr;
  }
  seg_registry_finish(arena);
  chains_finish(arena);
}

bool collector_poll(Arena* arena) noexcept {
  CollectorState* state = collector_state(arena);
  if (state == nullptr || state->tracing || state->state != ArenaState::unclamped) return false;
  return run_due_collection(arena, state);
}

bool collector_step(Arena* arena) noexcept {
  CollectorState* state = collector_state(arena);
  if (state == nullptr || state->tracing || state->state == ArenaState::postmortem) return false;
  return run_policy_collection(arena);
}

}  // namespace mps
