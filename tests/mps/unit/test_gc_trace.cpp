// test_gc_trace.cpp -- segments (seg/), the shield, and the trace's phases
// seen through an AMC pool built from the internals, with a RootBase made
// here: condemn by generation, flip (trap, commit-after-flip), ambiguous
// pinning, exact fixing and copying, promotion, reclaim, trace_is_dead;
// the write barrier (shield.hpp): a store into a protected old segment is
// caught and a minor collection then sees it; a SIGSEGV that is not ours
// reaches the handler installed before the arena's.
#include <doctest/doctest.h>
#include <sys/mman.h>

#include <csignal>
#include <cstring>

#include "alloc/format.hpp"
#include "os/protect.hpp"
#include "os/vm.hpp"
#include "pool/amc.hpp"
#include "seg/seg.hpp"
#include "seg/shield.hpp"
#include "support.hpp"
#include "test_arena_support.hpp"
#include "trace/collector_hooks.hpp"
#include "trace/trace.hpp"

using namespace mps;

namespace {

// Objects: [size-in-bytes | fwd flag in bit 0][id][ref].  No header.
constexpr std::size_t kObjectSize = 3 * sizeof(Word);

mps_res_t obj_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  for (auto* p = static_cast<Word*>(base); p < static_cast<Word*>(limit); p += 3) {
    if ((p[0] & 1) != 0) continue;
    auto* ref = reinterpret_cast<mps_addr_t*>(&p[2]);
    if (*ref != nullptr) {
      const Res res = _mps_fix2(ss, ref);
      if (res != MPS_RES_OK) return res;
    }
  }
  return MPS_RES_OK;
}
mps_addr_t obj_skip(mps_addr_t addr) { return static_cast<char*>(addr) + kObjectSize; }
void obj_fwd(mps_addr_t old, mps_addr_t to) {
  auto* w = static_cast<Word*>(old);
  w[0] = kObjectSize | 1;
  w[1] = reinterpret_cast<Word>(to);
}
mps_addr_t obj_isfwd(mps_addr_t addr) {
  auto* w = static_cast<Word*>(addr);
  return (w[0] & 1) != 0 ? reinterpret_cast<mps_addr_t>(w[1]) : nullptr;
}
void obj_pad(mps_addr_t, size_t) {}

// A root the test owns: a table of references of one rank.
struct TableRoot {
  RootBase base;
  mps_addr_t* table;
  std::size_t count;
};
Res scan_table(ScanState* ss, RootBase* root) {
  auto* t = reinterpret_cast<TableRoot*>(root);
  for (std::size_t i = 0; i < t->count; ++i) {
    if (t->table[i] == nullptr) continue;
    const Res res = trace_fix(ss, &t->table[i]);
    if (res != MPS_RES_OK) return res;
  }
  return MPS_RES_OK;
}

struct Heap {
  Arena* arena = arena_test::make_vm_arena();
  Format* format = nullptr;
  Chain* chain = nullptr;
  Pool* pool = nullptr;
  Buffer* buffer = nullptr;
  mps_addr_t exact[4] = {};
  mps_addr_t ambig[1] = {};
  TableRoot exact_root{};
  TableRoot ambig_root{};
  Word next_id = 1;

