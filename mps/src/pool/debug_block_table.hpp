// debug_block_table.hpp -- the debugging pools' record of live blocks: an
// open-addressing hash table from a block's client address to the size the
// client asked for.
//
// It lets a debugging pool check every fencepost on demand and at
// destruction, and tell a foreign or already-freed address from a live one
// on free.  Storage is arena control memory; the table doubles when half
// full, so insertion is amortised O(1) and can fail (the caller then fails
// the allocation).  Removal never fails and never allocates.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/word.hpp"

namespace mps {

struct Arena;

struct DebugBlock {
  Addr client;        // null marks an empty slot
  std::size_t size;   // as the client asked
};

struct DebugBlockTable {
  Arena* arena;
  DebugBlock* slots;
  std::size_t capacity;  // a power of two, or 0 before the first insert
  std::size_t count;
};

void debug_block_table_init(DebugBlockTable* table, Arena* arena) noexcept;
void debug_block_table_finish(DebugBlockTable* table) noexcept;

// Errors: the control allocator's, when the table must grow.
Res debug_block_table_insert(DebugBlockTable* table, Addr client, std::size_t size) noexcept;
// The recorded block at `client`, or null.
DebugBlock* debug_block_table_find(const DebugBlockTable* table, Addr client) noexcept;
// Removes a block found by debug_block_table_find.
void debug_block_table_remove(DebugBlockTable* table, DebugBlock* block) noexcept;

template <typename Visit>
void debug_block_table_each(const DebugBlockTable* table, Visit&& visit) {
  for (std::size_t i = 0; i < table->capacity; ++i) {
    if (table->slots[i].client != nullptr) visit(table->slots[i]);
  }
}

}  // namespace mps
