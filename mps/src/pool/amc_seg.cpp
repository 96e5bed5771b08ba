// amc_seg.cpp -- what the trace asks of an AMC/AMCZ segment: whiten, trap
// its allocation point, scan, fix (pin or copy), reclaim, walk.  See
// amc.hpp and docs/design/amc.md.
#include <cstring>

#include "base/check.hpp"
#include "pool/amc.hpp"
#include "trace/trace.hpp"

namespace mps {

namespace {


// Walks [objects_base, committed) by the format's skip.  `visit` returns
// false to stop.  Forwarding objects are passed too.
template <typename Visit>
void for_each_object(Seg* seg, Visit visit) {
  AMCSeg* as = amc_seg_of(seg);
  const Format* format = amc_of_seg(seg)->format;
  const std::size_t header = format->header_size;
  const Addr limit = amc_seg_committed_limit(as) + header;
  Addr obj = as->objects_base + header;
  while (obj < limit) {
    const Addr next = addr_of(format_skip(format, obj));
    MPS_ASSERT_MSG(next > obj, "AMC: the format's skip method went backwards (or did not advance)");
    if (!visit(obj, next)) return;
    obj = next;
  }
}

std::size_t used_size(Seg* seg) {
  AMCSeg* as = amc_seg_of(seg);
  return addr_offset(as->objects_base, amc_seg_committed_limit(as));
}

// seg->nailed, read and written as an atomic: in a parallel scan a fix
// may test it while another scanner nails the segment whole.
bool is_nailed(const Seg* seg) { return __atomic_load_n(&seg->nailed, __ATOMIC_RELAXED); }
void set_nailed(Seg* seg) { __atomic_store_n(&seg->nailed, true, __ATOMIC_RELAXED); }

// Bytes of the segment's objects that are forwarding objects (copied out).
std::size_t forwarded_size(Seg* seg) {
  const Format* format = amc_of_seg(seg)->format;
  std::size_t bytes = 0;
  for_each_object(seg, [&](Addr obj, Addr next) {
    if (format->isfwd(obj) != nullptr) bytes += addr_offset(obj, next);
    return true;
  });
  return bytes;
}

// Pins the segment for this trace: nothing in it moves, it is kept whole
// and (if scannable) scanned whole.  The fallback when a board cannot be
// had, or there is no memory to copy into.  Objects copied out before
// are forwarding objects, which the scan and reclaim pass over.  In a
// parallel scan another scanner may be copying from it right now, so it
// is only marked here, and scanned once the scanners are done.
void nail_whole(ScanState* ss, Seg* seg) {
  Trace* trace = ss->trace;
  if (trace->workers > 1) {
    TraceGuard guard(trace);
    if (is_nailed(seg)) return;
    set_nailed(seg);
  } else {
    if (seg->nailed) return;
    seg->nailed = true;
  }
  if (trace->workers > 1) {
    trace_defer_nailed(trace, seg);
    return;
  }
  seg->scanned_to = seg->base;
  trace_grey_seg(trace, seg);
}

// --- Nailboards (amc_nailboard.hpp) -------------------------------------------

std::size_t board_index(const AMCNailboard* board, const Seg* seg, Addr addr) {
  return addr_offset(seg->base, addr) >> board->align_shift;
}

// The board's bit range of the object whose client pointer is `obj`.
void board_range(const AMCNailboard* board, Seg* seg, Addr obj, Addr next, std::size_t* first, std::size_t* limit) {
  const std::size_t header = amc_of_seg(seg)->format->header_size;
  *first = board_index(board, seg, obj - header);
  *limit = board_index(board, seg, next - header);
}

bool board_live(Seg* seg, Addr obj) {
  const AMCNailboard* board = amc_seg_of(seg)->board;
  const Addr next = addr_of(format_skip(amc_of_seg(seg)->format, obj));
  std::size_t first, limit;
  board_range(board, seg, obj, next, &first, &limit);
  return !board->hits.is_range_reset(first, limit);
}

// Records a hit at `addr`; greys the segment if the hit is new.  The
// board is shared by every scanner of a parallel trace: the trace's lock
// guards it, and the segment is greyed under the same claim (a scan in
// progress that misses the new hit is followed by another).
void board_hit(ScanState* ss, Seg* seg, Addr addr) {
  AMCNailboard* board = amc_seg_of(seg)->board;
  const std::size_t i = board_index(board, seg, addr);
  if (board->hits.get(i)) return;  // hits are only ever added in a trace: no lock to see one
  TraceGuard guard(ss->trace);
  if (board->hits.get(i)) return;
  board->hits.set(i);
  if (i < board->low_hit) board->low_hit = i;
  trace_grey_seg_held(ss->trace, seg);
}

// Nails the segment with a board (or whole, if there is no memory for one
// or copying from it has begun) and records a hit at `addr`.
void nail_at(ScanState* ss, Seg* seg, Addr addr) {
  AMCSeg* as = amc_seg_of(seg);
  if (!seg->nailed) {
    const std::size_t align = amc_of_seg(seg)->format->align;
    const std::size_t bits = seg_size(seg) / align;
    const std::size_t bytes = sizeof(AMCNailboard) + 2 * BitTable::bytes_for(bits);
    void* mem = nullptr;
    // Boards are made only while ambiguous references are fixed, which is
    // before anything is copied (trace.cpp): a board never has to account
    // for objects already forwarded.
    MPS_ASSERT(ss->rank == kRankAmbig && ss->trace->workers == 1);
    if (arena_control_alloc(&mem, amc_of_seg(seg)->pool.arena, bytes) != MPS_RES_OK) {
      nail_whole(ss, seg);
      return;
    }
    auto* board = static_cast<AMCNailboard*>(mem);
    Word* storage = reinterpret_cast<Word*>(board + 1);
    board->hits.init(storage, bits);
    board->scanned.init(storage + BitTable::words_for(bits), bits);
    board->bytes = bytes;
    board->align_shift = 0;
    while ((std::size_t{1} << board->align_shift) < align) ++board->align_shift;
    board->low_hit = bits;
    board->walked = false;
    as->board = board;
    seg->nailed = true;
    seg->scanned_to = seg->base;
  }
  if (as->board != nullptr) board_hit(ss, seg, addr);
}

// Scans the live objects not yet scanned.  The first call walks the
// segment, because ambiguous hits may lie inside objects; it marks each
// scanned object's whole range as scanned.  Every hit made after that is
// an exact fix's, at an object's base, so later objects are found from the
// board alone: the lowest hit that is not yet scanned, again and again.  A
// scan may add hits below the search position; `low_hit` remembers the
// lowest, and the search resumes there.  Afterwards scanned_to is past the
// base, so the trace unions later pieces into the summary.
Res scan_boarded(ScanState* ss, Seg* seg) {
  AMCNailboard* board = amc_seg_of(seg)->board;
  const Format* format = amc_of_seg(seg)->format;
  const std::size_t header = format->header_size;
  const std::size_t size = board->hits.size;
  Res res = MPS_RES_OK;
  auto scan_one = [&](Addr obj, Addr next) {
    std::size_t first, limit;
    board_range(board, seg, obj, next, &first, &limit);
    board->scanned.set_range(first, limit);
    res = format->scan(&ss->ss, obj, next);
    return res == MPS_RES_OK;
  };
  // Other scanners may add hits meanwhile (board_hit, under the trace's
  // lock); bit-table words are read atomically, and a hit this pass misses
  // greys the segment for another.
  {
    TraceGuard guard(ss->trace);
    board->low_hit = size;
  }
  if (!board->walked) {
    board->walked = true;
    for_each_object(seg, [&](Addr obj, Addr next) {
      std::size_t first, limit;
      board_range(board, seg, obj, next, &first, &limit);
      if (board->scanned.get(first) || board->hits.is_range_reset(first, limit)) return true;
      return scan_one(obj, next);
    });
    if (res != MPS_RES_OK) return res;
  }
  std::size_t from = 0;
  for (;;) {
    const std::size_t i = find_set_and_reset(board->hits, board->scanned, from, size);
    if (i == size) {
      TraceGuard guard(ss->trace);
      if (board->low_hit >= from) break;
      from = board->low_hit;
      board->low_hit = size;
      continue;
    }
    const Addr obj = seg->base + (i << board->align_shift) + header;
    if (!scan_one(obj, addr_of(format_skip(format, obj)))) return res;
    from = i + 1;
  }
  seg->scanned_to = seg->limit;
  return MPS_RES_OK;
}

// Keeps the live objects in place and pads the dead ones; frees the board.
// A run of dead neighbours becomes one padding object: the segment stays in
// its generation and is condemned again, and every later walk of it (scan,
// reclaim, heap walks) then steps over the run at once.
void reclaim_boarded(Seg* seg, Trace* trace) {
  AMCSeg* as = amc_seg_of(seg);
  const Format* format = amc_of_seg(seg)->format;
  const std::size_t header = format->header_size;
  std::size_t live = 0;
  Addr dead_from = nullptr;  // base of the dead run being gathered, if any
  auto pad_dead_run = [&](Addr until) {
    if (dead_from != nullptr) format->pad(dead_from, addr_offset(dead_from, until));
    dead_from = nullptr;
  };
  for_each_object(seg, [&](Addr obj, Addr next) {
    if (board_live(seg, obj)) {
      pad_dead_run(obj - header);
      live += addr_offset(obj, next);
    } else if (format->isfwd(obj) == nullptr) {
      if (dead_from == nullptr) dead_from = obj - header;
    } else {
      pad_dead_run(obj - header);  // forwarding objects stay as they are
    }
    return true;
  });
  pad_dead_run(amc_seg_committed_limit(as));
  trace->preserved += live;
  arena_control_free(amc_of_seg(seg)->pool.arena, as->board, as->board->bytes);
  as->board = nullptr;
}

// Room for a copy of `size` bytes in the scanner's forwarding segment of
// `gen`.  Only this scanner copies into that segment, so it waits on the
// scanner's own grey ring until it is full (trace_grey_owned).
bool forwarding_alloc(Addr* base_o, ScanState* ss, AMC* amc, unsigned gen, std::size_t size) {
  Trace* trace = ss->trace;
  AMCForwarding* fwd = &amc->forwarding[ss->worker * amc->gen_slots + gen];
  AMCSeg* seg = fwd->trace_serial == trace->serial ? amc_seg_of(fwd->seg) : nullptr;
  if (seg == nullptr || seg->used_limit + size > seg->seg.limit) {
    AMCSeg* fresh;
    {
      TraceGuard guard(trace);  // the arena's memory and segment ring
      if (amc_seg_create(&fresh, amc, size, gen) != MPS_RES_OK) return false;
    }
    if (seg != nullptr) trace_release_owned(ss, &seg->seg);
    fwd->seg = &fresh->seg;
    fwd->trace_serial = trace->serial;
    seg = fresh;
  }
  *base_o = seg->used_limit;
  seg->used_limit += size;
  scan_state_note_promoted(ss, amc->chain, gen, size);
  trace_grey_owned(ss, &seg->seg);
  return true;
}

Res amc_scan(ScanState* ss, Seg* seg) {
  AMCSeg* as = amc_seg_of(seg);
  if (as->board != nullptr) return scan_boarded(ss, seg);
  const Format* format = amc_of_seg(seg)->format;
  const std::size_t header = format->header_size;
  // Copies may land in this segment while it is scanned: scan until the
  // frontier stops moving.
  for (;;) {
    Addr from = seg->scanned_to > as->objects_base ? seg->scanned_to : as->objects_base;
    const Addr to = amc_seg_committed_limit(as);
    if (from >= to) return MPS_RES_OK;
    seg->scanned_to = to;
    const Res res = format->scan(&ss->ss, from + header, to + header);
    if (res != MPS_RES_OK) {
      seg->scanned_to = from;
      return res;
    }
  }
}

Res amc_fix(ScanState* ss, Seg* seg, mps_addr_t* ref_io) {
  AMCSeg* as = amc_seg_of(seg);
  AMC* amc = amc_of_seg(seg);
  const Format* format = amc->format;
  const std::size_t header = format->header_size;
  const Addr ref = addr_of(*ref_io);
  const Addr committed = amc_seg_committed_limit(as);

  if (ss->rank == kRankAmbig) {
    // Never write an ambiguous word.  An address above the committed limit
    // (a reserved block, or the abandoned rest of a trapped buffer) is not
    // an object.
    if (ref < as->objects_base || ref >= committed + header) return MPS_RES_OK;
    if (!amc->interior && !seg->klass->is_object(seg, ref)) return MPS_RES_OK;
    nail_at(ss, seg, ref);
    return MPS_RES_OK;
  }

  MPS_ASSERT_COOL_MSG(ref >= as->objects_base + header && ref < committed + header,
                      "fix: exact reference does not point to an object (it is outside the committed objects)");
  trace_lock_for_copy(ss, seg);  // a parallel scan: one copy per object
  if (mps_addr_t moved = format->isfwd(ref); moved != nullptr) {
    *ref_io = moved;
    return MPS_RES_OK;
  }
  if (is_nailed(seg)) {  // kept in place
    if (as->board != nullptr) board_hit(ss, seg, ref - header);
    return MPS_RES_OK;
  }

  const Addr next = addr_of(format_skip(format, ref));
  MPS_ASSERT_MSG(next > ref, "AMC: the format's skip method went backwards (or did not advance)");
  const std::size_t size = addr_offset(ref, next);
  const unsigned gen = chain_next_generation(amc->chain, seg->gen);
  Addr copy;
  if (!forwarding_alloc(&copy, ss, amc, gen, size)) {
    nail_whole(ss, seg);  // no memory to copy: the fallback that cannot fail
    return MPS_RES_OK;
  }
  std::memcpy(copy, ref - header, size);
  format->fwd(ref, copy + header);
  *ref_io = copy + header;
  ss->preserved += size;
  return MPS_RES_OK;
}

std::size_t amc_whiten(Seg* seg, Trace*) {
  seg->white = true;
  return used_size(seg);
}

// At the flip: the buffer's objects end at its init; the rest of its
// region is abandoned (the segment's committed limit stays trapped_init).
void amc_trap_buffer(Seg* seg) {
  auto* buffer = static_cast<Buffer*>(seg->buffer);
  if (buffer->trapped_init == nullptr) buffer->trapped_init = addr_of(buffer->ap.init);
  buffer->ap.limit = nullptr;
}

void amc_reclaim(Seg* seg, Trace* trace) {
  AMCSeg* as = amc_seg_of(seg);
  seg->white = false;
  seg->grey = false;
  if (seg->nailed) {
    // Kept (whole, or its reached objects with the rest padded) in its
    // generation, and so in that generation's zones: the next collection
    // of the generation evacuates whatever is no longer nailed.  Promoting
    // it in place would put an older generation into the nursery's zones,
    // where every minor collection would have to scan it.
    if (as->board != nullptr) {
      reclaim_boarded(seg, trace);
    } else {
      // Kept whole: all of it is preserved but what was copied out before
      // the nail (so live never exceeds condemned).
      trace->preserved += used_size(seg) - forwarded_size(seg);
    }
    seg->nailed = false;
    return;
  }
  if (seg->buffer != nullptr) {
    // Every object was evacuated, but the allocation point still owns the
    // rest: keep the segment, with no objects below the buffer's init.
    as->objects_base = amc_seg_committed_limit(as);
    return;
  }
  amc_seg_destroy(as);
}

void amc_seg_walk(Seg* seg, SegObjectVisitor visit, void* closure) {
  const Format* format = amc_of_seg(seg)->format;
  for_each_object(seg, [&](Addr obj, Addr) {
    if (format->isfwd(obj) == nullptr) visit(seg, obj, closure);
    return true;
  });
}

bool amc_is_object(Seg* seg, mps_addr_t addr) {
  bool found = false;
  const Format* format = amc_of_seg(seg)->format;
  for_each_object(seg, [&](Addr obj, Addr) {
    if (obj < addr_of(addr)) return true;
    found = obj == addr_of(addr) && format->isfwd(obj) == nullptr;
    return false;
  });
  return found;
}

bool amc_is_preserved(Seg* seg, mps_addr_t addr) {
  if (seg->nailed) return amc_seg_of(seg)->board == nullptr || board_live(seg, addr_of(addr));
  return amc_of_seg(seg)->format->isfwd(addr) != nullptr;
}

}  // namespace

const SegClass kAMCSegClass = {
    "AMC", amc_scan, amc_fix, amc_whiten, amc_trap_buffer, amc_reclaim, amc_seg_walk,
    amc_is_object, amc_is_preserved, used_size,
};
// AMCZ: never scanned, allocation points never trapped.
const SegClass kAMCZSegClass = {
    "AMCZ", nullptr, amc_fix, amc_whiten, nullptr, amc_reclaim, amc_seg_walk,
    amc_is_object, amc_is_preserved, used_size,
};

Addr amc_seg_committed_limit(AMCSeg* as) noexcept {
  const auto* buffer = static_cast<const Buffer*>(as->seg.buffer);
  if (buffer == nullptr) return as->used_limit;
  return buffer->trapped_init != nullptr ? buffer->trapped_init : addr_of(buffer->ap.init);
}

bool amc_object_of_addr(mps_addr_t* object_o, Pool* pool, mps_addr_t addr) noexcept {
  Seg* seg = seg_of_addr(pool->arena, addr);
  if (seg == nullptr || seg->pool != pool) return false;
  const std::size_t header = amc_of_pool(pool)->format->header_size;
  bool found = false;
  for_each_object(seg, [&](Addr obj, Addr next) {
    if (addr_of(addr) >= obj - header && addr_of(addr) < next - header) {
      *object_o = obj;
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

}  // namespace mps
