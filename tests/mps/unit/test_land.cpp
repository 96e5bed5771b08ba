// test_land.cpp -- the free-range set (land/land.hpp) against a shadow
// model: a bitmap of free units over a real buffer.
#include <doctest/doctest.h>

#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <random>
#include <vector>

#include "land/land.hpp"
#include "support.hpp"

using namespace mps;

namespace {

constexpr std::size_t kUnit = 16;

// A block source backed by malloc that can be told to refuse.
struct TestSource {
  std::size_t budget = SIZE_MAX;  // slabs it will still hand out
  std::size_t live = 0;

  static Res alloc(void** p_o, void* closure, std::size_t size) {
    auto* self = static_cast<TestSource*>(closure);
    if (self->budget == 0) return MPS_RES_COMMIT_LIMIT;
    --self->budget;
    ++self->live;
    *p_o = std::aligned_alloc(64, size);
    return MPS_RES_OK;
  }
  static void free(void* closure, void* p, std::size_t) {
    --static_cast<TestSource*>(closure)->live;
    std::free(p);
  }
  LandBlockSource source() { return LandBlockSource{alloc, free, this}; }
};

// The land under test, the memory it describes, and the model.
struct Fixture {
  std::size_t units;
  std::vector<std::uint64_t> memory;
  Addr base;
  std::vector<bool> free;  // the model: one flag per unit
  TestSource source;
  NodePool nodes;
  Land land;

  explicit Fixture(std::size_t unit_count)
      : units(unit_count), memory(unit_count * kUnit / 8 + kUnit), free(unit_count, false) {
    base = addr_align_up(reinterpret_cast<Addr>(memory.data()), kUnit);
    node_pool_init(&nodes, source.source());
    land_init(&land, &nodes, kUnit);
  }
  ~Fixture() {
    land_finish(&land);
    node_pool_finish(&nodes);
  }
  Addr at(std::size_t unit) const { return base + unit * kUnit; }
  std::size_t unit_of(Addr a) const { return addr_offset(base, a) / kUnit; }

  // The model's maximal free runs, in address order.
  std::vector<std::pair<std::size_t, std::size_t>> runs() const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < units;) {
      if (!free[i]) { ++i; continue; }
      std::size_t j = i;
      while (j < units && free[j]) ++j;
      out.emplace_back(i, j);
      i = j;
    }
    return out;
  }

  void check_matches_model() {
    REQUIRE(land_check(&land));
    auto expected = runs();
    std::vector<std::pair<std::size_t, std::size_t>> actual;
    land_each(&land, [&](Addr b, Addr l, bool) {
      actual.emplace_back(unit_of(b), unit_of(l));
      return true;
    });
    REQUIRE(actual == expected);
    std::size_t total = 0;
    for (auto& r : expected) total += (r.second - r.first) * kUnit;
    REQUIRE(land_size(&land) == total);
  }
};

}  // namespace

TEST_CASE("land: inserting adjacent ranges coalesces them") {
  Fixture f(64);
  CHECK(land_insert(&f.land, f.at(0), f.at(4)));
  CHECK(land_insert(&f.land, f.at(8), f.at(12)));
  CHECK(land_range_count(&f.land) == 2);
  CHECK(land_insert(&f.land, f.at(4), f.at(8)));  // bridges both
  CHECK(land_range_count(&f.land) == 1);
  CHECK(land_size(&f.land) == 12 * kUnit);
  CHECK(land_insert(&f.land, f.at(12), f.at(13)));
  CHECK(land_range_count(&f.land) == 1);
  CHECK(land_check(&f.land));
}

TEST_CASE("land: an overlapping insert is refused and changes nothing") {
  Fixture f(64);
  REQUIRE(land_insert(&f.land, f.at(10), f.at(20)));
  CHECK_FALSE(land_insert(&f.land, f.at(15), f.at(16)));
  CHECK_FALSE(land_insert(&f.land, f.at(5), f.at(11)));
  CHECK_FALSE(land_insert(&f.land, f.at(19), f.at(30)));
  CHECK_FALSE(land_insert(&f.land, f.at(0), f.at(40)));
  CHECK(land_size(&f.land) == 10 * kUnit);
  CHECK(land_range_count(&f.land) == 1);
}

TEST_CASE("land: delete from the middle splits a range, outside a range fails") {
  Fixture f(64);
  REQUIRE(land_insert(&f.land, f.at(0), f.at(32)));
  CHECK(land_delete(&f.land, f.at(10), f.at(20)) == MPS_RES_OK);
  CHECK(land_range_count(&f.land) == 2);
  CHECK(land_delete(&f.land, f.at(15), f.at(16)) == MPS_RES_FAIL);
  CHECK(land_delete(&f.land, f.at(8), f.at(12)) == MPS_RES_FAIL);
  CHECK(land_delete(&f.land, f.at(0), f.at(10)) == MPS_RES_OK);
  CHECK(land_size(&f.land) == 12 * kUnit);
  CHECK(land_check(&f.land));
}

