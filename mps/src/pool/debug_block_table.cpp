// debug_block_table.cpp -- see debug_block_table.hpp.
//
// Linear probing with backward-shift deletion: no tombstones, so lookups
// stay short however many blocks come and go.
#include "pool/debug_block_table.hpp"

#include "arena/arena.hpp"
#include "base/check.hpp"

namespace mps {

namespace {

constexpr std::size_t kInitialCapacity = 256;

inline std::size_t slot_of(Addr client, std::size_t capacity) {
  std::uint64_t x = word_of(client);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return static_cast<std::size_t>(x) & (capacity - 1);
}

void place(DebugBlock* slots, std::size_t capacity, Addr client, std::size_t size) {
  std::size_t i = slot_of(client, capacity);
  while (slots[i].client != nullptr) i = (i + 1) & (capacity - 1);
  slots[i].client = client;
  slots[i].size = size;
}

Res grow(DebugBlockTable* table) {
  const std::size_t capacity = table->capacity == 0 ? kInitialCapacity : table->capacity * 2;
  void* mem;
  Res res = arena_control_alloc(&mem, table->arena, capacity * sizeof(DebugBlock));
  if (res != MPS_RES_OK) return res;
  auto* slots = static_cast<DebugBlock*>(mem);  // zeroed: all empty
  for (std::size_t i = 0; i < table->capacity; ++i) {
    if (table->slots[i].client != nullptr) {
      place(slots, capacity, table->slots[i].client, table->slots[i].size);
    }
  }
  if (table->slots != nullptr) {
    arena_control_free(table->arena, table->slots, table->capacity * sizeof(DebugBlock));
  }
  table->slots = slots;
  table->capacity = capacity;
  return MPS_RES_OK;
}

}  // namespace

void debug_block_table_init(DebugBlockTable* table, Arena* arena) noexcept {
  table->arena = arena;
  table->slots = nullptr;
  table->capacity = 0;
  table->count = 0;
}

void debug_block_table_finish(DebugBlockTable* table) noexcept {
  if (table->slots != nullptr) {
    arena_control_free(table->arena, table->slots, table->capacity * sizeof(DebugBlock));
  }
  table->slots = nullptr;
  table->capacity = table->count = 0;
}

Res debug_block_table_insert(DebugBlockTable* table, Addr client, std::size_t size) noexcept {
  MPS_ASSERT(client != nullptr);
  if (2 * (table->count + 1) > table->capacity) {
    Res res = grow(table);
    if (res != MPS_RES_OK) return res;
  }
  place(table->slots, table->capacity, client, size);
  ++table->count;
  return MPS_RES_OK;
}

DebugBlock* debug_block_table_find(const DebugBlockTable* table, Addr client) noexcept {
  if (table->capacity == 0 || client == nullptr) return nullptr;
  const std::size_t mask = table->capacity - 1;
  for (std::size_t i = slot_of(client, table->capacity);; i = (i + 1) & mask) {
    DebugBlock* slot = &table->slots[i];
    if (slot->client == client) return slot;
    if (slot->client == nullptr) return nullptr;
  }
}

void debug_block_table_remove(DebugBlockTable* table, DebugBlock* block) noexcept {
  const std::size_t mask = table->capacity - 1;
  std::size_t hole = static_cast<std::size_t>(block - table->slots);
  // Shift later members of the probe run back into the hole, unless their
  // home slot lies cyclically after the hole (moving them would hide them).
  for (std::size_t i = (hole + 1) & mask; table->slots[i].client != nullptr; i = (i + 1) & mask) {
    const std::size_t home = slot_of(table->slots[i].client, table->capacity);
    const bool home_after_hole = ((i - home) & mask) < ((i - hole) & mask);
    if (home_after_hole) continue;
    table->slots[hole] = table->slots[i];
    hole = i;
  }
  table->slots[hole].client = nullptr;
  table->slots[hole].size = 0;
  --table->count;
}

}  // namespace mps
