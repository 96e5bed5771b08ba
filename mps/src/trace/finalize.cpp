// finalize.cpp -- the table of finalization registrations, and what a trace
// does with it: preserve the blocks it finds finalizable and post their
// messages; keep the references of live registrations and of finalization
// messages up to date.  See finalize.hpp and docs/design/finalize.md.
#include "trace/finalize.hpp"

#include <cstring>
#include <new>

#include "arena/arena.hpp"
#include "base/check.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/message.hpp"
#include "trace/scan_state.hpp"

namespace mps {

namespace {

inline constexpr Sig kFinalizationStateSig = 0x519F1AA1;
inline constexpr std::size_t kInitialCapacity = 32;

// The registrations: refs[0, count) in no particular order, one entry per
// registration (a block registered twice has two entries).  Invariants:
// count <= capacity; refs is null exactly when capacity is 0; refs is
// control memory of capacity * sizeof(mps_addr_t) bytes.  Each entry is the
// block's current client pointer: a trace that moves the block updates the
// entry (finalization_preserve_with).
struct FinalizationState {
  Sig sig;
  mps_addr_t* refs;
  std::size_t count;
  std::size_t capacity;
};

FinalizationState* state_of(Arena* arena) noexcept {
  auto* state = static_cast<FinalizationState*>(arena_upper_state(arena)->finalization);
  MPS_ASSERT_COOL(state == nullptr || (state->sig == kFinalizationStateSig && state->count <= state->capacity));
  return state;
}

Res state_ensure(FinalizationState** state_o, Arena* arena) noexcept {
  FinalizationState* state = state_of(arena);
  if (state == nullptr) {
    void* p = nullptr;
    const Res res = arena_control_alloc(&p, arena, sizeof(FinalizationState));
    if (res != MPS_RES_OK) return res;
    state = new (p) FinalizationState{};
    state->sig = kFinalizationStateSig;
    arena_upper_state(arena)->finalization = state;
  }
  *state_o = state;
  return MPS_RES_OK;
}

// Makes room for one more entry: doubles the table, copying.  On error the
// table is unchanged.
Res reserve_one(Arena* arena, FinalizationState* state) noexcept {
  if (state->count < state->capacity) return MPS_RES_OK;
  const std::size_t capacity = state->capacity == 0 ? kInitialCapacity : state->capacity * 2;
  void* p = nullptr;
  const Res res = arena_control_alloc(&p, arena, capacity * sizeof(mps_addr_t));
  if (res != MPS_RES_OK) return res;
  auto* refs = static_cast<mps_addr_t*>(p);
  if (state->count > 0) std::memcpy(refs, state->refs, state->count * sizeof(mps_addr_t));
  if (state->refs != nullptr) arena_control_free(arena, state->refs, state->capacity * sizeof(mps_addr_t));
  state->refs = refs;
  state->capacity = capacity;
  return MPS_RES_OK;
}

// Removes entry i by moving the last entry into its place.
void remove_at(FinalizationState* state, std::size_t i) noexcept {
  MPS_ASSERT(i < state->count);
  state->refs[i] = state->refs[state->count - 1];
  --state->count;
}

// The zone test of MPS_FIX1, on the scan state's public words: false means
// `ref` is certainly not in a condemned block, so there is nothing to fix.
bool may_be_white(ScanState* ss, mps_addr_t ref) noexcept {
  const Word zone_bit = Word{1} << ((word_of(ref) >> ss->ss._zs) & (kWordBits - 1));
  ss->ss._ufs |= zone_bit;
  return (ss->ss._w & zone_bit) != 0;
}

Res fix_message_ref(ScanState* ss, mps_addr_t* ref_io, void* closure) noexcept {
  const auto* ops = static_cast<const FinalizationTraceOps*>(closure);
  if (!may_be_white(ss, *ref_io)) return MPS_RES_OK;
  return ops->fix(ss, ref_io);
}

// The library's operations: the real trace.
constexpr FinalizationTraceOps kTraceOps{trace_is_dead, trace_fix};

}  // namespace

// --- Registrations ------------------------------------------------------------------------

Res finalization_register(Arena* arena, mps_addr_t ref) noexcept {
  FinalizationState* state = nullptr;
  Res res = state_ensure(&state, arena);
  if (res != MPS_RES_OK) return res;
  res = reserve_one(arena, state);
  if (res != MPS_RES_OK) return res;
  state->refs[state->count++] = ref;
  return MPS_RES_OK;
}

// Linear, as the interface allows.  Takes the most recent registration of
// `ref`; which one is removed is not observable.
Res finalization_deregister(Arena* arena, mps_addr_t ref) noexcept {
  FinalizationState* state = state_of(arena);
  if (state == nullptr) return MPS_RES_FAIL;
  for (std::size_t i = state->count; i > 0; --i) {
    if (state->refs[i - 1] == ref) {
      remove_at(state, i - 1);
      return MPS_RES_OK;
    }
  }
  return MPS_RES_FAIL;
}

std::size_t finalization_count(Arena* arena) noexcept {
  const FinalizationState* state = state_of(arena);
  return state == nullptr ? 0 : state->count;
}

// --- The trace's side (collector_hooks.hpp) -------------------------------------------

// Called once the exact closure is complete (ss->rank == kRankFinal).  At
// that point a condemned block is either reached (trace_is_dead false) or
// reachable from nothing but registrations.  For each registration:
//   - not white by the zone test: not condemned, nothing to do;
//   - dead: fix it at final rank, which keeps the block (copying it if the
//     pool moves objects) and updates the entry; post a message holding the
//     updated reference; consume the registration.  If the message cannot
//     be allocated the registration is kept: the block survives this trace
//     and is found finalizable again by a later one.  A block registered n
//     times is dead only for the first of its entries: the fix reaches it,
//     so the others are merely updated, and one message is posted;
//   - alive: it has already been reached, so the fix only updates the entry
//     if the block moved (every reached block already has its new location),
//     keeping the table's references current without keeping anything alive.
// The trace scans to closure afterwards: the preserved blocks are grey, and
// whatever only they reach is kept too.  Calling this again after that
// closure finds nothing dead and only updates entries.
Res finalization_preserve_with(ScanState* ss, const FinalizationTraceOps& ops) noexcept {
  MPS_ASSERT(ss != nullptr && ss->sig == kScanStateSig);
  MPS_ASSERT(ss->rank == kRankFinal);
  Arena* arena = ss->arena;
  FinalizationState* state = state_of(arena);
  if (state == nullptr) return MPS_RES_OK;
  std::size_t i = 0;
  while (i < state->count) {
    mps_addr_t* entry = &state->refs[i];
    if (!may_be_white(ss, *entry)) {
      ++i;
      continue;
    }
    const bool dead = ops.is_dead(ss->trace, *entry);
    const Res res = ops.fix(ss, entry);
    if (res != MPS_RES_OK) return res;  // the entry is unchanged (fix contract); the trace retries
    if (dead && message_post_finalization(arena, *entry) == MPS_RES_OK) {
      remove_at(state, i);  // the last entry moved into slot i: look at it next
      continue;
    }
    ++i;
  }
  return MPS_RES_OK;
}

// Called like a root at exact rank: a finalization message keeps its block
// alive and current until discarded (mps-interface.md 20, item 22).
Res finalization_scan_messages_with(ScanState* ss, const FinalizationTraceOps& ops) noexcept {
  MPS_ASSERT(ss != nullptr && ss->sig == kScanStateSig);
  return message_fix_finalization_refs(ss->arena, ss, fix_message_ref,
                                       const_cast<FinalizationTraceOps*>(&ops));
}

Res finalization_preserve(ScanState* ss) noexcept { return finalization_preserve_with(ss, kTraceOps); }

Res finalization_scan_messages(ScanState* ss) noexcept { return finalization_scan_messages_with(ss, kTraceOps); }

void finalization_finish(Arena* arena) noexcept {
  FinalizationState* state = state_of(arena);
  if (state == nullptr) return;
  // Nothing is finalized at arena destruction (mps-interface.md 13).
  if (state->refs != nullptr) arena_control_free(arena, state->refs, state->capacity * sizeof(mps_addr_t));
  state->sig = kSigInvalid;
  arena_upper_state(arena)->finalization = nullptr;
  arena_control_free(arena, state, sizeof(FinalizationState));
}

}  // namespace mps
