// builtins_vectors.cpp: vectors and bytevectors (and UTF-8 conversion).
//
// After an allocation, sources are read again through `args` (an exact
// root, updated by the collector), never through a pointer taken before.
#include <cstring>

#include "builtin_support.hpp"

namespace lisp {

namespace {

std::size_t vlen(Value v) { return static_cast<std::size_t>(fixnum_value(as<Vector>(v)->length)); }
Value* items(Value v) { return as<Vector>(v)->items; }
Value check_vector(Vm& vm, const char* who, Value* a, int i) {
  return arg_of_type(vm, who, a, i, Type::vector, "a vector");
}
Value check_bytevector(Vm& vm, const char* who, Value* a, int i) {
  return arg_of_type(vm, who, a, i, Type::bytevector, "a bytevector");
}
std::uint8_t* bytes(Value b) { return as<Bytevector>(b)->bytes; }
std::size_t blen(Value b) { return as<Bytevector>(b)->length; }

// ---- vectors ----

Value p_vector_p(Vm&, Value* a, int) { return make_bool(is_vector(a[0])); }

Value p_make_vector(Vm& vm, Value* a, int n) {
  const std::size_t k = arg_size(vm, "make-vector", a, 0);
  return vm.heap().make_vector(k, n > 1 ? a[1] : kFalse);
}

Value p_vector(Vm& vm, Value* a, int n) {
  Value v = vm.heap().make_vector(static_cast<std::size_t>(n), kFalse);
  for (int i = 0; i < n; ++i) items(v)[i] = a[i];
  return v;
}

Value p_vector_length(Vm& vm, Value* a, int) {
  return make_fixnum(static_cast<std::intptr_t>(vlen(check_vector(vm, "vector-length", a, 0))));
}

std::size_t element_index(Vm& vm, const char* who, Value* a, std::size_t length) {
  if (length == 0) {
    arg_fixnum(vm, who, a, 1);
    raise_error_kind(vm, "range-error", std::string(who) + ": index out of range (empty)", {a[1]});
  }
  return arg_index(vm, who, a, 1, length - 1);
}

Value p_vector_ref(Vm& vm, Value* a, int) {
  Value v = check_vector(vm, "vector-ref", a, 0);
  return items(v)[element_index(vm, "vector-ref", a, vlen(v))];
}

Value p_vector_set(Vm& vm, Value* a, int) {
  Value v = check_vector(vm, "vector-set!", a, 0);
  items(v)[element_index(vm, "vector-set!", a, vlen(v))] = a[2];
  return kUnspecified;
}

Value p_vector_to_list(Vm& vm, Value* a, int n) {
  check_vector(vm, "vector->list", a, 0);
  Range r = arg_range(vm, "vector->list", a, n, 1, vlen(a[0]));
  Value result = kNil;
  for (std::size_t i = r.end; i > r.start; --i) result = vm.heap().cons(items(a[0])[i - 1], result);
  return result;
}

Value p_list_to_vector(Vm& vm, Value* a, int) {
  const std::intptr_t n = list_length(a[0]);
  if (n < 0) type_error(vm, "list->vector", 1, "a proper list", a[0]);
  Value v = vm.heap().make_vector(static_cast<std::size_t>(n), kFalse);
  std::size_t i = 0;
  for (Value list = a[0]; is_pair(list); list = cdr(list)) items(v)[i++] = car(list);
  return v;
}

Value p_vector_fill(Vm& vm, Value* a, int n) {
  Value v = check_vector(vm, "vector-fill!", a, 0);
  Range r = arg_range(vm, "vector-fill!", a, n, 2, vlen(v));
  for (std::size_t i = r.start; i < r.end; ++i) items(v)[i] = a[1];
  return kUnspecified;
}

Value p_vector_copy(Vm& vm, Value* a, int n) {
  check_vector(vm, "vector-copy", a, 0);
  Range r = arg_range(vm, "vector-copy", a, n, 1, vlen(a[0]));
  Value v = vm.heap().make_vector(r.end - r.start, kFalse);
  for (std::size_t i = r.start; i < r.end; ++i) items(v)[i - r.start] = items(a[0])[i];
  return v;
}

Value p_vector_copy_bang(Vm& vm, Value* a, int n) {
  Value to = check_vector(vm, "vector-copy!", a, 0);
  const std::size_t at = arg_index(vm, "vector-copy!", a, 1, vlen(to));
  Value from = check_vector(vm, "vector-copy!", a, 2);
  Range r = arg_range(vm, "vector-copy!", a, n, 3, vlen(from));
  if (r.end - r.start > vlen(to) - at)
    raise_error_kind(vm, "range-error", "vector-copy!: not enough room in the destination", {to});
  std::memmove(items(to) + at, items(from) + r.start, (r.end - r.start) * sizeof(Value));
  return kUnspecified;
}

Value p_vector_append(Vm& vm, Value* a, int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) total += vlen(check_vector(vm, "vector-append", a, i));
  Value v = vm.heap().make_vector(total, kFalse);
  std::size_t at = 0;
  for (int i = 0; i < n; ++i) {
    const std::size_t len = vlen(a[i]);
    std::memcpy(items(v) + at, items(a[i]), len * sizeof(Value));
    at += len;
  }
  return v;
}

// ---- bytevectors ----

std::uint8_t arg_byte(Vm& vm, const char* who, Value* a, int i) {
  const std::intptr_t b = arg_fixnum(vm, who, a, i);
  if (b < 0 || b > 255) type_error(vm, who, i + 1, "a byte (0..255)", a[i]);
  return static_cast<std::uint8_t>(b);
}

Value p_bytevector_p(Vm&, Value* a, int) { return make_bool(has_type(a[0], Type::bytevector)); }

Value p_make_bytevector(Vm& vm, Value* a, int n) {
  const std::size_t k = arg_size(vm, "make-bytevector", a, 0);
  return vm.heap().make_bytevector(k, n > 1 ? arg_byte(vm, "make-bytevector", a, 1) : 0);
}

Value p_bytevector(Vm& vm, Value* a, int n) {
  for (int i = 0; i < n; ++i) arg_byte(vm, "bytevector", a, i);
  Value b = vm.heap().make_bytevector(static_cast<std::size_t>(n), 0);
  for (int i = 0; i < n; ++i) bytes(b)[i] = static_cast<std::uint8_t>(fixnum_value(a[i]));
  return b;
}

Value p_bytevector_length(Vm& vm, Value* a, int) {
  return make_fixnum(static_cast<std::intptr_t>(blen(check_bytevector(vm, "bytevector-length", a, 0))));
}

Value p_bytevector_u8_ref(Vm& vm, Value* a, int) {
  Value b = check_bytevector(vm, "bytevector-u8-ref", a, 0);
  return make_fixnum(bytes(b)[element_index(vm, "bytevector-u8-ref", a, blen(b))]);
}

Value p_bytevector_u8_set(Vm& vm, Value* a, int) {
  Value b = check_bytevector(vm, "bytevector-u8-set!", a, 0);
  const std::size_t k = element_index(vm, "bytevector-u8-set!", a, blen(b));
  bytes(b)[k] = arg_byte(vm, "bytevector-u8-set!", a, 2);
  return kUnspecified;
}

Value p_bytevector_copy(Vm& vm, Value* a, int n) {
  check_bytevector(vm, "bytevector-copy", a, 0);
  Range r = arg_range(vm, "bytevector-copy", a, n, 1, blen(a[0]));
  Value b = vm.heap().make_bytevector(r.end - r.start, 0);
  std::memcpy(bytes(b), bytes(a[0]) + r.start, r.end - r.start);
  return b;
}

Value p_bytevector_copy_bang(Vm& vm, Value* a, int n) {
  Value to = check_bytevector(vm, "bytevector-copy!", a, 0);
  const std::size_t at = arg_index(vm, "bytevector-copy!", a, 1, blen(to));
  Value from = check_bytevector(vm, "bytevector-copy!", a, 2);
  Range r = arg_range(vm, "bytevector-copy!", a, n, 3, blen(from));
  if (r.end - r.start > blen(to) - at)
    raise_error_kind(vm, "range-error", "bytevector-copy!: not enough room in the destination", {to});
  std::memmove(bytes(to) + at, bytes(from) + r.start, r.end - r.start);
  return kUnspecified;
}

Value p_bytevector_append(Vm& vm, Value* a, int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) total += blen(check_bytevector(vm, "bytevector-append", a, i));
  Value b = vm.heap().make_bytevector(total, 0);
  std::size_t at = 0;
  for (int i = 0; i < n; ++i) {
    std::memcpy(bytes(b) + at, bytes(a[i]), blen(a[i]));
    at += blen(a[i]);
  }
  return b;
}

