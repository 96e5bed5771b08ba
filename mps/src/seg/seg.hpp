// seg.hpp -- segments: contiguous grains owned by one pool, with their
// colour in the current trace (docs/design/seg.md).
//
// A collected pool allocates its memory as segments.  Each grain's
// arena_page_slot points at its Seg, so seg_of_addr maps any address to its
// segment in constant time; every segment of the arena is on one ring, kept
// in the arena's segment registry.  The pool fills in a SegClass table of
// methods (scan, fix, whiten, trap_buffer, reclaim, walk...) so that the
// trace, a layer below the pools, dispatches without knowing them.
//
// Colours (one trace at a time): white = condemned by the current trace;
// grey = may refer to white objects, to be scanned; nailed = an ambiguous
// reference pinned it: nothing in it moves this trace.
// Invariant: outside a trace no segment is white, grey or nailed.
#pragma once

#include <cstddef>

#include "arena/arena.hpp"
#include "arena/chain.hpp"
#include "arena/zone.hpp"
#include "base/ring.hpp"
#include "base/word.hpp"
#include "mps.h"

namespace mps {

struct Seg;
struct ScanState;
struct Trace;

inline constexpr Sig kSegSig = 0x5195E6;

// Called once per object (client pointer) by a walk.
using SegObjectVisitor = void (*)(Seg* seg, mps_addr_t object, void* closure);

struct SegClass {
  const char* name;
  // Scans the objects of a grey segment not yet scanned in this trace
  // (from seg->scanned_to), at ss->rank.  Null: never scanned (AMCZ).
  Res (*scan)(ScanState* ss, Seg* seg);
  // A reference into this (white) segment; see trace_fix.
  Res (*fix)(ScanState* ss, Seg* seg, mps_addr_t* ref_io);
  // Condemns the segment for `trace`: makes it white; returns the bytes
  // condemned.  Null: never condemned (manual memory).
  std::size_t (*whiten)(Seg* seg, Trace* trace);
  // Traps the allocation point attached to the segment (at the flip).
  void (*trap_buffer)(Seg* seg);
  // After the closure: frees or keeps a white segment (may destroy it).
  void (*reclaim)(Seg* seg, Trace* trace);
  // Visits every object (not forwarding objects) of the segment.
  void (*walk)(Seg* seg, SegObjectVisitor visit, void* closure);
  // True if `addr` is the client pointer of a live (not forwarded) object.
  bool (*is_object)(Seg* seg, mps_addr_t addr);
  // True if the object at `addr` in this white segment has been preserved
  // (forwarded, or its segment nailed) by the current trace.
  bool (*is_preserved)(Seg* seg, mps_addr_t addr);
  // Bytes of objects in the segment (for statistics).
  std::size_t (*used_size)(Seg* seg);
};

struct Seg {
  Sig sig;
  void* pool;              // the owning Pool (opaque below the pool layer)
  const SegClass* klass;
  Arena* arena;
  Addr base;
  Addr limit;
  Ring arena_link;         // on the arena's segment ring
  Ring grey_link;          // on the current trace's grey ring while grey
  bool white;
  bool grey;
  bool nailed;
  // Parallel scanning (trace_parallel.cpp), under the trace's lock: a
  // scanner has taken the segment off the grey ring; it was greyed again
  // meanwhile and needs another pass.
  bool scanning;
  bool rescan;
  unsigned rank_set;       // bit r set if the segment holds references of rank r
  // Zones its references may point to.  Invariant (outside the shield):
  // summary != universe  =>  write_protected (see shield.hpp).
  ZoneSet summary;
  bool write_protected;    // read-only to the mutator (shield.cpp only)
  Chain* chain;            // generation chain, or null
  unsigned gen;            // generation in that chain (chain_top_index = arena top)
  void* buffer;            // the allocation point filling it (a Buffer*), or null
  Addr scanned_to;         // objects below this are scanned in the current trace
};

// The arena's segment registry: the ring of all segments and the shield
// state.  Made on first use in control memory; freed by seg_registry_finish.
struct SegRegistry {
  Ring segs;
  unsigned shield_depth;   // shield.hpp: collector inside client memory
  void* trace_state;       // trace/collector.cpp: arena state, policy, stress
};
// Null only if it could not be made (no memory).
SegRegistry* seg_registry(Arena* arena) noexcept;
void seg_registry_finish(Arena* arena) noexcept;  // asserts no segment is left
inline Seg* seg_of_arena_link(Ring* link) { return ring_owner<Seg, &Seg::arena_link>(link); }
inline Seg* seg_of_grey_link(Ring* link) { return ring_owner<Seg, &Seg::grey_link>(link); }

bool seg_check(const Seg* seg) noexcept;

// Allocates `size` bytes (whole grains) for `pool` and a descriptor of
// `descriptor_size` bytes (>= sizeof(Seg), the pool's extension follows the
// Seg), zeroed, registered in the page table and on the ring.  A segment of
// a collected pool names its `chain` and generation `gen`, and is placed in
// that generation's zones where possible (chain_alloc); with a null chain
// it goes anywhere.
Res seg_create(Seg** seg_o, Arena* arena, void* pool, const SegClass* klass, std::size_t descriptor_size,
               std::size_t size, Chain* chain = nullptr, unsigned gen = 0) noexcept;
// Unregisters and frees the memory and the descriptor.
void seg_destroy(Seg* seg, std::size_t descriptor_size) noexcept;

// The segment holding `addr`, or null if `addr` is not in a segment.
Seg* seg_of_addr(Arena* arena, const void* addr) noexcept;

inline std::size_t seg_size(const Seg* seg) { return addr_offset(seg->base, seg->limit); }
inline bool seg_contains(const Seg* seg, const void* addr) {
  return addr_of(addr) >= seg->base && addr_of(addr) < seg->limit;
}

}  // namespace mps
