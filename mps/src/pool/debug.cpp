// debug.cpp -- fenceposts and free splatting; see debug.hpp.
#include "pool/debug.hpp"

#include <cstring>

#include "arena/arena.hpp"
#include "base/check.hpp"

namespace mps {

namespace {

constexpr char kDefaultFence[] = "POST";
constexpr char kDefaultSplat[] = "FREE";
constexpr std::size_t kDefaultTemplateSize = 4;

Res copy_template(std::uint8_t** copy_o, Arena* arena, const void* tmpl, std::size_t size) {
  *copy_o = nullptr;
  if (size == 0) return MPS_RES_OK;
  void* mem;
  Res res = arena_control_alloc(&mem, arena, size);
  if (res != MPS_RES_OK) return res;
  std::memcpy(mem, tmpl, size);
  *copy_o = static_cast<std::uint8_t*>(mem);
  return MPS_RES_OK;
}

// Fills [base, limit) with the template repeated, starting at template byte
// `phase`.
void fill(Addr base, Addr limit, const std::uint8_t* tmpl, std::size_t size, std::size_t phase) {
  while (base < limit) {
    std::size_t n = size - phase;
    if (n > addr_offset(base, limit)) n = addr_offset(base, limit);
    std::memcpy(base, tmpl + phase, n);
    base += n;
    phase = 0;
  }
}

// True if [base, limit) holds the template repeated from byte `phase`.
bool matches(Addr base, Addr limit, const std::uint8_t* tmpl, std::size_t size, std::size_t phase) {
  while (base < limit) {
    std::size_t n = size - phase;
    if (n > addr_offset(base, limit)) n = addr_offset(base, limit);
    if (std::memcmp(base, tmpl + phase, n) != 0) return false;
    base += n;
    phase = 0;
  }
  return true;
}

inline std::size_t splat_phase(const DebugMixin* debug, Addr at) {
  return static_cast<std::size_t>(word_of(at) % debug->splat_size);
}

void check_fences(const DebugMixin* debug, Addr client, std::size_t size) {
  if (debug->fence_size == 0) return;
  Addr inner = client - debug->lead_size;
  Addr inner_limit = inner + debug_inner_size(debug, size);
  MPS_ASSERT_MSG(matches(inner, client, debug->fence, debug->fence_size, 0),
                 "fencepost overwritten: the leading fencepost of a block was modified (underrun?)");
  MPS_ASSERT_MSG(matches(client + size, inner_limit, debug->fence, debug->fence_size, 0),
                 "fencepost overwritten: the trailing fencepost of a block was modified (overrun?)");
}

}  // namespace

Res debug_mixin_init(DebugMixin* debug, Arena* arena, std::size_t alignment, ArgList args) noexcept {
  mps_pool_debug_option_s options = {kDefaultFence, kDefaultTemplateSize, kDefaultSplat,
                                     kDefaultTemplateSize};
  mps_arg_s arg;
  if (args.take(MPS_KEY_POOL_DEBUG_OPTIONS, &arg)) {
    MPS_ASSERT_MSG(arg.val.pool_debug_options != nullptr,
                   "debugging pool: MPS_KEY_POOL_DEBUG_OPTIONS is NULL");
    options = *arg.val.pool_debug_options;
  }
  MPS_ASSERT_MSG(options.fence_size == 0 || options.fence_template != nullptr,
                 "debugging pool: fence_template is NULL but fence_size is not 0");
  MPS_ASSERT_MSG(options.free_size == 0 || options.free_template != nullptr,
                 "debugging pool: free_template is NULL but free_size is not 0");
  debug->arena = arena;
  debug->alignment = alignment;
  debug->fence_size = options.fence_size;
  debug->splat_size = options.free_size;
  debug->lead_size = options.fence_size == 0 ? 0 : align_up(options.fence_size, alignment);
  Res res = copy_template(&debug->fence, arena, options.fence_template, options.fence_size);
  if (res != MPS_RES_OK) return res;
  res = copy_template(&debug->splat, arena, options.free_template, options.free_size);
  if (res != MPS_RES_OK) {
    if (debug->fence != nullptr) arena_control_free(arena, debug->fence, debug->fence_size);
    return res;
  }
  debug_block_table_init(&debug->blocks, arena);
  return MPS_RES_OK;
}

void debug_mixin_finish(DebugMixin* debug) noexcept {
  debug_block_table_finish(&debug->blocks);
  if (debug->fence != nullptr) arena_control_free(debug->arena, debug->fence, debug->fence_size);
  if (debug->splat != nullptr) arena_control_free(debug->arena, debug->splat, debug->splat_size);
  debug->fence = debug->splat = nullptr;
}

std::size_t debug_inner_size(const DebugMixin* debug, std::size_t size) noexcept {
  const std::size_t overhead = debug->lead_size + debug->fence_size + debug->alignment;
  if (size > SIZE_MAX - overhead) return 0;
  return debug->lead_size + align_up(size + debug->fence_size, debug->alignment);
}

Res debug_block_allocated(Addr* client_o, DebugMixin* debug, Addr inner, std::size_t size) noexcept {
  const std::size_t inner_size = debug_inner_size(debug, size);
  debug_check_splat(debug, inner, inner + inner_size);  // before reuse
  Addr client = inner + debug->lead_size;
  Res res = debug_block_table_insert(&debug->blocks, client, size);
  if (res != MPS_RES_OK) return res;
  if (debug->fence_size != 0) {
    fill(inner, client, debug->fence, debug->fence_size, 0);
    fill(client + size, inner + inner_size, debug->fence, debug->fence_size, 0);
  }
  *client_o = client;
  return MPS_RES_OK;
}

void debug_block_freeing(Addr* inner_o, std::size_t* inner_size_o, DebugMixin* debug, Addr client,
                         std::size_t size) noexcept {
  DebugBlock* block = debug_block_table_find(&debug->blocks, client);
  MPS_ASSERT_MSG(block != nullptr,
                 "mps_free: address not allocated by this pool (double free, or not the address mps_alloc returned?)");
  MPS_ASSERT_MSG(block->size == size, "mps_free: size differs from the size the block was allocated with");
  check_fences(debug, client, size);
  debug_block_table_remove(&debug->blocks, block);
  Addr inner = client - debug->lead_size;
  const std::size_t inner_size = debug_inner_size(debug, size);
  debug_splat(debug, inner, inner + inner_size);
  *inner_o = inner;
  *inner_size_o = inner_size;
}

void debug_check_all_fences(const DebugMixin* debug) noexcept {
  debug_block_table_each(&debug->blocks,
                         [&](const DebugBlock& block) { check_fences(debug, block.client, block.size); });
}

void debug_splat(const DebugMixin* debug, Addr base, Addr limit) noexcept {
  if (debug->splat_size == 0 || base >= limit) return;
  fill(base, limit, debug->splat, debug->splat_size, splat_phase(debug, base));
}

void debug_check_splat(const DebugMixin* debug, Addr base, Addr limit) noexcept {
  if (debug->splat_size == 0 || base >= limit) return;
  MPS_ASSERT_MSG(matches(base, limit, debug->splat, debug->splat_size, splat_phase(debug, base)),
                 "free space modified: memory was written after it was freed");
}

}  // namespace mps