// Strings hold bytes, so UTF-8 conversion is a byte copy.
Value p_utf8_to_string(Vm& vm, Value* a, int n) {
  check_bytevector(vm, "utf8->string", a, 0);
  Range r = arg_range(vm, "utf8->string", a, n, 1, blen(a[0]));
  Value s = vm.heap().make_string(r.end - r.start, '\0');
  std::memcpy(as<String>(s)->bytes, bytes(a[0]) + r.start, r.end - r.start);
  return s;
}

Value p_string_to_utf8(Vm& vm, Value* a, int n) {
  const std::size_t length = arg_string(vm, "string->utf8", a, 0).size();
  Range r = arg_range(vm, "string->utf8", a, n, 1, length);
  Value b = vm.heap().make_bytevector(r.end - r.start, 0);
  std::memcpy(bytes(b), as<String>(a[0])->bytes + r.start, r.end - r.start);
  return b;
}

const PrimitiveSpec kVectorPrimitives[] = {
    {"vector?", p_vector_p, 1, 1},
    {"make-vector", p_make_vector, 1, 2},
    {"vector", p_vector, 0, -1},
    {"vector-length", p_vector_length, 1, 1},
    {"vector-ref", p_vector_ref, 2, 2},
    {"vector-set!", p_vector_set, 3, 3},
    {"vector->list", p_vector_to_list, 1, 3},
    {"list->vector", p_list_to_vector, 1, 1},
    {"vector-fill!", p_vector_fill, 2, 4},
    {"vector-copy", p_vector_copy, 1, 3},
    {"vector-copy!", p_vector_copy_bang, 3, 5},
    {"vector-append", p_vector_append, 0, -1},
    {"bytevector?", p_bytevector_p, 1, 1},
    {"make-bytevector", p_make_bytevector, 1, 2},
    {"bytevector", p_bytevector, 0, -1},
    {"bytevector-length", p_bytevector_length, 1, 1},
    {"bytevector-u8-ref", p_bytevector_u8_ref, 2, 2},
    {"bytevector-u8-set!", p_bytevector_u8_set, 3, 3},
    {"bytevector-copy", p_bytevector_copy, 1, 3},
    {"bytevector-copy!", p_bytevector_copy_bang, 3, 5},
    {"bytevector-append", p_bytevector_append, 0, -1},
    {"utf8->string", p_utf8_to_string, 1, 3},
    {"string->utf8", p_string_to_utf8, 1, 3},
};

}  // namespace

void register_vector_builtins(Vm& vm) { vm.define_primitives(kVectorPrimitives); }

}  // namespace lisp