  Heap() {
    FormatMethods m;
    m.scan = obj_scan;
    m.skip = obj_skip;
    m.fwd = obj_fwd;
    m.isfwd = obj_isfwd;
    m.pad = obj_pad;
    REQUIRE(format_create(&format, arena, m) == MPS_RES_OK);
    const mps_gen_param_s gens[2] = {{1024, 0.8}, {1024, 0.5}};
    REQUIRE(chain_create(&chain, arena, 2, gens) == MPS_RES_OK);
    mps_arg_s args[3];
    args[0].key = MPS_KEY_FORMAT;
    args[0].val.format = reinterpret_cast<mps_fmt_t>(format);
    args[1].key = MPS_KEY_CHAIN;
    args[1].val.chain = reinterpret_cast<mps_chain_t>(chain);
    args[2].key = MPS_KEY_ARGS_END;
    REQUIRE(pool_create(&pool, arena, &kAMCPoolClass, ArgList(args)) == MPS_RES_OK);
    mps_arg_s none[1];
    none[0].key = MPS_KEY_ARGS_END;
    REQUIRE(pool_buffer_create(&buffer, pool, ArgList(none)) == MPS_RES_OK);
    add_root(&exact_root, kRankExact, exact, 4);
    add_root(&ambig_root, kRankAmbig, ambig, 1);
    // The tests decide when collections run.
    collector_state(arena)->state = ArenaState::parked;
  }
  ~Heap() {
    exact_root.base.arena_link.remove();
    ambig_root.base.arena_link.remove();
    if (buffer != nullptr) pool_buffer_destroy(buffer);
    pool_destroy(pool);
    chain_destroy(chain);
    format_destroy(format);
    mps_test::destroy_collected_arena(arena);
  }
  void add_root(TableRoot* root, Rank rank, mps_addr_t* table, std::size_t count) {
    root->base.sig = 0x5199007;
    root->base.rank = rank;
    root->base.scan = scan_table;
    root->table = table;
    root->count = count;
    root->base.arena_link.init();
    arena_root_ring(arena)->append(&root->base.arena_link);
  }
  Addr reserve() {
    Addr p;
    REQUIRE(pool_buffer_fill(&p, buffer, kObjectSize) == MPS_RES_OK);
    return p;
  }
  // Allocates one object through the allocation point's protocol.
  mps_addr_t make(mps_addr_t ref) {
    for (;;) {
      Addr p;
      mps_ap_t ap = ap_of_buffer(buffer);
      if (addr_of(ap->alloc) + kObjectSize <= addr_of(ap->limit) && ap->limit != nullptr) {
        p = addr_of(ap->init);
        ap->alloc = p + kObjectSize;
      } else {
        p = reserve();
      }
      auto* w = reinterpret_cast<Word*>(p);
      w[0] = kObjectSize;
      w[1] = next_id++;
      w[2] = reinterpret_cast<Word>(ref);
      ap->init = ap->alloc;
      if (ap->limit != nullptr || pool_buffer_trip(buffer, p, kObjectSize)) return p;
    }
  }
  static Word id_of(mps_addr_t obj) { return static_cast<Word*>(obj)[1]; }
  static mps_addr_t ref_of(mps_addr_t obj) { return reinterpret_cast<mps_addr_t>(static_cast<Word*>(obj)[2]); }
};

}  // namespace

TEST_CASE("gc.seg: every grain of a segment maps back to it, other memory maps to none") {
  Heap heap;
  mps_addr_t obj = heap.make(nullptr);
  Seg* seg = seg_of_addr(heap.arena, obj);
  REQUIRE(seg != nullptr);
  CHECK(seg_check(seg));
  CHECK(seg->pool == heap.pool);
  CHECK(seg->gen == 0);
  CHECK(seg->buffer == heap.buffer);
  CHECK(seg_of_addr(heap.arena, seg->limit - 1) == seg);
  CHECK(seg_of_addr(heap.arena, &heap) == nullptr);  // not MPS memory
  CHECK(seg_of_addr(heap.arena, heap.format) == nullptr);  // control memory
  CHECK(!seg->white);
  CHECK(!seg->grey);
  CHECK(!seg->nailed);
}

TEST_CASE("gc.shield: entering twice is reported") {
  Heap heap;
  shield_enter(heap.arena);
  CHECK(shield_inside(heap.arena));
  CHECK_ASSERTS(shield_enter(heap.arena), "the collector was re-entered");
  shield_leave(heap.arena);
  CHECK(!shield_inside(heap.arena));
}

TEST_CASE("gc.trace: exact references are updated to copies, unreferenced objects are reclaimed") {
  Heap heap;
  mps_addr_t tail = heap.make(nullptr);
  heap.exact[0] = heap.make(tail);
  mps_addr_t garbage = heap.make(nullptr);
  const Word head_id = Heap::id_of(heap.exact[0]);
  const Word tail_id = Heap::id_of(tail);
  mps_addr_t old_head = heap.exact[0];
  Seg* old_seg = seg_of_addr(heap.arena, old_head);
  REQUIRE(trace_collect_full(heap.arena, TraceWhy::client_full_block) == MPS_RES_OK);
  CHECK(heap.exact[0] != old_head);
  CHECK(Heap::id_of(heap.exact[0]) == head_id);
  CHECK(Heap::id_of(Heap::ref_of(heap.exact[0])) == tail_id);
  Seg* new_seg = seg_of_addr(heap.arena, heap.exact[0]);
  REQUIRE(new_seg != nullptr);
  CHECK(new_seg != old_seg);
  CHECK(new_seg->gen == 1);  // promoted
  // The old segment still holds the allocation point, but no objects.
  CHECK(!new_seg->klass->is_object(old_seg, garbage));
  CHECK(ld_epoch(heap.arena) == 1);
}

