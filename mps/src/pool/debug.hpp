// debug.hpp -- the debugging-pool mixin: fenceposts around blocks and
// splatting of free space, for any pool class that wraps its allocator with
// it (MVFF debug now; AMS debug can reuse it).
//
// A debugging block, as the underlying pool allocates it ("inner block"):
//
//   inner                client               client+size       inner+inner_size
//   | leading fence (lead) | client's block     | trailing fence    |
//
// lead is the fence template's size rounded up to the pool alignment, so the
// client address keeps the pool's alignment; the trailing fence runs from the
// end of what the client asked for to the end of the (aligned) inner block,
// so even a one-byte overrun into the rounding slack is caught.  Fences are
// the template repeated from the fence's start.
//
// Free space is splatted with the free template by address: the byte at
// address a is template[a % size], so any sub-range of a splatted range can
// be checked however ranges were split or coalesced since.
//
// The mixin records live blocks (debug_block_table.hpp) so all fences can be
// checked on demand and at destruction, and a free of an unknown address is
// reported precisely.  Corruption is reported through the assertion handler
// with "fencepost overwritten" or "free space modified".
#pragma once

#include <cstddef>

#include "base/args.hpp"
#include "base/word.hpp"
#include "pool/debug_block_table.hpp"

namespace mps {

struct Arena;

struct DebugMixin {
  std::uint8_t* fence;       // copy of the fence template, or null
  std::size_t fence_size;    // 0: no fenceposts
  std::uint8_t* splat;       // copy of the free template, or null
  std::size_t splat_size;    // 0: no splatting
  std::size_t lead_size;     // leading fence rounded up to the alignment
  std::size_t alignment;
  Arena* arena;
  DebugBlockTable blocks;
};

// Takes MPS_KEY_POOL_DEBUG_OPTIONS (defaults "POST"/"FREE", 4 bytes each)
// and copies the templates into control memory.  `alignment` is the
// wrapped pool's.
Res debug_mixin_init(DebugMixin* debug, Arena* arena, std::size_t alignment, ArgList args) noexcept;
void debug_mixin_finish(DebugMixin* debug) noexcept;

// The size to ask of the wrapped pool for a client block of `size` bytes;
// 0 if that would overflow.
std::size_t debug_inner_size(const DebugMixin* debug, std::size_t size) noexcept;

// After the wrapped pool allocated `inner` (debug_inner_size(size) bytes
// from its free space): checks the splat, writes the fences and records the
// block.  On error (the record could not grow) the caller frees `inner`.
Res debug_block_allocated(Addr* client_o, DebugMixin* debug, Addr inner, std::size_t size) noexcept;

// Before the wrapped pool frees a block: checks that `client` is a live
// block of `size` bytes and that its fences are intact, forgets it, splats
// it, and gives the inner block to free.
void debug_block_freeing(Addr* inner_o, std::size_t* inner_size_o, DebugMixin* debug, Addr client,
                         std::size_t size) noexcept;

// Checks the fences of every live block.
void debug_check_all_fences(const DebugMixin* debug) noexcept;

// Free-space splatting on ranges the wrapped pool moves around.
void debug_splat(const DebugMixin* debug, Addr base, Addr limit) noexcept;
void debug_check_splat(const DebugMixin* debug, Addr base, Addr limit) noexcept;

}  // namespace mps
