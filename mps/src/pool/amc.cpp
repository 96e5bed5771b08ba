// amc.cpp -- the AMC and AMCZ pool classes: creation, allocation points,
// segments, walking.  The collector's half is in amc_seg.cpp.  See amc.hpp
// and docs/design/amc.md.
#include <cstdarg>

#include "base/check.hpp"
#include "mpscamc.h"
#include "pool/amc.hpp"
#include "trace/trace.hpp"

namespace mps {

namespace {

// The MPS manual's default (the original code used 8192).
constexpr std::size_t kDefaultExtendBy = 4096;
// Segments are at least this big whatever EXTEND_BY says (it is a minimum):
// every segment costs a commit and a descriptor, and one-page segments made
// the binary-tree benchmark spend a fifth of its time in mmap.
constexpr std::size_t kPreferredSegmentSize = std::size_t{64} << 10;

// Allocation points whose allocation does not count towards the nursery's
// new size (MPS_KEY_AP_HASH_ARRAYS) are marked through pool_data.
char hash_arrays_marker;

Res amc_init_common(Pool* pool, ArgList args, bool scannable) {
  AMC* amc = amc_of_pool(pool);
  mps_arg_s arg;
  args.take_required(MPS_KEY_FORMAT, &arg);
  auto* format = reinterpret_cast<Format*>(arg.val.format);
  MPS_ASSERT_MSG(format_check(format), "mps_pool_create: MPS_KEY_FORMAT is not a valid format");
  Chain* chain = nullptr;
  if (args.take(MPS_KEY_CHAIN, &arg)) {
    chain = reinterpret_cast<Chain*>(arg.val.chain);
    MPS_ASSERT_MSG(chain_check(chain), "mps_pool_create: MPS_KEY_CHAIN is not a valid chain");
  } else {
    Res res = chain_default(&chain, pool->arena);
    if (res != MPS_RES_OK) return res;
  }
  amc->interior = true;
  args.take(MPS_KEY_INTERIOR, &amc->interior);
  amc->extend_by = kDefaultExtendBy;
  amc->large_size = 0;
  if (scannable) {
    args.take(MPS_KEY_EXTEND_BY, &amc->extend_by);
    args.take(MPS_KEY_LARGE_SIZE, &amc->large_size);
  }
  if (collector_state(pool->arena) == nullptr) return MPS_RES_MEMORY;
  amc->gen_slots = chain->gen_count + 1;
  void* mem;
  Res res = arena_control_alloc(&mem, pool->arena, sizeof(AMCForwarding) * amc->gen_slots * kAMCScanners);
  if (res != MPS_RES_OK) return res;
  amc->forwarding = static_cast<AMCForwarding*>(mem);
  for (std::size_t i = 0; i < amc->gen_slots * kAMCScanners; ++i) amc->forwarding[i] = AMCForwarding{nullptr, ~Word{0}};
  amc->format = format;
  amc->chain = chain;
  amc->scannable = scannable;
  pool->format = format;
  pool->alignment = format->align;
  ++format->pool_count;
  ++chain->pool_count;
  return MPS_RES_OK;
}

Res amc_init(Pool* pool, ArgList args) { return amc_init_common(pool, args, true); }
Res amcz_init(Pool* pool, ArgList args) { return amc_init_common(pool, args, false); }

void amc_finish(Pool* pool) {
  AMC* amc = amc_of_pool(pool);
  MPS_RING_FOR(node, next, &seg_registry(pool->arena)->segs) {
    Seg* seg = seg_of_arena_link(node);
    if (seg->pool == pool) amc_seg_destroy(amc_seg_of(seg));
  }
  arena_control_free(pool->arena, amc->forwarding, sizeof(AMCForwarding) * amc->gen_slots * kAMCScanners);
  --amc->format->pool_count;
  --amc->chain->pool_count;
}

Res amc_buffer_init(Pool*, Buffer* buffer, ArgList args) {
  bool hash_arrays = false;
  args.take(MPS_KEY_AP_HASH_ARRAYS, &hash_arrays);
  buffer->pool_data = hash_arrays ? &hash_arrays_marker : nullptr;
  buffer->rank = kRankExact;
  return MPS_RES_OK;
}

// A new generation-0 segment for the buffer.  First the policy gets its
// chance: a refill is where collections start (every refill in stress mode).
Res amc_buffer_fill(Addr* base_o, Addr* limit_o, Pool* pool, Buffer* buffer, std::size_t size) {
  AMC* amc = amc_of_pool(pool);
  (void)collector_poll(pool->arena);
  AMCSeg* seg;
  Res res = amc_seg_create(&seg, amc, size, 0);
  if (res != MPS_RES_OK) return res;
  seg->seg.buffer = buffer;
  if (buffer->pool_data != &hash_arrays_marker) chain_note_allocated(amc->chain, seg_size(&seg->seg));
  *base_o = seg->seg.base;
  *limit_o = seg->seg.limit;
  return MPS_RES_OK;
}

// The buffer leaves its segment: objects end at init (trapped_init if a
// flip trapped it); an empty segment goes back to the arena.
void amc_buffer_empty(Pool* pool, Buffer* buffer, Addr init, Addr) {
  Seg* seg = seg_of_addr(pool->arena, buffer->base);
  MPS_ASSERT(seg != nullptr && seg->buffer == buffer);
  AMCSeg* as = amc_seg_of(seg);
  as->used_limit = buffer->trapped_init != nullptr ? buffer->trapped_init : init;
  seg->buffer = nullptr;
  if (as->used_limit <= as->objects_base) amc_seg_destroy(as);
}

std::size_t amc_total_size(const Pool* pool) { return reinterpret_cast<const AMC*>(pool)->total_size; }
std::size_t amc_free_size(const Pool*) { return 0; }

void amc_varargs(mps_arg_s args[], va_list varargs) {
  args[0].key = MPS_KEY_FORMAT;
  args[0].val.format = va_arg(varargs, mps_fmt_t);
  args[1].key = MPS_KEY_CHAIN;
  args[1].val.chain = va_arg(varargs, mps_chain_t);
  args[2].key = MPS_KEY_ARGS_END;
}

PoolClass make_class(const char* name, Res (*init)(Pool*, ArgList)) {
  PoolClass klass{};
  klass.name = name;
  klass.instance_size = sizeof(AMC);
  klass.init = init;
  klass.finish = amc_finish;
  klass.buffer_init = amc_buffer_init;
  klass.buffer_fill = amc_buffer_fill;
  klass.buffer_empty = amc_buffer_empty;
  klass.total_size = amc_total_size;
  klass.free_size = amc_free_size;
  klass.varargs = amc_varargs;
  return klass;
}

}  // namespace

const PoolClass kAMCPoolClass = make_class("AMC", amc_init);
const PoolClass kAMCZPoolClass = make_class("AMCZ", amcz_init);

bool amc_is_amc_pool(const Pool* pool) noexcept {
  return pool->klass == &kAMCPoolClass || pool->klass == &kAMCZPoolClass;
}

Res amc_seg_create(AMCSeg** seg_o, AMC* amc, std::size_t size, unsigned gen) noexcept {
  Arena* arena = amc->pool.arena;
  const std::size_t grain = arena_grain_size(arena);
  std::size_t bytes = size > amc->extend_by ? size : amc->extend_by;
  if (bytes < kPreferredSegmentSize) bytes = kPreferredSegmentSize;
  if (bytes > SIZE_MAX - grain) return MPS_RES_RESOURCE;
  bytes = align_up(bytes, grain);
  const SegClass* klass = amc->scannable ? &kAMCSegClass : &kAMCZSegClass;
  Seg* seg;
  Res res = seg_create(&seg, arena, &amc->pool, klass, sizeof(AMCSeg), bytes, amc->chain, gen);
  if (res != MPS_RES_OK) return res;
  seg->rank_set = amc->scannable ? (1u << kRankExact) : 0;
  // AMCZ holds no references: its summary is empty and it is never
  // protected (shield.hpp).
  if (!amc->scannable) seg->summary = kZoneSetEmpty;
  AMCSeg* as = amc_seg_of(seg);
  as->objects_base = seg->base;
  as->used_limit = seg->base;
  as->board = nullptr;
  amc->total_size += bytes;
  *seg_o = as;
  return MPS_RES_OK;
}

void amc_seg_destroy(AMCSeg* as) noexcept {
  AMC* amc = amc_of_seg(&as->seg);
  amc->total_size -= seg_size(&as->seg);
  for (std::size_t i = 0; i < amc->gen_slots * kAMCScanners; ++i) {
    if (amc->forwarding[i].seg == &as->seg) amc->forwarding[i].seg = nullptr;
  }
  seg_destroy(&as->seg, sizeof(AMCSeg));
}

void amc_walk(Pool* pool, SegObjectVisitor visit, void* closure) noexcept {
  Ring* head = &seg_registry(pool->arena)->segs;
  for (Ring* node = head->next; node != head; node = node->next) {
    Seg* seg = seg_of_arena_link(node);
    if (seg->pool == pool) seg->klass->walk(seg, visit, closure);
  }
}

}  // namespace mps