TEST_CASE("gc.trace: an ambiguous reference pins its segment and never changes") {
  Heap heap;
  mps_addr_t pinned = heap.make(nullptr);
  heap.ambig[0] = static_cast<char*>(pinned) + 8;  // interior
  heap.exact[0] = heap.make(nullptr);  // same segment: pinned too
  mps_addr_t neighbour = heap.exact[0];
  Seg* seg = seg_of_addr(heap.arena, pinned);
  REQUIRE(trace_collect_full(heap.arena, TraceWhy::client_full_block) == MPS_RES_OK);
  CHECK(heap.ambig[0] == static_cast<char*>(pinned) + 8);
  CHECK(heap.exact[0] == neighbour);  // nothing in a nailed segment moves
  CHECK(seg->klass->is_object(seg, pinned));
  // Kept in its generation, so in that generation's zones (chain.hpp).
  CHECK(seg->gen == 0);
  // Once no longer nailed, its objects are evacuated like any others.
  heap.ambig[0] = nullptr;
  REQUIRE(trace_collect_full(heap.arena, TraceWhy::client_full_block) == MPS_RES_OK);
  CHECK(heap.exact[0] != neighbour);
}

TEST_CASE("gc.trace: a minor collection condemns only generations up to the chosen one") {
  Heap heap;
  heap.exact[0] = heap.make(nullptr);
  REQUIRE(trace_collect_full(heap.arena, TraceWhy::client_full_block) == MPS_RES_OK);
  mps_addr_t old_obj = heap.exact[0];  // now in generation 1
  REQUIRE(seg_of_addr(heap.arena, old_obj)->gen == 1);
  heap.exact[1] = heap.make(old_obj);
  mps_addr_t young = heap.exact[1];
  REQUIRE(trace_collect(heap.arena, TraceWhy::chain_capacity, heap.chain, 0) == MPS_RES_OK);
  CHECK(heap.exact[0] == old_obj);  // generation 1 not condemned: not moved
  CHECK(heap.exact[1] != young);    // generation 0 condemned: copied
  CHECK(Heap::ref_of(heap.exact[1]) == old_obj);
}

TEST_CASE("gc.trace: a commit after a flip fails once, the retry succeeds") {
  Heap heap;
  heap.exact[0] = heap.make(nullptr);
  Addr p = heap.reserve();
  REQUIRE(trace_collect_full(heap.arena, TraceWhy::client_full_block) == MPS_RES_OK);
  mps_ap_t ap = ap_of_buffer(heap.buffer);
  CHECK(ap->limit == nullptr);  // trapped
  std::memset(p, 0, kObjectSize);
  reinterpret_cast<Word*>(p)[0] = kObjectSize;
  ap->init = ap->alloc;
  CHECK(!pool_buffer_trip(heap.buffer, p, kObjectSize));
  CHECK(ap->init == p);
  CHECK(ap->alloc == p);
  heap.exact[1] = heap.make(nullptr);  // refills, commits
  CHECK(ap->limit != nullptr);
}

TEST_CASE("gc.trace: trace_is_dead during the trace, through the finalization hook's view") {
  Heap heap;
  heap.exact[0] = heap.make(nullptr);
  mps_addr_t dead = heap.make(nullptr);
  Trace trace{};
  trace.arena = heap.arena;
  trace.grey.init();
  Seg* seg = seg_of_addr(heap.arena, dead);
  seg->white = true;
  CHECK(trace_is_dead(&trace, dead));
  CHECK(!trace_is_dead(&trace, &heap));  // not MPS memory
  seg->nailed = true;
  CHECK(!trace_is_dead(&trace, dead));
  seg->white = seg->nailed = false;
}

TEST_CASE("gc.trace: an exact reference to the middle of nowhere is reported (cool)") {
  if constexpr (mps_test::kCool) {
    Heap heap;
    mps_addr_t obj = heap.make(nullptr);
    heap.exact[0] = static_cast<char*>(obj) + 1024;  // past every committed object
    CHECK_ASSERTS((void)trace_collect_full(heap.arena, TraceWhy::client_full_block),
                  "fix: exact reference does not point to an object");
  }
}

