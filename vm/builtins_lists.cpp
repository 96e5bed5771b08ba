// builtins_lists.cpp: pairs and lists, the equivalence predicates, symbols
// and booleans.
//
// List builders keep the list under construction in locals `head` and
// `tail` (pinned), and read their arguments from `args` (the value stack, an
// exact root, so the entries are updated if a collection moves them).
#include "builtin_support.hpp"

namespace lisp {

namespace {

Value check_pair(Vm& vm, const char* who, Value* a, int i) {
  return arg_of_type(vm, who, a, i, Type::pair, "a pair");
}

Value p_cons(Vm& vm, Value* a, int) { return vm.heap().cons(a[0], a[1]); }
Value p_car(Vm& vm, Value* a, int) { return car(check_pair(vm, "car", a, 0)); }
Value p_cdr(Vm& vm, Value* a, int) { return cdr(check_pair(vm, "cdr", a, 0)); }
Value p_set_car(Vm& vm, Value* a, int) {
  as<Pair>(check_pair(vm, "set-car!", a, 0))->car = a[1];
  return kUnspecified;
}
Value p_set_cdr(Vm& vm, Value* a, int) {
  as<Pair>(check_pair(vm, "set-cdr!", a, 0))->cdr = a[1];
  return kUnspecified;
}

// c[ad]{2,4}r: the path is read right to left, as the name says.
template <const char* kName>
Value cxr(Vm& vm, Value* a, int) {
  std::string_view name(kName);
  Value v = a[0];
  for (std::size_t i = name.size() - 2; i >= 1; --i) {
    if (!is_pair(v)) type_error(vm, kName, 1, "a list with that structure", a[0]);
    v = name[i] == 'a' ? car(v) : cdr(v);
  }
  return v;
}

#define CXR(name, str) constexpr char name[] = str;
CXR(kCaar, "caar") CXR(kCadr, "cadr") CXR(kCdar, "cdar") CXR(kCddr, "cddr")
CXR(kCaaar, "caaar") CXR(kCaadr, "caadr") CXR(kCadar, "cadar") CXR(kCaddr, "caddr")
CXR(kCdaar, "cdaar") CXR(kCdadr, "cdadr") CXR(kCddar, "cddar") CXR(kCdddr, "cdddr")
CXR(kCaaaar, "caaaar") CXR(kCaaadr, "caaadr") CXR(kCaadar, "caadar") CXR(kCaaddr, "caaddr")
CXR(kCadaar, "cadaar") CXR(kCadadr, "cadadr") CXR(kCaddar, "caddar") CXR(kCadddr, "cadddr")
CXR(kCdaaar, "cdaaar") CXR(kCdaadr, "cdaadr") CXR(kCdadar, "cdadar") CXR(kCdaddr, "cdaddr")
CXR(kCddaar, "cddaar") CXR(kCddadr, "cddadr") CXR(kCdddar, "cdddar") CXR(kCddddr, "cddddr")
#undef CXR

Value p_pair_p(Vm&, Value* a, int) { return make_bool(is_pair(a[0])); }
Value p_null_p(Vm&, Value* a, int) { return make_bool(a[0] == kNil); }
Value p_list_p(Vm&, Value* a, int) { return make_bool(list_length(a[0]) >= 0); }

std::intptr_t checked_length(Vm& vm, const char* who, Value* a, int i) {
  const std::intptr_t n = list_length(a[i]);
  if (n < 0) type_error(vm, who, i + 1, "a proper list", a[i]);
  return n;
}

Value p_length(Vm& vm, Value* a, int) { return make_fixnum(checked_length(vm, "length", a, 0)); }

Value p_list(Vm& vm, Value* a, int n) {
  Value result = kNil;
  for (int i = n - 1; i >= 0; --i) result = vm.heap().cons(a[i], result);
  return result;
}

// A fresh copy of the proper part of `list`, and its last pair in *tail_o.
Value copy_list(Vm& vm, Value list, Value* tail_o) {
  Value head = kNil, tail = kNil;
  for (; is_pair(list); list = cdr(list)) {
    Value link = vm.heap().cons(car(list), kNil);
    if (head == kNil) head = link;
    else as<Pair>(tail)->cdr = link;
    tail = link;
  }
  *tail_o = tail;
  return head;
}

Value p_list_copy(Vm& vm, Value* a, int) {
  if (!is_pair(a[0])) return a[0];
  checked_length(vm, "list-copy", a, 0);
  Value tail;
  return copy_list(vm, a[0], &tail);
}

Value p_append(Vm& vm, Value* a, int n) {
  if (n == 0) return kNil;
  for (int i = 0; i + 1 < n; ++i) checked_length(vm, "append", a, i);
  Value head = kNil, tail = kNil;
  for (int i = 0; i + 1 < n; ++i) {
    Value last;
    Value copy = copy_list(vm, a[i], &last);
    if (copy == kNil) continue;
    if (head == kNil) head = copy;
    else as<Pair>(tail)->cdr = copy;
    tail = last;
  }
  if (head == kNil) return a[n - 1];
  as<Pair>(tail)->cdr = a[n - 1];  // the last argument is shared, not copied
  return head;
}

Value p_reverse(Vm& vm, Value* a, int) {
  checked_length(vm, "reverse", a, 0);
  Value result = kNil;
  for (Value list = a[0]; is_pair(list); list = cdr(list)) result = vm.heap().cons(car(list), result);
  return result;
}

Value p_list_tail(Vm& vm, Value* a, int) {
  const std::size_t k = arg_size(vm, "list-tail", a, 1);
  Value v = a[0];
  for (std::size_t i = 0; i < k; ++i) {
    if (!is_pair(v)) raise_error_kind(vm, "range-error", "list-tail: list too short", {a[0], a[1]});
    v = cdr(v);
  }
  return v;
}

Value p_list_ref(Vm& vm, Value* a, int) {
  const std::size_t k = arg_size(vm, "list-ref", a, 1);
  Value v = a[0];
  for (std::size_t i = 0; i < k && is_pair(v); ++i) v = cdr(v);
  if (!is_pair(v)) raise_error_kind(vm, "range-error", "list-ref: index out of range", {a[0], a[1]});
  return car(v);
}

template <bool (*same)(Value, Value)>
Value member_like(Value x, Value list) {
  for (; is_pair(list); list = cdr(list))
    if (same(x, car(list))) return list;
  return kFalse;
}

template <bool (*same)(Value, Value)>
Value assoc_like(Vm& vm, const char* who, Value x, Value list) {
  for (; is_pair(list); list = cdr(list)) {
    Value entry = car(list);
    if (!is_pair(entry)) raise_error(vm, std::string(who) + ": not an association list", {list});
    if (same(x, car(entry))) return entry;
  }
  return kFalse;
}

bool same_eq(Value a, Value b) { return a == b; }
Value p_memq(Vm&, Value* a, int) { return member_like<same_eq>(a[0], a[1]); }
Value p_memv(Vm&, Value* a, int) { return member_like<values_eqv>(a[0], a[1]); }
Value p_assq(Vm& vm, Value* a, int) { return assoc_like<same_eq>(vm, "assq", a[0], a[1]); }
Value p_assv(Vm& vm, Value* a, int) { return assoc_like<values_eqv>(vm, "assv", a[0], a[1]); }

Value p_eq_p(Vm&, Value* a, int) { return make_bool(a[0] == a[1]); }
Value p_eqv_p(Vm&, Value* a, int) { return make_bool(values_eqv(a[0], a[1])); }
Value p_equal_p(Vm&, Value* a, int) { return make_bool(values_equal(a[0], a[1])); }

Value p_not(Vm&, Value* a, int) { return make_bool(a[0] == kFalse); }
Value p_boolean_p(Vm&, Value* a, int) { return make_bool(a[0] == kTrue || a[0] == kFalse); }
Value p_boolean_eq(Vm& vm, Value* a, int n) {
  for (int i = 0; i < n; ++i)
    if (a[i] != kTrue && a[i] != kFalse) type_error(vm, "boolean=?", i + 1, "a boolean", a[i]);
  for (int i = 0; i + 1 < n; ++i)
    if (a[i] != a[i + 1]) return kFalse;
  return kTrue;
}

Value p_symbol_p(Vm&, Value* a, int) { return make_bool(is_symbol(a[0])); }
Value p_symbol_to_string(Vm& vm, Value* a, int) {
  Value sym = arg_of_type(vm, "symbol->string", a, 0, Type::symbol, "a symbol");
  // A copy: Lisp may string-set! the result, which must not rename the symbol.
  Value name = as<Symbol>(sym)->name;
  return vm.heap().make_string(string_view_of(name));
}
Value p_string_to_symbol(Vm& vm, Value* a, int) {
  Value s = arg_of_type(vm, "string->symbol", a, 0, Type::string, "a string");
  return vm.heap().intern(string_view_of(s));
}
Value p_symbol_eq(Vm& vm, Value* a, int n) {
  for (int i = 0; i < n; ++i) arg_of_type(vm, "symbol=?", a, i, Type::symbol, "a symbol");
  for (int i = 0; i + 1 < n; ++i)
    if (a[i] != a[i + 1]) return kFalse;
  return kTrue;
}

// Uninterned, so never eq? to any symbol the reader makes.
Value p_gensym(Vm& vm, Value* a, int n) {
  static std::size_t counter = 0;
  std::string prefix = "g";
  if (n > 0) {
    if (is_string(a[0])) prefix = std::string(string_view_of(a[0]));
    else if (is_symbol(a[0])) prefix = std::string(string_view_of(as<Symbol>(a[0])->name));
    else type_error(vm, "gensym", 1, "a string or symbol", a[0]);
  }
  return vm.heap().make_uninterned_symbol(prefix + std::to_string(++counter));
}

Value p_default_object_p(Vm&, Value* a, int) { return make_bool(a[0] == kDefault); }
Value p_void_p(Vm&, Value* a, int) { return make_bool(a[0] == kUnspecified); }

const PrimitiveSpec kListPrimitives[] = {
    {"cons", p_cons, 2, 2},
    {"car", p_car, 1, 1},
    {"cdr", p_cdr, 1, 1},
    {"set-car!", p_set_car, 2, 2},
    {"set-cdr!", p_set_cdr, 2, 2},
    {"caar", cxr<kCaar>, 1, 1}, {"cadr", cxr<kCadr>, 1, 1},
    {"cdar", cxr<kCdar>, 1, 1}, {"cddr", cxr<kCddr>, 1, 1},
    {"caaar", cxr<kCaaar>, 1, 1}, {"caadr", cxr<kCaadr>, 1, 1},
    {"cadar", cxr<kCadar>, 1, 1}, {"caddr", cxr<kCaddr>, 1, 1},
    {"cdaar", cxr<kCdaar>, 1, 1}, {"cdadr", cxr<kCdadr>, 1, 1},
    {"cddar", cxr<kCddar>, 1, 1}, {"cdddr", cxr<kCdddr>, 1, 1},
    {"caaaar", cxr<kCaaaar>, 1, 1}, {"caaadr", cxr<kCaaadr>, 1, 1},
    {"caadar", cxr<kCaadar>, 1, 1}, {"caaddr", cxr<kCaaddr>, 1, 1},
    {"cadaar", cxr<kCadaar>, 1, 1}, {"cadadr", cxr<kCadadr>, 1, 1},
    {"caddar", cxr<kCaddar>, 1, 1}, {"cadddr", cxr<kCadddr>, 1, 1},
    {"cdaaar", cxr<kCdaaar>, 1, 1}, {"cdaadr", cxr<kCdaadr>, 1, 1},
    {"cdadar", cxr<kCdadar>, 1, 1}, {"cdaddr", cxr<kCdaddr>, 1, 1},
    {"cddaar", cxr<kCddaar>, 1, 1}, {"cddadr", cxr<kCddadr>, 1, 1},
    {"cdddar", cxr<kCdddar>, 1, 1}, {"cddddr", cxr<kCddddr>, 1, 1},
    {"pair?", p_pair_p, 1, 1},
    {"null?", p_null_p, 1, 1},
    {"list?", p_list_p, 1, 1},
    {"length", p_length, 1, 1},
    {"list", p_list, 0, -1},
    {"list-copy", p_list_copy, 1, 1},
    {"append", p_append, 0, -1},
    {"reverse", p_reverse, 1, 1},
    {"list-tail", p_list_tail, 2, 2},
    {"list-ref", p_list_ref, 2, 2},
    {"memq", p_memq, 2, 2},
    {"memv", p_memv, 2, 2},
    {"assq", p_assq, 2, 2},
    {"assv", p_assv, 2, 2},
    {"eq?", p_eq_p, 2, 2},
    {"eqv?", p_eqv_p, 2, 2},
    {"equal?", p_equal_p, 2, 2},
    {"not", p_not, 1, 1},
    {"boolean?", p_boolean_p, 1, 1},
    {"boolean=?", p_boolean_eq, 2, -1},
    {"symbol?", p_symbol_p, 1, 1},
    {"symbol->string", p_symbol_to_string, 1, 1},
    {"string->symbol", p_string_to_symbol, 1, 1},
    {"symbol=?", p_symbol_eq, 2, -1},
    {"gensym", p_gensym, 0, 1},
    {"default-object?", p_default_object_p, 1, 1},
    {"void?", p_void_p, 1, 1},
};

}  // namespace

void register_list_builtins(Vm& vm) { vm.define_primitives(kListPrimitives); }

}  // namespace lisp
