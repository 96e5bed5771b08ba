// builtins_hash.cpp: hash tables, with the SRFI-69 names (which Guile also
// has).  The tables themselves are in hash_table.cpp.
#include "builtin_support.hpp"

namespace lisp {

namespace {

Value check_table(Vm& vm, const char* who, Value* a, int i) {
  return arg_of_type(vm, who, a, i, Type::hash_table, "a hash table");
}

// The kind of table an equivalence procedure asks for.
HashKind kind_for(Vm& vm, Value proc) {
  if (has_type(proc, Type::primitive)) {
    std::string_view name = string_view_of(as<Symbol>(as<Primitive>(proc)->name)->name);
    if (name == "eq?") return HashKind::eq;
    if (name == "eqv?" || name == "=" || name == "char=?") return HashKind::eqv;
    if (name == "equal?") return HashKind::equal;
    if (name == "string=?") return HashKind::string;
  }
  raise_error(vm, "make-hash-table: the equivalence must be eq?, eqv?, equal? or string=?", {proc});
}

// (make-hash-table [equivalence [hash]] ) or Guile's (make-hash-table size).
Value p_make_hash_table(Vm& vm, Value* a, int n) {
  HashKind kind = HashKind::equal;
  std::size_t capacity = 8;
  if (n > 0) {
    if (is_fixnum(a[0])) capacity = arg_index(vm, "make-hash-table", a, 0, std::size_t{1} << 24);
    else kind = kind_for(vm, a[0]);
  }
  return vm.heap().make_hash_table(kind, capacity);
}
Value p_make_eq(Vm& vm, Value*, int) { return vm.heap().make_hash_table(HashKind::eq); }
Value p_make_eqv(Vm& vm, Value*, int) { return vm.heap().make_hash_table(HashKind::eqv); }
Value p_make_equal(Vm& vm, Value*, int) { return vm.heap().make_hash_table(HashKind::equal); }
Value p_make_string(Vm& vm, Value*, int) { return vm.heap().make_hash_table(HashKind::string); }

Value p_hash_table_p(Vm&, Value* a, int) { return make_bool(has_type(a[0], Type::hash_table)); }

// A marker for "absent" that no Lisp value can be.
constexpr Value kMissing = kUnbound;

Value p_ref(Vm& vm, Value* a, int n) {
  check_table(vm, "hash-table-ref", a, 0);
  Value v = vm.heap().hash_ref(a[0], a[1], kMissing);
  if (v != kMissing) return v;
  if (n > 2) return vm.apply(a[2], {});
  raise_error_kind(vm, "range-error", "hash-table-ref: key not found", {a[1]});
}

Value p_ref_default(Vm& vm, Value* a, int) {
  check_table(vm, "hash-table-ref/default", a, 0);
  return vm.heap().hash_ref(a[0], a[1], a[2]);
}

Value p_set(Vm& vm, Value* a, int) {
  check_table(vm, "hash-table-set!", a, 0);
  vm.heap().hash_set(a[0], a[1], a[2]);
  return kUnspecified;
}

Value p_delete(Vm& vm, Value* a, int) {
  check_table(vm, "hash-table-delete!", a, 0);
  vm.heap().hash_delete(a[0], a[1]);
  return kUnspecified;
}

Value p_contains(Vm& vm, Value* a, int) {
  check_table(vm, "hash-table-contains?", a, 0);
  return make_bool(vm.heap().hash_ref(a[0], a[1], kMissing) != kMissing);
}

Value p_count(Vm& vm, Value* a, int) {
  return as<HashTable>(check_table(vm, "hash-table-count", a, 0))->count;
}

// keys, values or fresh (key . value) pairs, as a list.
enum class Part { keys, values, pairs };
Value collect(Vm& vm, const char* who, Value* a, Part part) {
  check_table(vm, who, a, 0);
  Heap& heap = vm.heap();
  Value result = kNil;
  heap.hash_for_each(a[0], [&](Value key, Value value) {
    Value item = part == Part::keys ? key : part == Part::values ? value : heap.cons(key, value);
    result = heap.cons(item, result);
  });
  return result;
}
Value p_keys(Vm& vm, Value* a, int) { return collect(vm, "hash-table-keys", a, Part::keys); }
Value p_values(Vm& vm, Value* a, int) { return collect(vm, "hash-table-values", a, Part::values); }
Value p_to_alist(Vm& vm, Value* a, int) { return collect(vm, "hash-table->alist", a, Part::pairs); }

Value p_walk(Vm& vm, Value* a, int) {
  check_table(vm, "hash-table-walk", a, 0);
  if (!is_procedure(a[1])) type_error(vm, "hash-table-walk", 2, "a procedure", a[1]);
  vm.heap().hash_for_each(a[0], [&](Value key, Value value) {
    const Value args[2] = {key, value};  // on the C++ stack: pinned
    vm.apply(a[1], args);
  });
  return kUnspecified;
}

// (hash-table-update! table key proc [missing-thunk])
Value p_update(Vm& vm, Value* a, int n) {
  check_table(vm, "hash-table-update!", a, 0);
  Value current = vm.heap().hash_ref(a[0], a[1], kMissing);
  if (current == kMissing) {
    if (n < 4) raise_error_kind(vm, "range-error", "hash-table-update!: key not found", {a[1]});
    current = vm.apply(a[3], {});
  }
  Value updated = vm.apply(a[2], {&current, 1});
  vm.heap().hash_set(a[0], a[1], updated);
  return kUnspecified;
}

// (hash-table-update!/default table key proc default)
Value p_update_default(Vm& vm, Value* a, int) {
  check_table(vm, "hash-table-update!/default", a, 0);
  Value current = vm.heap().hash_ref(a[0], a[1], a[3]);
  Value updated = vm.apply(a[2], {&current, 1});
  vm.heap().hash_set(a[0], a[1], updated);
  return kUnspecified;
}

Value p_clear(Vm& vm, Value* a, int) {
  vm.heap().hash_clear(check_table(vm, "hash-table-clear!", a, 0));
  return kUnspecified;
}

Value p_copy(Vm& vm, Value* a, int) {
  check_table(vm, "hash-table-copy", a, 0);
  Heap& heap = vm.heap();
  const auto kind = static_cast<HashKind>(fixnum_value(as<HashTable>(a[0])->kind));
  Value copy = heap.make_hash_table(kind, static_cast<std::size_t>(fixnum_value(as<HashTable>(a[0])->count)));
  heap.hash_for_each(a[0], [&](Value key, Value value) { heap.hash_set(copy, key, value); });
  return copy;
}

// (hash obj [bound]): consistent with equal?, stable across collections.
Value p_hash(Vm& vm, Value* a, int n) {
  std::uint64_t h = stable_hash(a[0]) & static_cast<std::uint64_t>(kFixnumMax);
  if (n > 1) {
    const std::intptr_t bound = arg_fixnum(vm, "hash", a, 1);
    if (bound <= 0) type_error(vm, "hash", 2, "a positive integer", a[1]);
    h %= static_cast<std::uint64_t>(bound);
  }
  return make_fixnum(static_cast<std::intptr_t>(h));
}

const PrimitiveSpec kHashPrimitives[] = {
    {"make-hash-table", p_make_hash_table, 0, -1},
    {"make-eq-hash-table", p_make_eq, 0, 1},
    {"make-eqv-hash-table", p_make_eqv, 0, 1},
    {"make-equal-hash-table", p_make_equal, 0, 1},
    {"make-string-hash-table", p_make_string, 0, 1},
    {"hash-table?", p_hash_table_p, 1, 1},
    {"hash-table-ref", p_ref, 2, 3},
    {"hash-table-ref/default", p_ref_default, 3, 3},
    {"hash-table-set!", p_set, 3, 3},
    {"hash-table-delete!", p_delete, 2, 2},
    {"hash-table-contains?", p_contains, 2, 2},
    {"hash-table-exists?", p_contains, 2, 2},
    {"hash-table-count", p_count, 1, 1},
    {"hash-table-size", p_count, 1, 1},
    {"hash-table-keys", p_keys, 1, 1},
    {"hash-table-values", p_values, 1, 1},
    {"hash-table->alist", p_to_alist, 1, 1},
    {"hash-table-walk", p_walk, 2, 2},
    {"hash-table-update!", p_update, 3, 4},
    {"hash-table-update!/default", p_update_default, 4, 4},
    {"hash-table-clear!", p_clear, 1, 1},
    {"hash-table-copy", p_copy, 1, 2},
    {"hash", p_hash, 1, 2},
};

}  // namespace

void register_hash_builtins(Vm& vm) { vm.define_primitives(kHashPrimitives); }

}  // namespace lisp
