// chain.cpp -- generation chains and the policy; see chain.hpp and
// docs/design/chain.md.
#include "arena/chain.hpp"

#include "base/check.hpp"

namespace mps {

namespace {

// The arena's part of the chain layer: the default chain and the top
// generation (survivors of every chain's last generation).
struct ArenaChains {
  Chain* default_chain;
  Generation top;
  ZoneSet claimed;  // union of every generation's zones (chain_alloc)
};

constexpr mps_gen_param_s kDefaultGens[] = {{8 * 1024, 0.85}, {36 * 1024, 0.45}};
// Weight of a new measurement in the mortality moving average.
constexpr double kMortalityWeight = 0.5;

ArenaChains* chains_of(Arena* arena, bool create) {
  ArenaUpperState* upper = arena_upper_state(arena);
  if (upper->chains == nullptr && create) {
    void* mem;
    if (arena_control_alloc(&mem, arena, sizeof(ArenaChains)) != MPS_RES_OK) return nullptr;
    auto* state = static_cast<ArenaChains*>(mem);
    state->top.capacity = kTopMinCapacity;  // see chain_policy_full_due
    state->top.mortality = 0.5;
    state->top.zones = kZoneSetEmpty;
    state->claimed = kZoneSetEmpty;
    upper->chains = state;
  }
  return static_cast<ArenaChains*>(upper->chains);
}

Res chain_make(Chain** chain_o, Arena* arena, std::size_t gen_count, const mps_gen_param_s* params) {
  if (chains_of(arena, true) == nullptr) return MPS_RES_MEMORY;
  void* mem;
  Res res = arena_control_alloc(&mem, arena, sizeof(Chain));
  if (res != MPS_RES_OK) return res;
  void* gens;
  res = arena_control_alloc(&gens, arena, sizeof(Generation) * gen_count);
  if (res != MPS_RES_OK) {
    arena_control_free(arena, mem, sizeof(Chain));
    return res;
  }
  auto* chain = static_cast<Chain*>(mem);
  chain->arena = arena;
  chain->gen_count = gen_count;
  chain->gens = static_cast<Generation*>(gens);
  for (std::size_t i = 0; i < gen_count; ++i) {
    chain->gens[i].capacity = params[i].mps_capacity * 1024;
    chain->gens[i].mortality = params[i].mps_mortality;
    chain->gens[i].new_size = 0;
    chain->gens[i].zones = kZoneSetEmpty;
  }
  chain->arena_link.init();
  chain->sig = kChainSig;
  *chain_o = chain;
  return MPS_RES_OK;
}

void chain_free(Chain* chain) {
  Arena* arena = chain->arena;
  chain->sig = kSigInvalid;
  arena_control_free(arena, chain->gens, sizeof(Generation) * chain->gen_count);
  arena_control_free(arena, chain, sizeof(Chain));
}

// Over capacity: the highest generation of `chain` whose new size exceeds
// its capacity, or -1.
int highest_over_capacity(const Chain* chain) {
  int top = -1;
  for (std::size_t i = 0; i < chain->gen_count; ++i) {
    if (chain->gens[i].new_size > chain->gens[i].capacity) top = static_cast<int>(i);
  }
  return top;
}

ZoneSet zones_of_chain(const Chain* chain) {
  ZoneSet zones = kZoneSetEmpty;
  for (std::size_t i = 0; i < chain->gen_count; ++i) zones |= chain->gens[i].zones;
  return zones;
}

}  // namespace

bool chain_check(const Chain* chain) noexcept {
  return chain != nullptr && chain->sig == kChainSig && chain->gen_count > 0 && chain->gens != nullptr;
}

Res chain_create(Chain** chain_o, Arena* arena, std::size_t gen_count, const mps_gen_param_s* params) noexcept {
  MPS_ASSERT_MSG(gen_count > 0, "mps_chain_create: gen_count is zero");
  for (std::size_t i = 0; i < gen_count; ++i) {
    MPS_ASSERT_MSG(params[i].mps_mortality >= 0.0 && params[i].mps_mortality <= 1.0,
                   "mps_chain_create: a generation's mortality is not between 0.0 and 1.0");
    MPS_ASSERT_MSG(params[i].mps_capacity > 0, "mps_chain_create: a generation's capacity is zero");
  }
  Chain* chain;
  Res res = chain_make(&chain, arena, gen_count, params);
  if (res != MPS_RES_OK) return res;
  arena_chain_ring(arena)->append(&chain->arena_link);
  *chain_o = chain;
  return MPS_RES_OK;
}

void chain_destroy(Chain* chain) noexcept {
  MPS_ASSERT_MSG(chain->pool_count == 0,
                 "mps_chain_destroy: a pool still uses the chain (destroy the pools first)");
  MPS_ASSERT(!chain->is_default);
  Arena* arena = chain->arena;
  chain->arena_link.remove();
  chain_free(chain);
  // Its generations' zones are free for others again.
  ArenaChains* state = chains_of(arena, false);
  state->claimed = state->top.zones;
  if (state->default_chain != nullptr) state->claimed |= zones_of_chain(state->default_chain);
  Ring* head = arena_chain_ring(arena);
  for (Ring* node = head->next; node != head; node = node->next) {
    state->claimed |= zones_of_chain(ring_owner<Chain, &Chain::arena_link>(node));
  }
}

Res chain_default(Chain** chain_o, Arena* arena) noexcept {
  ArenaChains* state = chains_of(arena, true);
  if (state == nullptr) return MPS_RES_MEMORY;
  if (state->default_chain == nullptr) {
    Chain* chain;
    Res res = chain_make(&chain, arena, sizeof(kDefaultGens) / sizeof(kDefaultGens[0]), kDefaultGens);
    if (res != MPS_RES_OK) return res;
    chain->is_default = true;
    state->default_chain = chain;
  }
  *chain_o = state->default_chain;
  return MPS_RES_OK;
}

Generation* chain_generation(Chain* chain, unsigned gen) noexcept {
  MPS_ASSERT(gen <= chain->gen_count);
  if (gen < chain->gen_count) return &chain->gens[gen];
  ArenaChains* state = chains_of(chain->arena, false);
  MPS_ASSERT(state != nullptr);  // made with the chain
  return &state->top;
}

unsigned chain_top_index(const Chain* chain) noexcept { return static_cast<unsigned>(chain->gen_count); }

unsigned chain_next_generation(const Chain* chain, unsigned gen) noexcept {
  const unsigned top = chain_top_index(chain);
  return gen >= top ? top : gen + 1;
}

Res chain_alloc(Addr* base_o, Chain* chain, unsigned gen, std::size_t size, Pool* pool) noexcept {
  ArenaChains* state = chains_of(chain->arena, false);
  MPS_ASSERT(state != nullptr);  // made with the chain
  Generation* g = chain_generation(chain, gen);
  const ZoneSet prefer[] = {g->zones, ~state->claimed};
  Res res = arena_alloc_zoned(base_o, chain->arena, size, pool, prefer, 2);
  if (res != MPS_RES_OK) return res;
  chain_note_zones(chain, gen, *base_o, *base_o + size);
  return MPS_RES_OK;
}

void chain_note_zones(Chain* chain, unsigned gen, Addr base, Addr limit) noexcept {
  ArenaChains* state = chains_of(chain->arena, false);
  const ZoneSet zones = zone_set_of_range(base, limit);
  chain_generation(chain, gen)->zones |= zones;
  state->claimed |= zones;
}

void chain_note_allocated(Chain* chain, std::size_t bytes) noexcept { chain->gens[0].new_size += bytes; }

void chain_note_promoted(Chain* chain, unsigned gen, std::size_t bytes) noexcept {
  chain_generation(chain, gen)->new_size += bytes;
}

void chain_note_condemned(Chain* chain, unsigned top, double measured_mortality) noexcept {
  for (unsigned i = 0; i <= top && i < chain->gen_count; ++i) {
    Generation* gen = &chain->gens[i];
    gen->new_size = 0;
    if (measured_mortality >= 0.0) {
      gen->mortality = gen->mortality * (1.0 - kMortalityWeight) + measured_mortality * kMortalityWeight;
    }
  }
  if (top >= chain->gen_count) chain_generation(chain, chain_top_index(chain))->new_size = 0;
}

void chains_note_full_collection(Arena* arena, std::size_t live) noexcept {
  ArenaChains* state = chains_of(arena, false);
  if (state == nullptr) return;
  Ring* head = arena_chain_ring(arena);
  for (Ring* node = head->next; node != head; node = node->next) {
    Chain* chain = ring_owner<Chain, &Chain::arena_link>(node);
    chain_note_condemned(chain, chain_top_index(chain), -1.0);
  }
  if (state->default_chain != nullptr) {
    chain_note_condemned(state->default_chain, chain_top_index(state->default_chain), -1.0);
  }
  state->top.new_size = 0;
  state->top.capacity = live > kTopMinCapacity ? live : kTopMinCapacity;
}

bool chain_policy_full_due(Arena* arena) noexcept {
  ArenaChains* state = chains_of(arena, false);
  return state != nullptr && state->top.new_size > state->top.capacity;
}

bool chain_policy_pick(Chain** chain_o, unsigned* top_o, Arena* arena) noexcept {
  ArenaChains* state = chains_of(arena, false);
  if (state == nullptr) return false;
  if (state->default_chain != nullptr) {
    const int top = highest_over_capacity(state->default_chain);
    if (top >= 0) {
      *chain_o = state->default_chain;
      *top_o = static_cast<unsigned>(top);
      return true;
    }
  }
  Ring* head = arena_chain_ring(arena);
  for (Ring* node = head->next; node != head; node = node->next) {
    Chain* chain = ring_owner<Chain, &Chain::arena_link>(node);
    const int top = highest_over_capacity(chain);
    if (top >= 0) {
      *chain_o = chain;
      *top_o = static_cast<unsigned>(top);
      return true;
    }
  }
  return false;
}

void chains_finish(Arena* arena) noexcept {
  ArenaUpperState* upper = arena_upper_state(arena);
  auto* state = static_cast<ArenaChains*>(upper->chains);
  if (state == nullptr) return;
  if (state->default_chain != nullptr) {
    MPS_ASSERT_MSG(state->default_chain->pool_count == 0,
                   "mps_arena_destroy: a pool still uses the default chain");
    chain_free(state->default_chain);
  }
  arena_control_free(arena, state, sizeof(ArenaChains));
  upper->chains = nullptr;
}

}  // namespace mps