namespace {

// A sanitizer may refuse our SIGSEGV handler (ASan without
// allow_user_segv_handler=1); the barrier is then off and these tests only
// check that nothing breaks.
bool barrier_expected() {
#if defined(__SANITIZE_ADDRESS__)
  return os::fault_handler_active();
#else
  return true;
#endif
}

}  // namespace

TEST_CASE("gc.barrier: a store into a protected old segment is caught, then a minor collection sees it") {
  Heap heap;
  heap.exact[0] = heap.make(nullptr);
  REQUIRE(trace_collect_full(heap.arena, TraceWhy::client_full_block) == MPS_RES_OK);
  mps_addr_t old_obj = heap.exact[0];
  Seg* old_seg = seg_of_addr(heap.arena, old_obj);
  REQUIRE(old_seg != nullptr);
  REQUIRE(old_seg->gen == 1);
  REQUIRE(old_seg->buffer == nullptr);
  const bool barrier = barrier_expected();
  if (barrier) {
    // Scanned, holds no references: narrowest summary, write-protected.
    CHECK(old_seg->summary == kZoneSetEmpty);
    CHECK(old_seg->write_protected);
  } else {
    CHECK(old_seg->summary == kZoneSetUniverse);
  }
  // A young object referenced only from the old one.
  mps_addr_t young = heap.make(nullptr);
  const Word young_id = Heap::id_of(young);
  REQUIRE(seg_of_addr(heap.arena, young)->gen == 0);
  static_cast<Word*>(old_obj)[2] = reinterpret_cast<Word>(young);  // faults if protected
  CHECK(!old_seg->write_protected);
  CHECK(old_seg->summary == kZoneSetUniverse);
  CHECK(Heap::ref_of(old_obj) == young);
  REQUIRE(trace_collect(heap.arena, TraceWhy::chain_capacity, heap.chain, 0) == MPS_RES_OK);
  CHECK(heap.exact[0] == old_obj);  // generation 1 was not condemned
  mps_addr_t moved = Heap::ref_of(old_obj);
  CHECK(moved != young);  // the young object was copied, and the old one updated
  CHECK(Heap::id_of(moved) == young_id);
  CHECK(seg_of_addr(heap.arena, moved)->gen == 1);
  if (barrier) {
    // Rescanned: the summary is now exactly the copy's zone, protected again.
    CHECK(old_seg->summary == zone_set_of_addr(moved));
    CHECK(old_seg->write_protected);
  }
  // And another store after that is caught too.
  static_cast<Word*>(old_obj)[2] = 0;
  CHECK(old_seg->summary == kZoneSetUniverse);
}

namespace {

volatile sig_atomic_t foreign_faults = 0;
void* foreign_page = nullptr;

void foreign_handler(int, siginfo_t* info, void*) {
  if (info->si_addr != foreign_page) return;
  foreign_faults = foreign_faults + 1;
  mprotect(foreign_page, os::page_size(), PROT_READ | PROT_WRITE);  // let the store retry
}

}  // namespace

TEST_CASE("gc.barrier: a SIGSEGV that is not the barrier's reaches the handler installed before") {
  struct sigaction mine{};
  struct sigaction saved{};
  mine.sa_sigaction = foreign_handler;
  mine.sa_flags = SA_SIGINFO;
  sigemptyset(&mine.sa_mask);
  REQUIRE(sigaction(SIGSEGV, &mine, &saved) == 0);
  {
    Heap heap;  // the arena's collector (re)installs the barrier's handler over ours
    heap.exact[0] = heap.make(nullptr);
    REQUIRE(trace_collect_full(heap.arena, TraceWhy::client_full_block) == MPS_RES_OK);
    if (barrier_expected()) CHECK(os::fault_handler_active());
    const std::size_t page = os::page_size();
    foreign_page = mmap(nullptr, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(foreign_page != MAP_FAILED);
    foreign_faults = 0;
    errno = 0;
    *static_cast<volatile int*>(foreign_page) = 42;  // not MPS memory: chained to foreign_handler
    CHECK(errno == 0);
    CHECK(foreign_faults == 1);
    CHECK(*static_cast<volatile int*>(foreign_page) == 42);
    munmap(foreign_page, page);
    // The barrier still works alongside.
    mps_addr_t old_obj = heap.exact[0];
    static_cast<Word*>(old_obj)[2] = 0;
    CHECK(seg_of_addr(heap.arena, old_obj)->summary == kZoneSetUniverse);
  }
  REQUIRE(sigaction(SIGSEGV, &saved, nullptr) == 0);
}
