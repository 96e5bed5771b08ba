// ld.cpp -- location dependency: epoch, movement history, staleness test.
// See ld.hpp for the interface and docs/design/ld.md for the reasoning.
//
// The state lives in arena control memory, created by the first flip (before
// any flip the epoch is 0 and nothing has moved, which is also what a null
// state pointer means to a reader).
#include "trace/ld.hpp"

#include <atomic>
#include <new>

#include "arena/arena.hpp"
#include "base/check.hpp"
#include "trace/collector_hooks.hpp"

namespace mps {

namespace {

inline constexpr Sig kLdStateSig = 0x5191D57A;

// Invariants, with E = epoch (all fields change only under the arena lock):
//   for every e with E - kLdHistoryLength < e <= E,
//     since[e % kLdHistoryLength] == union of `moved` over the flips
//     E' -> E'+1 with e <= E' < E   (so the slot of E itself is empty);
//   ever == union of `moved` over every flip.
// Every access is sequentially consistent: flips are rare, and on the
// reader's side a seq_cst load is an ordinary load on the machines we run on.
// The total order is what the argument in ld_moved_since rests on.
struct LdState {
  Sig sig;
  std::atomic<Word> epoch;
  std::atomic<ZoneSet> since[kLdHistoryLength];
  std::atomic<ZoneSet> ever;
};

static_assert(std::atomic<Word>::is_always_lock_free, "LD readers must not need a lock");

// The arena keeps a plain void*; it is published once (under the lock, by
// the first flip) and read without the lock, so both sides go through
// atomic_ref: release on publication, acquire on reading.
std::atomic_ref<void*> state_slot(Arena* arena) noexcept {
  return std::atomic_ref<void*>(arena_upper_state(arena)->ld);
}

LdState* state_of(Arena* arena) noexcept {
  auto* state = static_cast<LdState*>(state_slot(arena).load(std::memory_order_acquire));
  MPS_ASSERT_COOL(state == nullptr || state->sig == kLdStateSig);
  return state;
}

// Creates the state on first use.  Caller holds the arena lock.
Res state_ensure(LdState** state_o, Arena* arena) noexcept {
  LdState* state = state_of(arena);
  if (state == nullptr) {
    void* p = nullptr;
    const Res res = arena_control_alloc(&p, arena, sizeof(LdState));
    if (res != MPS_RES_OK) return res;
    state = new (p) LdState{};  // zeroed: epoch 0, nothing moved
    state->sig = kLdStateSig;
    state_slot(arena).store(state, std::memory_order_release);
  }
  *state_o = state;
  return MPS_RES_OK;
}

}  // namespace

// --- The trace's side (collector_hooks.hpp) ------------------------------------------

Res ld_flip(Arena* arena, ZoneSet moved) noexcept {
  LdState* state = nullptr;
  const Res res = state_ensure(&state, arena);
  if (res != MPS_RES_OK) return res;
  const Word old_epoch = state->epoch.load();
  // 1. Every epoch still in the window now has `moved` behind it.
  for (auto& slot : state->since) slot.fetch_or(moved);
  state->ever.fetch_or(moved);
  // 2. Publish the new epoch.  A reader that sees it also sees step 1.
  state->epoch.store(old_epoch + 1);
  // 3. The slot of the new epoch was the oldest epoch's, which has just left
  //    the window: nothing has moved since the new epoch.  A reader still
  //    using the old epoch who reads this slot after the store will see the
  //    epoch change on its second look and answer "stale" (ld_moved_since).
  state->since[(old_epoch + 1) % kLdHistoryLength].store(kZoneSetEmpty);
  return MPS_RES_OK;
}

Word ld_epoch(Arena* arena) noexcept {
  const LdState* state = state_of(arena);
  return state == nullptr ? 0 : state->epoch.load();
}

void ld_finish(Arena* arena) noexcept {
  LdState* state = state_of(arena);
  if (state == nullptr) return;
  state->sig = kSigInvalid;
  state_slot(arena).store(nullptr, std::memory_order_release);
  arena_control_free(arena, state, sizeof(LdState));
}

// --- Queries -----------------------------------------------------------------------------

// Lock-free.  Returns a superset of the zones moved since `epoch`.
//
// Why it is never too small: let E1 be the epoch read first.  If the epoch
// read again (E2) is still E1, then in the total order of seq_cst operations
// the slot read came before the store of E1 + 1, hence before that flip's
// zeroing of a slot (step 3), and after every step 1 of the flips up to E1
// (each precedes its own epoch store, which precedes our first read).  The
// slot we read (e in the window, e != E1) was last zeroed by the flip that
// made e current, before all the flips since e ORed into it.  So it holds
// every movement since e.  If E2 != E1 a flip overlapped us, and we answer
// "everything": a false positive, which the interface allows.
ZoneSet ld_moved_since(Arena* arena, Word epoch) noexcept {
  const LdState* state = state_of(arena);
  if (state == nullptr) return kZoneSetEmpty;  // no flip ever
  const Word first = state->epoch.load();
  MPS_ASSERT_COOL_MSG(epoch <= first, "location dependency from the future: not reset, or another arena's");
  if (epoch == first) return kZoneSetEmpty;
  const ZoneSet moved = first - epoch >= kLdHistoryLength ? state->ever.load()
                                                          : state->since[epoch % kLdHistoryLength].load();
  if (state->epoch.load() != first) return kZoneSetUniverse;
  return moved;
}

// --- The client's side (mps-interface.md 11) ------------------------------------------

void ld_reset(mps_ld_s* ld, Arena* arena) noexcept {
  ld->_epoch = ld_epoch(arena);
  ld->_rs = kZoneSetEmpty;
}

void ld_add(mps_ld_s* ld, const void* addr) noexcept { ld->_rs |= zone_set_of_addr(addr); }

void ld_merge(mps_ld_s* dest, const mps_ld_s* src) noexcept {
  // The older epoch: movement since it covers movement since either.
  if (src->_epoch < dest->_epoch) dest->_epoch = src->_epoch;
  dest->_rs |= src->_rs;
}

bool ld_is_stale_any(const mps_ld_s* ld, Arena* arena) noexcept {
  // Reading the client's two words: the client owns the ld and does not
  // change it concurrently with a test (mps-interface.md 11).
  const ZoneSet depends = ld->_rs;
  if (depends == kZoneSetEmpty) return false;  // nothing added since reset
  return zone_sets_intersect(ld_moved_since(arena, ld->_epoch), depends);
}

}  // namespace mps
