// test_format.cpp: the object format's methods on hand-made objects, and the
// heap's objects surviving real collections (moved by AMC, contents intact).
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "format.hpp"
#include "errors.hpp"
#include "heap.hpp"

using namespace lisp;

namespace {

// A full collection.  Afterwards the arena is parked; it is released again
// only when the heap really has thread roots (otherwise it must stay clamped).
void force_collection(Heap& heap) {
  REQUIRE(mps_arena_collect(heap.arena()) == MPS_RES_OK);
  if (heap.collections_enabled()) mps_arena_release(heap.arena());
}

std::string str(Value s) { return std::string(as<String>(s)->bytes, as<String>(s)->length); }

// Builds (0 "0" #(0 0.5) 1 "1" #(1 1.5) ...) of n groups into root[0], from a
// frame of its own so nothing on the test's stack refers to the objects.
[[gnu::noinline]] void build_list(Heap& heap, Value* root, int n) {
  for (int i = n - 1; i >= 0; --i) {
    Value vec = heap.make_vector(2, make_fixnum(i));
    as<Vector>(vec)->items[1] = heap.make_flonum(i + 0.5);
    root[0] = heap.cons(vec, root[0]);
    root[0] = heap.cons(heap.make_string(std::to_string(i)), root[0]);
    root[0] = heap.cons(make_fixnum(i), root[0]);
  }
}

void check_list(Value list, int n) {
  int i = 0;
  for (; is_pair(list); ++i) {
    REQUIRE(car(list) == make_fixnum(i));
    list = cdr(list);
    REQUIRE(is_string(car(list)));
    REQUIRE(str(car(list)) == std::to_string(i));
    list = cdr(list);
    Value vec = car(list);
    REQUIRE(is_vector(vec));
    REQUIRE(as<Vector>(vec)->items[0] == make_fixnum(i));
    REQUIRE(is_flonum(as<Vector>(vec)->items[1]));
    REQUIRE(as<Flonum>(as<Vector>(vec)->items[1])->value == i + 0.5);
    list = cdr(list);
  }
  CHECK(i == n);
  CHECK(list == kNil);
}

}  // namespace

TEST_CASE("format skip and pad on hand-made objects") {
  alignas(8) Raw words[16] = {};
  format_pad(words, 8);
  CHECK(header_type(words[0]) == Type::pad1);
  CHECK(format_skip(words) == static_cast<void*>(words + 1));
  format_pad(words, 64);
  CHECK(header_type(words[0]) == Type::pad);
  CHECK(format_skip(words) == static_cast<void*>(words + 8));
  CHECK(format_is_forwarded(words) == nullptr);
  CHECK(format_class(words) == nullptr);
}

TEST_CASE("format forward keeps the size and records the new address") {
  alignas(8) Raw words[6] = {make_header(Type::vector, 5), make_fixnum(3), kNil, kNil, kNil, 0};
  alignas(8) Raw copy[5];
  std::memcpy(copy, words, sizeof copy);
  CHECK(format_is_forwarded(words) == nullptr);
  format_forward(words, copy);
  CHECK(format_is_forwarded(words) == static_cast<void*>(copy));
  CHECK(format_skip(words) == static_cast<void*>(words + 5));
  Type type;
  CHECK_FALSE(object_type(words, &type));
  CHECK(object_type(copy, &type));
  CHECK(type == Type::vector);
}

TEST_CASE("format value slots per type") {
  Raw pair[3] = {make_header(Type::pair, 3), 0, 0};
  CHECK(value_slots(reinterpret_cast<Object*>(pair)).first == 1);
  CHECK(value_slots(reinterpret_cast<Object*>(pair)).end == 3);
  Raw table[6] = {make_header(Type::hash_table, 6), 0, 0, 0, 0, 0};
  CHECK(value_slots(reinterpret_cast<Object*>(table)).end == 4);  // the ld words are Raw
  Raw port[sizeof(Port) / sizeof(Raw)] = {make_header(Type::port, sizeof(Port) / sizeof(Raw))};
  CHECK(value_slots(reinterpret_cast<Object*>(port)).end == sizeof(Port) / sizeof(Raw) - 1);
  Raw string[3] = {make_header(Type::string, 3), 5, 0};
  ValueSlots s = value_slots(reinterpret_cast<Object*>(string));
  CHECK(s.first == s.end);
}

TEST_CASE("objects survive full collections and move") {
  int cold = 0;
  Heap heap(HeapOptions{}, &cold);
  Value root[1] = {kNil};
  mps_root_t r = heap.register_root(root, 1);
  constexpr int kGroups = 20000;
  build_list(heap, root, kGroups);
  // The addresses of the pairs, in C++ heap memory (not a root, so they pin
  // nothing).  AMC may keep a whole segment in place when something on the
  // stack happens to point into it, so expect most, not all, to move.
  std::vector<Value> before;
  for (Value p = root[0]; is_pair(p); p = cdr(p)) before.push_back(p);
  force_collection(heap);
  check_list(root[0], kGroups);
  std::size_t moved = 0, i = 0;
  for (Value p = root[0]; is_pair(p); p = cdr(p), ++i) moved += p != before[i];
  CHECK(moved > before.size() / 2);
  // More garbage and more collections: still intact.
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 10000; ++i) (void)heap.make_vector(8, kFalse);
    force_collection(heap);
    check_list(root[0], kGroups);
  }
  TypeStats stats = heap.walk_stats();
  CHECK(stats.objects[static_cast<int>(Type::pair)] >= 3 * kGroups);
  CHECK(stats.objects[static_cast<int>(Type::string)] >= kGroups);
  heap.unregister_root(r);
}

TEST_CASE("symbols stay interned across collections") {
  int cold = 0;
  Heap heap(HeapOptions{}, &cold);
  Value root[2] = {0, 0};
  mps_root_t r = heap.register_root(root, 2);
  root[0] = heap.intern("hello");
  root[1] = heap.intern("world");
  force_collection(heap);
  CHECK(heap.intern("hello") == root[0]);
  CHECK(heap.intern("world") == root[1]);
  CHECK(heap.intern("hello") != heap.intern("hello2"));
  CHECK(str(as<Symbol>(root[0])->name) == "hello");
  heap.unregister_root(r);
}

TEST_CASE("the commit limit gives a heap-exhausted error") {
  int cold = 0;
  HeapOptions options;
  options.commit_limit = 32u << 20;
  Heap heap(options, &cold);
  bool raised = false;
  try {
    (void)heap.make_vector(std::size_t{64} << 20, kFalse);  // 512 MiB
  } catch (const LispError& e) {
    raised = true;
    REQUIRE(has_type(e.payload, Type::error_object));
    CHECK(str(as<Symbol>(as<ErrorObject>(e.payload)->kind)->name) == "heap-exhausted");
  }
  CHECK(raised);
  // The heap still works afterwards.
  Value s = heap.make_string("still alive");
  CHECK(str(s) == "still alive");
}

TEST_CASE("stress mode collects at every refill and objects survive") {
  setenv("MPS_STRESS", "1", 1);
  {
    int cold = 0;
    HeapOptions options;
    options.stress = true;
    Heap heap(options, &cold);
    Value root[1] = {kNil};
    mps_root_t r = heap.register_root(root, 1);
    build_list(heap, root, 2000);
    force_collection(heap);
    check_list(root[0], 2000);
    heap.unregister_root(r);
  }
  unsetenv("MPS_STRESS");
}