TEST_CASE("land: first fit from either end and worst fit") {
  Fixture f(128);
  REQUIRE(land_insert(&f.land, f.at(0), f.at(2)));
  REQUIRE(land_insert(&f.land, f.at(10), f.at(20)));
  REQUIRE(land_insert(&f.land, f.at(30), f.at(34)));
  REQUIRE(land_insert(&f.land, f.at(50), f.at(60)));
  Addr b, l;
  REQUIRE(land_find_first(&b, &l, &f.land, 3 * kUnit, false));
  CHECK(b == f.at(10));
  REQUIRE(land_find_first(&b, &l, &f.land, 3 * kUnit, true));
  CHECK(b == f.at(50));
  REQUIRE(land_find_first(&b, &l, &f.land, 1 * kUnit, true));
  CHECK(b == f.at(50));
  REQUIRE(land_find_largest(&b, &l, &f.land));
  CHECK(b == f.at(10));  // ties go to the lowest
  CHECK_FALSE(land_find_first(&b, &l, &f.land, 11 * kUnit, false));
  Addr p;
  REQUIRE(land_take_first(&p, &f.land, 4 * kUnit, false, true));  // high end of [10,20)
  CHECK(p == f.at(16));
  REQUIRE(land_take_first(&p, &f.land, 2 * kUnit, true, false));  // low end of [50,60)
  CHECK(p == f.at(50));
  REQUIRE(land_take_largest(&b, &l, &f.land, 1));
  CHECK(b == f.at(52));
  CHECK(l == f.at(60));
  CHECK(land_check(&f.land));
}

TEST_CASE("land: a bounded take gets at most the bound, the whole range if smaller") {
  Fixture f(128);
  REQUIRE(land_insert(&f.land, f.at(0), f.at(3)));
  REQUIRE(land_insert(&f.land, f.at(10), f.at(40)));
  Addr b, l;
  // First fit for 2 units is [0,3): all three units, under the bound of 8.
  REQUIRE(land_take_first_bounded(&b, &l, &f.land, 2 * kUnit, 8 * kUnit, false, false));
  CHECK(b == f.at(0));
  CHECK(l == f.at(3));
  // Then [10,40): eight units from the low end, or from the high end.
  REQUIRE(land_take_first_bounded(&b, &l, &f.land, 2 * kUnit, 8 * kUnit, false, false));
  CHECK(b == f.at(10));
  CHECK(l == f.at(18));
  REQUIRE(land_take_first_bounded(&b, &l, &f.land, 2 * kUnit, 8 * kUnit, false, true));
  CHECK(b == f.at(32));
  CHECK(l == f.at(40));
  CHECK(land_size(&f.land) == 14 * kUnit);
  CHECK_FALSE(land_take_first_bounded(&b, &l, &f.land, 15 * kUnit, 16 * kUnit, false, false));
  CHECK(land_check(&f.land));
}

