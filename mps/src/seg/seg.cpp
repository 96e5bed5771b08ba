// seg.cpp -- segments and their registry; see seg.hpp, docs/design/seg.md.
#include "seg/seg.hpp"

#include "base/check.hpp"
#include "seg/shield.hpp"

namespace mps {

SegRegistry* seg_registry(Arena* arena) noexcept {
  ArenaUpperState* upper = arena_upper_state(arena);
  if (upper->collector == nullptr) {
    void* mem;
    if (arena_control_alloc(&mem, arena, sizeof(SegRegistry)) != MPS_RES_OK) return nullptr;
    auto* registry = static_cast<SegRegistry*>(mem);
    registry->segs.init();
    upper->collector = registry;
  }
  return static_cast<SegRegistry*>(upper->collector);
}

void seg_registry_finish(Arena* arena) noexcept {
  ArenaUpperState* upper = arena_upper_state(arena);
  auto* registry = static_cast<SegRegistry*>(upper->collector);
  if (registry == nullptr) return;
  MPS_ASSERT_MSG(registry->segs.is_empty(), "arena: segments remain at finish (a pool was not destroyed)");
  arena_control_free(arena, registry, sizeof(SegRegistry));
  upper->collector = nullptr;
}

bool seg_check(const Seg* seg) noexcept {
  return seg != nullptr && seg->sig == kSegSig && seg->klass != nullptr && seg->base < seg->limit;
}

Res seg_create(Seg** seg_o, Arena* arena, void* pool, const SegClass* klass, std::size_t descriptor_size,
               std::size_t size, Chain* chain, unsigned gen) noexcept {
  MPS_ASSERT(descriptor_size >= sizeof(Seg));
  MPS_ASSERT(size > 0 && is_aligned(size, arena_grain_size(arena)));
  SegRegistry* registry = seg_registry(arena);
  if (registry == nullptr) return MPS_RES_MEMORY;
  void* mem;
  Res res = arena_control_alloc(&mem, arena, descriptor_size);
  if (res != MPS_RES_OK) return res;
  Addr base;
  res = chain != nullptr ? chain_alloc(&base, chain, gen, size, static_cast<Pool*>(pool))
                         : arena_alloc(&base, arena, size, static_cast<Pool*>(pool));
  if (res != MPS_RES_OK) {
    arena_control_free(arena, mem, descriptor_size);
    return res;
  }
  auto* seg = static_cast<Seg*>(mem);  // zeroed
  seg->pool = pool;
  seg->klass = klass;
  seg->arena = arena;
  seg->base = base;
  seg->limit = base + size;
  seg->chain = chain;
  seg->gen = gen;
  seg->summary = kZoneSetUniverse;  // new memory: the mutator writes it freely (unprotected)
  seg->scanned_to = base;
  seg->grey_link.init();
  // Invariant: every grain of the segment names it through its page slot.
  const std::size_t grain = arena_grain_size(arena);
  for (std::size_t offset = 0; offset < size; offset += grain) {
    void** slot = arena_page_slot(arena, base + offset);
    MPS_ASSERT(slot != nullptr);
    *slot = seg;
  }
  seg->sig = kSegSig;
  registry->segs.append(&seg->arena_link);
  *seg_o = seg;
  return MPS_RES_OK;
}

void seg_destroy(Seg* seg, std::size_t descriptor_size) noexcept {
  MPS_ASSERT(seg_check(seg));
  MPS_ASSERT(seg->grey_link.is_single());
  Arena* arena = seg->arena;
  shield_expose(seg);  // the memory goes back to the arena readable and writable
  const std::size_t grain = arena_grain_size(arena);
  for (Addr a = seg->base; a < seg->limit; a += grain) *arena_page_slot(arena, a) = nullptr;
  seg->arena_link.remove();
  seg->sig = kSigInvalid;
  arena_free(arena, seg->base, seg_size(seg));
  arena_control_free(arena, seg, descriptor_size);
}

Seg* seg_of_addr(Arena* arena, const void* addr) noexcept {
  Pool* pool;
  void* slot_value;
  if (!arena_page_owner(arena, addr, &pool, &slot_value) || slot_value == nullptr) return nullptr;
  // Manual pools use their page slots for their own descriptors: a segment
  // is recognised by its signature and by naming the grain's owner.
  auto* seg = static_cast<Seg*>(slot_value);
  if (seg->sig != kSegSig || seg->pool != pool) return nullptr;
  return seg;
}

}  // namespace mps
