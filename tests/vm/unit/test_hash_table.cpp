// test_hash_table.cpp: hash tables of every kind, and address-hashed (eq?,
// eqv?) tables whose keys are moved by collections: lookups must still find
// them (location dependency, rehash when stale).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "heap.hpp"

using namespace lisp;

namespace {

constexpr int kKeys = 2000;

void force_collection(Heap& heap) {
  REQUIRE(mps_arena_collect(heap.arena()) == MPS_RES_OK);
  if (heap.collections_enabled()) mps_arena_release(heap.arena());
}

// Fills root[0] (a table) with kKeys fresh pair keys mapped to fixnums, and
// root[1] (a vector) with the same keys, from a frame of its own: once it
// returns, only the heap refers to the keys, so a collection may move them.
[[gnu::noinline]] void fill_table(Heap& heap, Value* root, HashKind kind) {
  root[0] = heap.make_hash_table(kind);
  root[1] = heap.make_vector(kKeys, kFalse);
  for (int i = 0; i < kKeys; ++i) {
    Value key = heap.cons(make_fixnum(i), kNil);
    as<Vector>(root[1])->items[i] = key;
    heap.hash_set(root[0], key, make_fixnum(i * 10));
  }
}

// How many keys are at a different address than recorded in `old`.
int count_moved(Value keys, const std::vector<Value>& old) {
  int moved = 0;
  for (int i = 0; i < kKeys; ++i) moved += as<Vector>(keys)->items[i] != old[i];
  return moved;
}

void check_all_found(Heap& heap, Value* root) {
  for (int i = 0; i < kKeys; ++i) {
    Value key = as<Vector>(root[1])->items[i];
    REQUIRE(heap.hash_ref(root[0], key, kFalse) == make_fixnum(i * 10));
  }
}

void moving_keys_case(HashKind kind) {
  int cold = 0;
  Heap heap(HeapOptions{}, &cold);
  Value root[2] = {0, 0};
  mps_root_t r = heap.register_root(root, 2);
  fill_table(heap, root, kind);
  std::vector<Value> old(kKeys);  // plain addresses, compared only (not a root)
  for (int i = 0; i < kKeys; ++i) old[i] = as<Vector>(root[1])->items[i];
  check_all_found(heap, root);
  force_collection(heap);
  CHECK(count_moved(root[1], old) > kKeys / 2);  // the keys really moved
  check_all_found(heap, root);
  // A key that was never added is still missing, and fresh equal-looking
  // pairs are different keys.
  Value other = heap.cons(make_fixnum(1), kNil);
  CHECK(heap.hash_ref(root[0], other, kFalse) == kFalse);
  // Update, delete and insert after the move.
  Value key5 = as<Vector>(root[1])->items[5];
  heap.hash_set(root[0], key5, make_fixnum(-5));
  CHECK(heap.hash_ref(root[0], key5, kFalse) == make_fixnum(-5));
  CHECK(heap.hash_delete(root[0], as<Vector>(root[1])->items[7]));
  CHECK(heap.hash_ref(root[0], as<Vector>(root[1])->items[7], kFalse) == kFalse);
  CHECK(fixnum_value(as<HashTable>(root[0])->count) == kKeys - 1);
  force_collection(heap);
  CHECK(heap.hash_ref(root[0], as<Vector>(root[1])->items[5], kFalse) == make_fixnum(-5));
  CHECK(heap.hash_ref(root[0], as<Vector>(root[1])->items[7], kFalse) == kFalse);
  CHECK(heap.hash_ref(root[0], as<Vector>(root[1])->items[kKeys - 1], kFalse) ==
        make_fixnum((kKeys - 1) * 10));
  // Every entry is visited once.
  int visited = 0;
  heap.hash_for_each(root[0], [&](Value, Value) { ++visited; });
  CHECK(visited == kKeys - 1);
  heap.unregister_root(r);
}

}  // namespace

TEST_CASE("eq tables find keys moved by a collection") { moving_keys_case(HashKind::eq); }

TEST_CASE("eqv tables find keys moved by a collection") { moving_keys_case(HashKind::eqv); }