TEST_CASE("land: randomised operations agree with a shadow model") {
  const auto seed = mps_test::test_seed("land random");
  std::mt19937_64 rng(seed);
  // Enough units for a tree several levels deep; phases that insert mostly
  // and then take mostly grow it and shrink it again (root splits and
  // collapses).
  const std::size_t units = 8192;
  Fixture f(units);
  auto below = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  unsigned max_height = 0;

  for (int step = 0; step < 24000; ++step) {
    const bool growing = (step / 6000) % 2 == 0;
    const std::size_t op = below(10);
    if (op < (growing ? 6u : 2u)) {  // insert an allocated run
      std::size_t start = below(units);
      if (f.free[start]) continue;
      std::size_t len = 1 + below(growing ? 3 : 16);
      std::size_t end = start;
      while (end < units && end - start < len && !f.free[end]) ++end;
      REQUIRE(land_insert(&f.land, f.at(start), f.at(end)));
      for (std::size_t i = start; i < end; ++i) f.free[i] = true;
      if (end < units && below(4) == 0) {  // overlapping insert must be refused
        if (f.free[end] || end + 1 >= units) continue;
        CHECK_FALSE(land_insert(&f.land, f.at(end - 1), f.at(end + 1)));
      }
    } else if (op < (growing ? 7u : 5u)) {  // delete a sub-range of a free run
      std::size_t start = below(units);
      if (!f.free[start]) continue;
      std::size_t end = start;
      std::size_t len = 1 + below(8);
      while (end < units && end - start < len && f.free[end]) ++end;
      REQUIRE(land_delete(&f.land, f.at(start), f.at(end)) == MPS_RES_OK);
      for (std::size_t i = start; i < end; ++i) f.free[i] = false;
    } else if (op < 9) {  // first fit, any direction and end, maybe bounded
      const std::size_t size = 1 + below(12);
      const bool search_high = below(2) == 0, take_high = below(2) == 0;
      const std::size_t most = below(2) == 0 ? size : size + below(24);
      auto runs = f.runs();
      std::ptrdiff_t found = -1;
      for (std::size_t k = 0; k < runs.size(); ++k) {
        std::size_t i = search_high ? runs.size() - 1 - k : k;
        if (runs[i].second - runs[i].first >= size) { found = static_cast<std::ptrdiff_t>(i); break; }
      }
      Addr p, p_limit;
      const bool ok = most == size
                          ? land_take_first(&p, &f.land, size * kUnit, search_high, take_high)
                          : land_take_first_bounded(&p, &p_limit, &f.land, size * kUnit,
                                                    most * kUnit, search_high, take_high);
      REQUIRE(ok == (found >= 0));
      if (!ok) continue;
      auto run = runs[static_cast<std::size_t>(found)];
      const std::size_t taken = std::min(most, run.second - run.first);
      std::size_t expect = take_high ? run.second - taken : run.first;
      REQUIRE(f.unit_of(p) == expect);
      if (most != size) REQUIRE(f.unit_of(p_limit) == expect + taken);
      for (std::size_t i = expect; i < expect + taken; ++i) f.free[i] = false;
    } else {  // worst fit
      auto runs = f.runs();
      std::size_t best = 0, best_len = 0;
      for (auto& r : runs) {
        if (r.second - r.first > best_len) { best_len = r.second - r.first; best = r.first; }
      }
      Addr b, l;
      const bool ok = land_take_largest(&b, &l, &f.land, 1);
      REQUIRE(ok == (best_len > 0));
      if (!ok) continue;
      REQUIRE(f.unit_of(b) == best);
      REQUIRE(f.unit_of(l) == best + best_len);
      for (std::size_t i = best; i < best + best_len; ++i) f.free[i] = false;
    }
    if (step % 256 == 0) f.check_matches_model();
    max_height = std::max(max_height, f.land.tree.height);
  }
  f.check_matches_model();
  INFO("deepest tree: ", max_height);
  CHECK(max_height >= 3);
}

TEST_CASE("land: insertion never fails, without nodes ranges overflow and fold back later") {
  Fixture f(4096);
  f.source.budget = 1;  // one slab of nodes, then the source refuses
  std::size_t folded_bytes = 0;
  f.land.fold_hook = [](void* closure, Addr, std::size_t bytes) {
    *static_cast<std::size_t*>(closure) += bytes;
  };
  f.land.fold_closure = &folded_bytes;
  // Isolated one- and two-unit ranges: each needs its own node.
  for (std::size_t i = 0; i < 1000; ++i) {
    const std::size_t start = i * 4;
    const std::size_t len = 1 + i % 2;
    REQUIRE(land_insert(&f.land, f.at(start), f.at(start + len)));
    for (std::size_t u = start; u < start + len; ++u) f.free[u] = true;
  }
  CHECK(f.land.overflow_ranges > 0);
  CHECK(land_range_count(&f.land) == 1000);
  std::size_t seen = 0;
  land_each(&f.land, [&](Addr, Addr, bool) { ++seen; return true; });
  CHECK(seen == 1000);
  CHECK(land_check(&f.land));

  // Still refused: the flush folds nothing, and nothing is lost.
  CHECK_FALSE(land_flush(&f.land));
  f.source.budget = SIZE_MAX;
  CHECK(land_flush(&f.land));
  CHECK(f.land.overflow_ranges == 0);
  CHECK(folded_bytes > 0);
  f.check_matches_model();
}

TEST_CASE("land: delete from the middle reports the node source's error") {
  Fixture f(4096);
  f.source.budget = 1;
  // Isolated ranges until the nodes run out and one overflows.
  for (std::size_t i = 0; f.land.overflow_ranges == 0; ++i) {
    REQUIRE(i * 8 + 4 <= f.units);
    REQUIRE(land_insert(&f.land, f.at(i * 8), f.at(i * 8 + 4)));
  }
  CHECK(land_delete(&f.land, f.at(1), f.at(2)) == MPS_RES_COMMIT_LIMIT);
  CHECK(land_delete(&f.land, f.at(0), f.at(1)) == MPS_RES_OK);  // from an end needs no node
  CHECK(land_check(&f.land));
}
