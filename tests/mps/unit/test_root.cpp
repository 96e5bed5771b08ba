// test_root.cpp -- root descriptors (root/root.hpp): creation of each kind,
// scanning through RootBase::scan as the trace does, overlap finding,
// destruction, and the roots walk.  The trace is faked by a hand-built
// ScanState whose fix (ScanState::fix) records what it is given.
#include <doctest/doctest.h>

#include <vector>

#include "arena/arena.hpp"
#include "arena/zone.hpp"
#include "mps.h"
#include "root/root.hpp"
#include "support.hpp"
#include "trace/scan_area.hpp"

using namespace mps;

namespace {

struct RootTestArena {
  Arena* arena = nullptr;
  RootTestArena() {
    mps_arg_s args[1];
    args[0].key = MPS_KEY_ARGS_END;
    REQUIRE(arena_create(&arena, &kVMArenaClass, ArgList(args)) == MPS_RES_OK);
  }
  ~RootTestArena() {
    CHECK(arena_root_ring(arena)->is_empty());
    arena_destroy(arena);
  }
};

// A fake trace whose white set is every zone: every candidate reaches the
// fix, which records it and adds 8 to non-null references (a "move").
struct RecordingScan {
  ScanState ss{};
  std::vector<Word> fixed;
  explicit RecordingScan(Arena* arena, Rank rank) {
    ss.ss._zs = kZoneShift;
    ss.ss._w = kZoneSetUniverse;
    ss.sig = kScanStateSig;
    ss.arena = arena;
    ss.rank = rank;
    ss.closure = this;
    ss.fix = [](ScanState* s, mps_addr_t* ref_io) noexcept -> Res {
      auto* self = static_cast<RecordingScan*>(s->closure);
      self->fixed.push_back(word_of(*ref_io));
      if (*ref_io != nullptr) *ref_io = addr_of(*ref_io) + 8;
      return MPS_RES_OK;
    };
  }
  // As the trace does it: ss->rank is the root's rank, scan through the base.
  Res scan(Root* root) {
    ss.rank = root->base.rank;
    return root->base.scan(&ss, &root->base);
  }
};

struct FunctionRootCall {
  int calls = 0;
  mps_ss_t ss = nullptr;
  void* p = nullptr;
  size_t s = 0;
};
FunctionRootCall g_call;

mps_res_t client_root_scan(mps_ss_t ss, void* p, size_t s) {
  ++g_call.calls;
  g_call.ss = ss;
  g_call.p = p;
  g_call.s = s;
  return s == 99 ? MPS_RES_FAIL : MPS_RES_OK;
}

// A format whose objects are two words: a length-free pair (ref, ref).
mps_res_t pair_fmt_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  MPS_SCAN_BEGIN(ss) {
    for (auto* p = static_cast<mps_addr_t*>(base); p < static_cast<mps_addr_t*>(limit); ++p) {
      const mps_res_t res = MPS_FIX12(ss, p);
      if (res != MPS_RES_OK) return res;
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

}  // namespace

TEST_CASE("a function root calls the client's scan function with its closure and passes its result on") {
  RootTestArena a;
  int closure = 0;
  Root* root = nullptr;
  REQUIRE(root_create_function(&root, a.arena, kRankExact, 0, client_root_scan, &closure, 42) == MPS_RES_OK);
  CHECK(root_check(root));
  CHECK(root->base.rank == kRankExact);
  CHECK(root_belongs_to(a.arena, root));
  RecordingScan scan(a.arena, kRankExact);
  g_call = {};
  CHECK(scan.scan(root) == MPS_RES_OK);
  CHECK(g_call.calls == 1);
  CHECK(g_call.ss == ss_of_scan_state(&scan.ss));
  CHECK(g_call.p == &closure);
  CHECK(g_call.s == 42);
  root_destroy(root);

  REQUIRE(root_create_function(&root, a.arena, kRankAmbig, MPS_RM_CONST, client_root_scan, nullptr, 99) ==
          MPS_RES_OK);
  CHECK(scan.scan(root) == MPS_RES_FAIL);
  root_destroy(root);
}

TEST_CASE("an area root scans exactly its area with its scanner and closure") {
  RootTestArena a;
  mps_addr_t area[5] = {nullptr, &area[0], &area[1], &area[2], &area[3]};
  Root* root = nullptr;
  // The root covers area[1..4); area[0] and area[4] are outside it.
  REQUIRE(root_create_area(&root, a.arena, kRankExact, 0, &area[1], &area[4], scan_area, nullptr) == MPS_RES_OK);
  RecordingScan scan(a.arena, kRankExact);
  CHECK(scan.scan(root) == MPS_RES_OK);
  CHECK(scan.fixed == std::vector<Word>{word_of(&area[0]), word_of(&area[1]), word_of(&area[2])});
  CHECK(area[0] == nullptr);
  CHECK(area[1] == addr_of(&area[0]) + 8);
  CHECK(area[3] == addr_of(&area[2]) + 8);
  CHECK(area[4] == &area[3]);
  root_destroy(root);
}

TEST_CASE("a tagged area root keeps its own {mask, pattern} closure") {
  RootTestArena a;
  const Word base = 0x10000;
  Word area[4] = {base | 1, base + 16, (base + 32) | 1, (base + 48) | 3};
  Root* root = nullptr;
  REQUIRE(root_create_area_tagged(&root, a.arena, kRankExact, MPS_RM_PROT, area, area + 4, scan_area_tagged, 3, 1) ==
          MPS_RES_OK);
  CHECK(root->closure == &root->tag);
  CHECK(root->tag.mask == 3);
  CHECK(root->tag.pattern == 1);
  CHECK(root->mode == MPS_RM_PROT);
  RecordingScan scan(a.arena, kRankExact);
  CHECK(scan.scan(root) == MPS_RES_OK);
  CHECK(scan.fixed == std::vector<Word>{base, base + 32});
  CHECK(area[0] == ((base + 8) | 1));
  CHECK(area[1] == base + 16);
  CHECK(area[2] == ((base + 40) | 1));
  CHECK(area[3] == ((base + 48) | 3));
  root_destroy(root);
}

TEST_CASE("a formatted root hands its range to the format's scan method") {
  RootTestArena a;
  mps_addr_t objects[4] = {&objects[1], nullptr, &objects[3], &objects[0]};
  Root* root = nullptr;
  REQUIRE(root_create_fmt(&root, a.arena, kRankExact, 0, pair_fmt_scan, objects, objects + 4) == MPS_RES_OK);
  RecordingScan scan(a.arena, kRankExact);
  CHECK(scan.scan(root) == MPS_RES_OK);
  CHECK(scan.fixed.size() == 4);
  CHECK(objects[0] == addr_of(&objects[1]) + 8);
  CHECK(objects[1] == nullptr);
  root_destroy(root);
}

TEST_CASE("roots are linked on the arena's ring in creation order and unlinked by destroy") {
  RootTestArena a;
  mps_addr_t area[8] = {};
  Root* r1 = nullptr;
  Root* r2 = nullptr;
  Root* r3 = nullptr;
  REQUIRE(root_create_area(&r1, a.arena, kRankAmbig, 0, &area[0], &area[2], scan_area, nullptr) == MPS_RES_OK);
  REQUIRE(root_create_area(&r2, a.arena, kRankWeak, 0, &area[2], &area[4], scan_area, nullptr) == MPS_RES_OK);
  REQUIRE(root_create_function(&r3, a.arena, kRankExact, 0, client_root_scan, nullptr, 0) == MPS_RES_OK);
  Ring* ring = arena_root_ring(a.arena);
  CHECK(ring->length() == 3);
  CHECK(root_of_link(ring->next) == r1);
  CHECK(root_of_link(ring->next->next) == r2);
  CHECK(r2->base.rank == kRankWeak);
  root_destroy(r2);
  CHECK(ring->length() == 2);
  CHECK(!root_belongs_to(a.arena, r2));
  CHECK(!root_check(r2));  // the stale descriptor no longer passes
  root_destroy(r1);
  root_destroy(r3);
  CHECK(ring->is_empty());
}

TEST_CASE("root_find_overlap finds roots whose ranges meet, not adjacent ones or function roots") {
  RootTestArena a;
  mps_addr_t area[8] = {};
  Root* r1 = nullptr;
  Root* r2 = nullptr;
  REQUIRE(root_create_area(&r1, a.arena, kRankExact, 0, &area[2], &area[4], scan_area, nullptr) == MPS_RES_OK);
  REQUIRE(root_create_function(&r2, a.arena, kRankExact, 0, client_root_scan, nullptr, 0) == MPS_RES_OK);
  CHECK(root_find_overlap(a.arena, &area[0], &area[2]) == nullptr);
  CHECK(root_find_overlap(a.arena, &area[4], &area[8]) == nullptr);
  CHECK(root_find_overlap(a.arena, &area[1], &area[3]) == r1);
  CHECK(root_find_overlap(a.arena, &area[3], &area[4]) == r1);
  CHECK(root_find_overlap(a.arena, &area[0], &area[8]) == r1);
  root_destroy(r1);
  root_destroy(r2);
}

namespace {
struct Visit {
  std::vector<mps_addr_t*> refs;
  std::vector<Root*> roots;
};
// "Objects" are the words of `objects` below, found through the closure
// the predicate cannot take: a global.
mps_addr_t g_objects[4];
bool is_object(Arena*, mps_addr_t ref) {
  return word_of(ref) >= word_of(&g_objects[0]) && word_of(ref) < word_of(&g_objects[4]);
}
void visit(mps_addr_t* ref, Root* root, void* closure) {
  auto* v = static_cast<Visit*>(closure);
  v->refs.push_back(ref);
  v->roots.push_back(root);
}
}  // namespace

TEST_CASE("root_walk reports each reference to an object, from every root, and changes nothing") {
  RootTestArena a;
  mps_addr_t exact[3] = {&g_objects[1], nullptr, &a};
  mps_addr_t ambig[2] = {&g_objects[3], &g_objects[0]};
  Root* r1 = nullptr;
  Root* r2 = nullptr;
  REQUIRE(root_create_area(&r1, a.arena, kRankExact, 0, exact, exact + 3, scan_area, nullptr) == MPS_RES_OK);
  REQUIRE(root_create_area(&r2, a.arena, kRankAmbig, 0, ambig, ambig + 2, scan_area, nullptr) == MPS_RES_OK);
  Visit v;
  CHECK(root_walk(a.arena, is_object, visit, &v) == MPS_RES_OK);
  REQUIRE(v.refs.size() == 3);
  CHECK(v.refs[0] != nullptr);
  CHECK(v.roots == std::vector<Root*>{r1, r2, r2});
  CHECK(exact[0] == &g_objects[1]);
  CHECK(exact[2] == &a);
  CHECK(ambig[0] == &g_objects[3]);
  CHECK(ambig[1] == &g_objects[0]);
  root_destroy(r1);
  root_destroy(r2);
}
