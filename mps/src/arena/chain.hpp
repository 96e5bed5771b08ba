// chain.hpp -- generation chains and the collection policy
// (mps-interface.md 10; docs/design/chain.md).
//
// A chain is an ordered list of generations shared by collected pools.  Each
// generation has a capacity, a predicted mortality and a *new size*: bytes
// allocated into it (generation 0) or promoted into it since it was last
// condemned.  Survivors of generation g go to g+1; survivors of a chain's
// last generation go to the arena's *top generation*, which is numbered
// gen_count in every chain.  The policy: when some generation's new size
// exceeds its capacity, collect that chain, condemning generations 0..k
// where k is the highest one over capacity.
//
// The arena's default chain (for pools created without MPS_KEY_CHAIN) is
// made on demand, is not on arena_chain_ring (the client never destroys
// it), and is freed by chains_finish.
#pragma once

#include <cstddef>

#include "arena/arena.hpp"
#include "base/word.hpp"
#include "mps.h"

namespace mps {

inline constexpr Sig kChainSig = 0x519C4A17;

struct Generation {
  std::size_t capacity;   // bytes
  double mortality;       // predicted fraction that dies, a moving average
  std::size_t new_size;   // bytes allocated or promoted in since last condemned
  ZoneSet zones;          // zones its segments have been placed in (only grows)
};

struct Chain {
  Sig sig;
  Arena* arena;
  Ring arena_link;        // on arena_chain_ring (not the default chain)
  std::size_t gen_count;
  Generation* gens;       // gen_count entries, in control memory
  std::size_t pool_count; // pools using the chain (destroy asserts zero)
  bool is_default;
};

bool chain_check(const Chain* chain) noexcept;

// gen_count > 0; capacities in KiB (the reference's unit).
Res chain_create(Chain** chain_o, Arena* arena, std::size_t gen_count,
                 const mps_gen_param_s* params) noexcept;
// Asserts no pool uses the chain.
void chain_destroy(Chain* chain) noexcept;

// The arena's default chain (8 MiB / 0.85, 36 MiB / 0.45), created on
// first use.  MPS_RES_MEMORY if it cannot be made.
Res chain_default(Chain** chain_o, Arena* arena) noexcept;

// Generation `gen` of `chain`; gen == gen_count is the arena's top generation.
Generation* chain_generation(Chain* chain, unsigned gen) noexcept;
// The generation survivors of `gen` are promoted to (capped at the top).
unsigned chain_next_generation(const Chain* chain, unsigned gen) noexcept;
unsigned chain_top_index(const Chain* chain) noexcept;

// Zone-aware placement (architecture.md, Decisions: Zones).  Memory for a
// segment of generation `gen` goes into the zones that generation already
// occupies if there is room, else into zones no generation of the arena
// occupies yet, else anywhere; the generation's zone set grows to cover
// what it got.  Generations kept in distinct zones keep the white set of a
// minor collection narrow: MPS_FIX1 then rejects references into older
// generations inline, and an older segment whose summary names only older
// zones is not scanned at all.  Errors as arena_alloc.
Res chain_alloc(Addr* base_o, Chain* chain, unsigned gen, std::size_t size, Pool* pool) noexcept;
// A segment [base, limit) now belongs to generation `gen` (promoted in
// place): the generation's zone set grows to cover it.
void chain_note_zones(Chain* chain, unsigned gen, Addr base, Addr limit) noexcept;

// Accounting.  Allocation into generation 0; promotion into `gen`.
void chain_note_allocated(Chain* chain, std::size_t bytes) noexcept;
void chain_note_promoted(Chain* chain, unsigned gen, std::size_t bytes) noexcept;
// A trace condemned generations 0..top of `chain`: their new sizes restart.
// `measured_mortality` in [0,1] (or < 0 if unknown) updates the averages.
void chain_note_condemned(Chain* chain, unsigned top, double measured_mortality) noexcept;
// A full collection condemned everything (every chain and the top
// generation); `live` bytes survived it.  The top generation's capacity
// becomes max(live, kTopMinCapacity): the next full collection is due when
// as much again has been promoted into the top generation.
void chains_note_full_collection(Arena* arena, std::size_t live) noexcept;
inline constexpr std::size_t kTopMinCapacity = std::size_t{64} << 20;

// The policy.  True if some chain has a generation over capacity; then
// *chain_o is the chain and *top_o the highest generation over capacity.
bool chain_policy_pick(Chain** chain_o, unsigned* top_o, Arena* arena) noexcept;
// True if the top generation has grown past its capacity: survivors of every
// chain end up there and only a full collection reclaims them.
bool chain_policy_full_due(Arena* arena) noexcept;

// Frees the default chain and the per-arena state (api, before arena_destroy).
void chains_finish(Arena* arena) noexcept;

}  // namespace mps