// The rehash a stale dependency causes reuses the bucket vector: were it to
// allocate, then in stress mode (a collection at every allocation-point
// refill) that allocation could collect and leave the table stale for the
// next insertion, so each insertion cost a full collection.
TEST_CASE("a rehash for moved keys allocates no new bucket vector") {
  int cold = 0;
  Heap heap(HeapOptions{}, &cold);
  Value root[2] = {0, 0};
  mps_root_t r = heap.register_root(root, 2);
  fill_table(heap, root, HashKind::eq);
  force_collection(heap);
  auto stale = [&] {
    auto ld = reinterpret_cast<mps_ld_t>(as<HashTable>(root[0])->ld);
    return mps_ld_isstale_any(ld, heap.arena()) != 0;
  };
  REQUIRE(stale());  // keys moved since they were hashed
  const Value buckets = as<HashTable>(root[0])->buckets;
  const Value missing = heap.cons(kNil, kNil);
  CHECK(heap.hash_ref(root[0], missing, kFalse) == kFalse);  // a miss: rehashes
  CHECK_FALSE(stale());                                      // ... which happened
  CHECK(as<HashTable>(root[0])->buckets == buckets);         // in place
  check_all_found(heap, root);
  heap.unregister_root(r);
}

TEST_CASE("equal and string tables hash by content") {
  int cold = 0;
  Heap heap(HeapOptions{}, &cold);
  Value root[2] = {0, 0};
  mps_root_t r = heap.register_root(root, 2);
  root[0] = heap.make_hash_table(HashKind::equal);
  root[1] = heap.make_hash_table(HashKind::string);
  for (int i = 0; i < 500; ++i) {
    Value key = heap.cons(heap.make_string("k" + std::to_string(i)), make_fixnum(i));
    heap.hash_set(root[0], key, make_fixnum(i));
    heap.hash_set(root[1], heap.make_string("s" + std::to_string(i)), make_fixnum(i));
  }
  force_collection(heap);
  for (int i = 0; i < 500; ++i) {
    Value key = heap.cons(heap.make_string("k" + std::to_string(i)), make_fixnum(i));
    REQUIRE(heap.hash_ref(root[0], key, kFalse) == make_fixnum(i));
    REQUIRE(heap.hash_ref(root[1], heap.make_string("s" + std::to_string(i)), kFalse) == make_fixnum(i));
  }
  CHECK(heap.hash_ref(root[1], heap.make_string("s500"), kFalse) == kFalse);
  CHECK(fixnum_value(as<HashTable>(root[0])->count) == 500);
  heap.unregister_root(r);
}

TEST_CASE("eqv tables compare flonums by value and eq tables by identity") {
  int cold = 0;
  Heap heap(HeapOptions{}, &cold);
  Value eqv = heap.make_hash_table(HashKind::eqv);
  Value eq = heap.make_hash_table(HashKind::eq);
  heap.hash_set(eqv, heap.make_flonum(1.5), make_fixnum(1));
  heap.hash_set(eq, heap.make_flonum(1.5), make_fixnum(1));
  CHECK(heap.hash_ref(eqv, heap.make_flonum(1.5), kFalse) == make_fixnum(1));
  CHECK(heap.hash_ref(eq, heap.make_flonum(1.5), kFalse) == kFalse);
  heap.hash_set(eq, make_fixnum(42), make_char('x'));
  heap.hash_set(eq, heap.intern("sym"), kTrue);
  CHECK(heap.hash_ref(eq, make_fixnum(42), kFalse) == make_char('x'));
  CHECK(heap.hash_ref(eq, heap.intern("sym"), kFalse) == kTrue);
  CHECK(values_equal(heap.cons(make_fixnum(1), heap.make_string("a")),
                     heap.cons(make_fixnum(1), heap.make_string("a"))));
  CHECK_FALSE(values_eqv(heap.make_flonum(0.0), heap.make_flonum(-0.0)));
}

TEST_CASE("tables grow and clear") {
  int cold = 0;
  Heap heap(HeapOptions{}, &cold);
  Value t = heap.make_hash_table(HashKind::eqv);
  for (int i = 0; i < 10000; ++i) heap.hash_set(t, make_fixnum(i), make_fixnum(-i));
  CHECK(fixnum_value(as<HashTable>(t)->count) == 10000);
  CHECK(fixnum_value(as<Vector>(as<HashTable>(t)->buckets)->length) >= 10000);
  for (int i = 0; i < 10000; i += 2) CHECK(heap.hash_delete(t, make_fixnum(i)));
  CHECK(fixnum_value(as<HashTable>(t)->count) == 5000);
  CHECK(heap.hash_ref(t, make_fixnum(4), kFalse) == kFalse);
  CHECK(heap.hash_ref(t, make_fixnum(5), kFalse) == make_fixnum(-5));
  heap.hash_clear(t);
  CHECK(fixnum_value(as<HashTable>(t)->count) == 0);
  CHECK(heap.hash_ref(t, make_fixnum(5), kFalse) == kFalse);
}
