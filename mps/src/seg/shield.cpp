// shield.cpp -- the shield: the write barrier's protection and the
// collector's "inside" state.  See shield.hpp and docs/design/shield.md.
//
// The fault path (shield_fault, from the SIGSEGV handler) runs in signal
// context: it walks the global arena ring without the global lock, which
// is sound only while no arena is being created or destroyed concurrently
// with a protection fault in another thread -- a client creating or
// destroying an arena while another thread uses a different arena's memory
// is the one case not covered (documented in shield.md).  It reads the
// chunk index and page table through their lock-free readers and takes no
// lock, allocates nothing and asserts nothing.
#include "seg/shield.hpp"

#include <atomic>

#include "base/check.hpp"
#include "os/protect.hpp"
#include "os/vm.hpp"
#include "seg/seg.hpp"

namespace mps {

namespace {

std::atomic<bool> barrier_available{false};

// True if `seg` may be write-protected, so that its summary may be narrower
// than the universe.
bool may_protect(const Seg* seg) {
  if (!barrier_available.load(std::memory_order_relaxed)) return false;
  if (seg->klass->scan == nullptr || seg->buffer != nullptr) return false;
  const std::size_t page = os::page_size();
  return is_aligned(word_of(seg->base), page) && is_aligned(seg_size(seg), page);
}

void raise(Seg* seg) {
  if (seg->write_protected || seg->summary == kZoneSetUniverse || seg->klass->scan == nullptr) return;
  if (!may_protect(seg) || !os::protect(seg->base, seg_size(seg), os::ProtMode::read_only)) {
    seg->summary = kZoneSetUniverse;  // cannot protect: keep the invariant the other way
    return;
  }
  seg->write_protected = true;
}

// A segment whose protection shield_leave must raise (and can).
bool needs_raise(const Seg* seg) {
  return seg != nullptr && !seg->write_protected && seg->summary != kZoneSetUniverse &&
         seg->klass->scan != nullptr && may_protect(seg);
}

// Raises the run of address-adjacent segments that need it, starting at
// `first`, with one mprotect: a trace's copies fill consecutive segments of
// their generation's zones, so most of the calls are saved.  If the run
// cannot be protected at once, each segment is raised alone.
void raise_run(Arena* arena, Seg* first) {
  Addr limit = first->limit;
  for (Seg* next = seg_of_addr(arena, limit); needs_raise(next); next = seg_of_addr(arena, limit)) limit = next->limit;
  const bool whole = limit != first->limit && os::protect(first->base, addr_offset(first->base, limit),
                                                          os::ProtMode::read_only);
  for (Seg* seg = first; seg != nullptr && seg->base < limit; seg = seg_of_addr(arena, seg->limit)) {
    if (whole) seg->write_protected = true;
    else raise(seg);
  }
}

// The fault callback: is `addr` in a write-protected segment of an arena?
bool shield_fault(void* addr) noexcept {
  Ring* head = global_arena_ring();
  for (Ring* node = head->next; node != head; node = node->next) {
    Arena* arena = arena_of_global_link(node);
    if (!arena_has_addr(arena, addr)) continue;
    Seg* seg = seg_of_addr(arena, addr);
    if (seg == nullptr) return false;  // not a barrier: a real fault
    if (seg->write_protected) {
      shield_write_fault(seg);
      return true;
    }
    // Another thread handled a fault on this segment between our fault and
    // now (its summary is already the universe): retry the access.
    // Committed, unprotected segment memory cannot fault otherwise.
    return seg->summary == kZoneSetUniverse && seg->klass->scan != nullptr;
  }
  return false;
}

}  // namespace

bool shield_barrier_init() noexcept {
  const bool ok = os::fault_handler_ensure(shield_fault);
  barrier_available.store(ok, std::memory_order_relaxed);
  return ok;
}

void shield_enter(Arena* arena) noexcept {
  SegRegistry* registry = seg_registry(arena);
  MPS_ASSERT(registry != nullptr);
  MPS_ASSERT_MSG(registry->shield_depth == 0,
                 "shield: the collector was re-entered (a format method or scanner called the MPS?)");
  registry->shield_depth = 1;
}

void shield_leave(Arena* arena) noexcept {
  SegRegistry* registry = seg_registry(arena);
  MPS_ASSERT(registry != nullptr && registry->shield_depth == 1);
  // Protection is only sound while our handler owns SIGSEGV: check (and
  // re-install) it before raising anything.  If it cannot be had, lower
  // every barrier and widen every summary.
  const bool available = shield_barrier_init();
  Ring* head = &registry->segs;
  for (Ring* node = head->next; node != head; node = node->next) {
    Seg* seg = seg_of_arena_link(node);
    if (!available) {
      if (seg->klass->scan == nullptr) continue;
      shield_expose(seg);
      seg->summary = kZoneSetUniverse;
    } else if (!needs_raise(seg)) {
      raise(seg);  // already raised, or cannot be: then its summary widens
    } else if (!needs_raise(seg_of_addr(arena, seg->base - 1))) {
      raise_run(arena, seg);  // the start of a run; its other members follow it
    }
  }
  // The invariant the mutator relies on from here.
  if constexpr (kVariety == Variety::cool) {
    for (Ring* node = head->next; node != head; node = node->next) {
      const Seg* seg = seg_of_arena_link(node);
      MPS_ASSERT(seg->summary == kZoneSetUniverse || seg->write_protected || seg->klass->scan == nullptr);
    }
  }
  registry->shield_depth = 0;
}

bool shield_inside(Arena* arena) noexcept {
  auto* registry = static_cast<SegRegistry*>(arena_upper_state(arena)->collector);
  return registry != nullptr && registry->shield_depth != 0;
}

void shield_expose(Seg* seg) noexcept {
  if (!seg->write_protected) return;
  [[maybe_unused]] const bool ok = os::protect(seg->base, seg_size(seg), os::ProtMode::read_write);
  MPS_ASSERT_MSG(ok, "shield: could not lower the protection of a segment");
  seg->write_protected = false;
}

void shield_expose_run(Arena* arena, Seg* seg, bool (*accept)(const Seg*, const void*),
                       const void* closure) noexcept {
  if (!seg->write_protected) return;
  auto joins = [&](const Seg* s) { return s != nullptr && s->write_protected && accept(s, closure); };
  Seg* first = seg;
  for (Seg* prev = seg_of_addr(arena, first->base - 1); joins(prev); prev = seg_of_addr(arena, first->base - 1)) {
    first = prev;
  }
  Addr limit = seg->limit;
  for (Seg* next = seg_of_addr(arena, limit); joins(next); next = seg_of_addr(arena, limit)) limit = next->limit;
  const bool whole = os::protect(first->base, addr_offset(first->base, limit), os::ProtMode::read_write);
  for (Seg* s = first; s != nullptr && s->base < limit; s = seg_of_addr(arena, s->limit)) {
    if (whole) s->write_protected = false;
    else shield_expose(s);
  }
}

void shield_lower_all(Arena* arena) noexcept {
  auto* registry = static_cast<SegRegistry*>(arena_upper_state(arena)->collector);
  if (registry == nullptr) return;
  Ring* head = &registry->segs;
  for (Ring* node = head->next; node != head; node = node->next) {
    Seg* seg = seg_of_arena_link(node);
    if (seg->klass->scan == nullptr) continue;  // AMCZ: never protected
    shield_expose(seg);
    seg->summary = kZoneSetUniverse;
  }
}

void shield_set_summary(Seg* seg, ZoneSet summary) noexcept {
  MPS_ASSERT_COOL(shield_inside(seg->arena));
  if (seg->klass->scan == nullptr) return;  // AMCZ: no references, summary stays empty
  seg->summary = may_protect(seg) ? summary : kZoneSetUniverse;
}

void shield_write_fault(Seg* seg) noexcept {
  // Widen first: if the unprotect below lost a race with another faulting
  // thread, the summary is already safe.
  seg->summary = kZoneSetUniverse;
  (void)os::protect(seg->base, seg_size(seg), os::ProtMode::read_write);
  seg->write_protected = false;
}

}  // namespace mps
