// builtins_strings.cpp: characters and strings.
//
// Strings are byte strings: each character is 0..255 (docs/vm.md), so the
// case and class procedures work on ASCII and leave other bytes alone.
// Strings are mutable and fixed-length.  A procedure that allocates keeps the
// strings it reads in `args` (an exact root) or in locals (pinned), and takes
// raw char pointers only after its last allocation.
#include <cctype>
#include <cstring>

#include "builtin_support.hpp"

namespace lisp {

namespace {

Value new_string(Vm& vm, std::string_view s) { return vm.heap().make_string(s); }
char* bytes_of(Value s) { return as<String>(s)->bytes; }

// ---- characters ----

Value p_char_p(Vm&, Value* a, int) { return make_bool(is_char(a[0])); }
Value p_char_to_integer(Vm& vm, Value* a, int) { return make_fixnum(arg_char(vm, "char->integer", a, 0)); }
Value p_integer_to_char(Vm& vm, Value* a, int) {
  const std::intptr_t n = arg_fixnum(vm, "integer->char", a, 0);
  if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff))
    raise_error_kind(vm, "range-error", "integer->char: not a Unicode scalar value", {a[0]});
  return make_char(static_cast<std::uint32_t>(n));
}

std::uint32_t fold_case(std::uint32_t c) { return c < 128 ? static_cast<std::uint32_t>(std::tolower(c)) : c; }

template <bool (*ok)(std::uint32_t, std::uint32_t), bool kFold>
Value char_compare(Vm& vm, const char* who, Value* a, int n) {
  for (int i = 0; i < n; ++i) arg_char(vm, who, a, i);
  for (int i = 0; i + 1 < n; ++i) {
    std::uint32_t x = char_value(a[i]), y = char_value(a[i + 1]);
    if (kFold) x = fold_case(x), y = fold_case(y);
    if (!ok(x, y)) return kFalse;
  }
  return kTrue;
}
bool c_eq(std::uint32_t x, std::uint32_t y) { return x == y; }
bool c_lt(std::uint32_t x, std::uint32_t y) { return x < y; }
bool c_gt(std::uint32_t x, std::uint32_t y) { return x > y; }
bool c_le(std::uint32_t x, std::uint32_t y) { return x <= y; }
bool c_ge(std::uint32_t x, std::uint32_t y) { return x >= y; }
Value p_char_eq(Vm& vm, Value* a, int n) { return char_compare<c_eq, false>(vm, "char=?", a, n); }
Value p_char_lt(Vm& vm, Value* a, int n) { return char_compare<c_lt, false>(vm, "char<?", a, n); }
Value p_char_gt(Vm& vm, Value* a, int n) { return char_compare<c_gt, false>(vm, "char>?", a, n); }
Value p_char_le(Vm& vm, Value* a, int n) { return char_compare<c_le, false>(vm, "char<=?", a, n); }
Value p_char_ge(Vm& vm, Value* a, int n) { return char_compare<c_ge, false>(vm, "char>=?", a, n); }
Value p_char_ci_eq(Vm& vm, Value* a, int n) { return char_compare<c_eq, true>(vm, "char-ci=?", a, n); }

template <int (*test)(int)>
Value char_class(Vm& vm, const char* who, Value* a) {
  const std::uint32_t c = arg_char(vm, who, a, 0);
  return make_bool(c < 128 && test(static_cast<int>(c)) != 0);
}
int is_alpha(int c) { return std::isalpha(c); }
int is_digit(int c) { return std::isdigit(c); }
int is_space(int c) { return std::isspace(c); }
int is_upper(int c) { return std::isupper(c); }
int is_lower(int c) { return std::islower(c); }
Value p_char_alphabetic(Vm& vm, Value* a, int) { return char_class<is_alpha>(vm, "char-alphabetic?", a); }
Value p_char_numeric(Vm& vm, Value* a, int) { return char_class<is_digit>(vm, "char-numeric?", a); }
Value p_char_whitespace(Vm& vm, Value* a, int) { return char_class<is_space>(vm, "char-whitespace?", a); }
Value p_char_upper(Vm& vm, Value* a, int) { return char_class<is_upper>(vm, "char-upper-case?", a); }
Value p_char_lower(Vm& vm, Value* a, int) { return char_class<is_lower>(vm, "char-lower-case?", a); }

Value p_char_upcase(Vm& vm, Value* a, int) {
  const std::uint32_t c = arg_char(vm, "char-upcase", a, 0);
  return make_char(c < 128 ? static_cast<std::uint32_t>(std::toupper(static_cast<int>(c))) : c);
}
Value p_char_downcase(Vm& vm, Value* a, int) {
  const std::uint32_t c = arg_char(vm, "char-downcase", a, 0);
  return make_char(fold_case(c));
}
Value p_digit_value(Vm& vm, Value* a, int) {
  const std::uint32_t c = arg_char(vm, "digit-value", a, 0);
  return c >= '0' && c <= '9' ? make_fixnum(c - '0') : kFalse;
}

// ---- strings ----

char arg_byte_char(Vm& vm, const char* who, Value* a, int i) {
  const std::uint32_t c = arg_char(vm, who, a, i);
  if (c > 255) type_error(vm, who, i + 1, "a character in 0..255 (strings hold bytes)", a[i]);
  return static_cast<char>(c);
}

Value p_string_p(Vm&, Value* a, int) { return make_bool(is_string(a[0])); }

Value p_make_string(Vm& vm, Value* a, int n) {
  const std::size_t k = arg_size(vm, "make-string", a, 0);
  const char fill = n > 1 ? arg_byte_char(vm, "make-string", a, 1) : ' ';
  return vm.heap().make_string(k, fill);
}

Value p_string(Vm& vm, Value* a, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += arg_byte_char(vm, "string", a, i);
  return new_string(vm, s);
}

Value p_string_length(Vm& vm, Value* a, int) {
  return make_fixnum(static_cast<std::intptr_t>(arg_string(vm, "string-length", a, 0).size()));
}

Value p_string_ref(Vm& vm, Value* a, int) {
  std::string_view s = arg_string(vm, "string-ref", a, 0);
  if (s.empty()) raise_error_kind(vm, "range-error", "string-ref: the string is empty", {a[0], a[1]});
  const std::size_t k = arg_index(vm, "string-ref", a, 1, s.size() - 1);
  return make_char(static_cast<unsigned char>(s[k]));
}

Value p_string_set(Vm& vm, Value* a, int) {
  std::string_view s = arg_string(vm, "string-set!", a, 0);
  if (s.empty()) raise_error_kind(vm, "range-error", "string-set!: the string is empty", {a[0], a[1]});
  const std::size_t k = arg_index(vm, "string-set!", a, 1, s.size() - 1);
  bytes_of(a[0])[k] = arg_byte_char(vm, "string-set!", a, 2);
  return kUnspecified;
}

Value p_substring(Vm& vm, Value* a, int n) {
  std::string_view s = arg_string(vm, "substring", a, 0);
  Range r = arg_range(vm, "substring", a, n, 1, s.size());
  // Copied out first: a view into the middle of a heap string is not an
  // aligned pointer, so it would not pin the string during the allocation.
  const std::string part(s.substr(r.start, r.end - r.start));
  return new_string(vm, part);
}

Value p_string_copy(Vm& vm, Value* a, int n) { return p_substring(vm, a, n); }

Value p_string_append(Vm& vm, Value* a, int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) total += arg_string(vm, "string-append", a, i).size();
  Value result = vm.heap().make_string(total, '\0');
  std::size_t at = 0;
  for (int i = 0; i < n; ++i) {  // args were updated if the allocation moved them
    std::string_view s = string_view_of(a[i]);
    std::memcpy(bytes_of(result) + at, s.data(), s.size());
    at += s.size();
  }
  return result;
}

Value p_string_copy_bang(Vm& vm, Value* a, int n) {
  std::string_view to = arg_string(vm, "string-copy!", a, 0);
  const std::size_t at = arg_index(vm, "string-copy!", a, 1, to.size());
  std::string_view from = arg_string(vm, "string-copy!", a, 2);
  Range r = arg_range(vm, "string-copy!", a, n, 3, from.size());
  if (r.end - r.start > to.size() - at)
    raise_error_kind(vm, "range-error", "string-copy!: not enough room in the destination", {a[0]});
  std::memmove(bytes_of(a[0]) + at, from.data() + r.start, r.end - r.start);
  return kUnspecified;
}

Value p_string_fill(Vm& vm, Value* a, int n) {
  std::string_view s = arg_string(vm, "string-fill!", a, 0);
  const char c = arg_byte_char(vm, "string-fill!", a, 1);
  Range r = arg_range(vm, "string-fill!", a, n, 2, s.size());
  std::memset(bytes_of(a[0]) + r.start, c, r.end - r.start);
  return kUnspecified;
}

template <bool (*ok)(int), bool kFold>
Value string_compare(Vm& vm, const char* who, Value* a, int n) {
  for (int i = 0; i < n; ++i) arg_string(vm, who, a, i);
  for (int i = 0; i + 1 < n; ++i) {
    std::string x(string_view_of(a[i])), y(string_view_of(a[i + 1]));
    if (kFold) {
      for (char& c : x) c = static_cast<char>(fold_case(static_cast<unsigned char>(c)));
      for (char& c : y) c = static_cast<char>(fold_case(static_cast<unsigned char>(c)));
    }
    const int c = x.compare(y);
    if (!ok(c < 0 ? -1 : c > 0 ? 1 : 0)) return kFalse;
  }
  return kTrue;
}
bool s_eq(int c) { return c == 0; }
bool s_lt(int c) { return c < 0; }
bool s_gt(int c) { return c > 0; }
bool s_le(int c) { return c <= 0; }
bool s_ge(int c) { return c >= 0; }
Value p_string_eq(Vm& vm, Value* a, int n) { return string_compare<s_eq, false>(vm, "string=?", a, n); }
Value p_string_lt(Vm& vm, Value* a, int n) { return string_compare<s_lt, false>(vm, "string<?", a, n); }
Value p_string_gt(Vm& vm, Value* a, int n) { return string_compare<s_gt, false>(vm, "string>?", a, n); }
Value p_string_le(Vm& vm, Value* a, int n) { return string_compare<s_le, false>(vm, "string<=?", a, n); }
Value p_string_ge(Vm& vm, Value* a, int n) { return string_compare<s_ge, false>(vm, "string>=?", a, n); }
Value p_string_ci_eq(Vm& vm, Value* a, int n) { return string_compare<s_eq, true>(vm, "string-ci=?", a, n); }

Value p_string_to_list(Vm& vm, Value* a, int n) {
  std::string_view s = arg_string(vm, "string->list", a, 0);
  Range r = arg_range(vm, "string->list", a, n, 1, s.size());
  Value result = kNil;
  for (std::size_t i = r.end; i > r.start; --i)  // cons may move a[0]: index afresh
    result = vm.heap().cons(make_char(static_cast<unsigned char>(bytes_of(a[0])[i - 1])), result);
  return result;
}

Value p_list_to_string(Vm& vm, Value* a, int) {
  std::string s;
  Value list = a[0];
  for (; is_pair(list); list = cdr(list)) {
    Value c = car(list);
    if (!is_char(c) || char_value(c) > 255) type_error(vm, "list->string", 1, "a list of characters", a[0]);
    s += static_cast<char>(char_value(c));
  }
  if (list != kNil) type_error(vm, "list->string", 1, "a proper list", a[0]);
  return new_string(vm, s);
}

Value p_string_to_vector(Vm& vm, Value* a, int n) {
  std::string_view s = arg_string(vm, "string->vector", a, 0);
  Range r = arg_range(vm, "string->vector", a, n, 1, s.size());
  Value v = vm.heap().make_vector(r.end - r.start, kFalse);
  for (std::size_t i = r.start; i < r.end; ++i)
    as<Vector>(v)->items[i - r.start] = make_char(static_cast<unsigned char>(bytes_of(a[0])[i]));
  return v;
}

Value p_vector_to_string(Vm& vm, Value* a, int n) {
  Value v = arg_of_type(vm, "vector->string", a, 0, Type::vector, "a vector");
  Range r = arg_range(vm, "vector->string", a, n, 1, fixnum_value(as<Vector>(v)->length));
  std::string s;
  for (std::size_t i = r.start; i < r.end; ++i) {
    Value c = as<Vector>(v)->items[i];
    if (!is_char(c) || char_value(c) > 255) type_error(vm, "vector->string", 1, "a vector of characters", v);
    s += static_cast<char>(char_value(c));
  }
  return new_string(vm, s);
}

Value change_case(Vm& vm, const char* who, Value* a, bool up) {
  std::string s(arg_string(vm, who, a, 0));
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 128) c = static_cast<char>(up ? std::toupper(u) : std::tolower(u));
  }
  return new_string(vm, s);
}
Value p_string_upcase(Vm& vm, Value* a, int) { return change_case(vm, "string-upcase", a, true); }
Value p_string_downcase(Vm& vm, Value* a, int) { return change_case(vm, "string-downcase", a, false); }

// (string-index s pred-or-char [start end]): the first index matching, or #f.
Value p_string_index(Vm& vm, Value* a, int n) {
  std::string_view s = arg_string(vm, "string-index", a, 0);
  Range r = arg_range(vm, "string-index", a, n, 2, s.size());
  if (is_char(a[1])) {
    for (std::size_t i = r.start; i < r.end; ++i)
      if (static_cast<unsigned char>(s[i]) == char_value(a[1])) return make_fixnum(static_cast<std::intptr_t>(i));
    return kFalse;
  }
  if (!is_procedure(a[1])) type_error(vm, "string-index", 2, "a character or a procedure", a[1]);
  for (std::size_t i = r.start; i < r.end; ++i) {
    // The predicate may allocate: read the byte through a[0] each time.
    const Value c = make_char(static_cast<unsigned char>(bytes_of(a[0])[i]));
    const Value pred = a[1];
    if (vm.apply(pred, {&c, 1}) != kFalse) return make_fixnum(static_cast<std::intptr_t>(i));
  }
  return kFalse;
}

// (string-contains s1 s2): the index of s2 in s1, or #f.
Value p_string_contains(Vm& vm, Value* a, int) {
  std::string_view s = arg_string(vm, "string-contains", a, 0);
  std::string_view t = arg_string(vm, "string-contains", a, 1);
  const auto at = s.find(t);
  return at == std::string_view::npos ? kFalse : make_fixnum(static_cast<std::intptr_t>(at));
}

// (string-search-forward pattern string start) as in MIT Scheme.
Value p_string_search_forward(Vm& vm, Value* a, int) {
  std::string_view pattern = arg_string(vm, "string-search-forward", a, 0);
  std::string_view s = arg_string(vm, "string-search-forward", a, 1);
  const std::size_t start = arg_index(vm, "string-search-forward", a, 2, s.size());
  const auto at = s.find(pattern, start);
  return at == std::string_view::npos ? kFalse : make_fixnum(static_cast<std::intptr_t>(at));
}

Value p_symbol_lt(Vm& vm, Value* a, int n) {
  for (int i = 0; i < n; ++i) arg_of_type(vm, "symbol<?", a, i, Type::symbol, "a symbol");
  for (int i = 0; i + 1 < n; ++i)
    if (!(string_view_of(as<Symbol>(a[i])->name) < string_view_of(as<Symbol>(a[i + 1])->name)))
      return kFalse;
  return kTrue;
}

const PrimitiveSpec kStringPrimitives[] = {
    {"char?", p_char_p, 1, 1},
    {"char->integer", p_char_to_integer, 1, 1},
    {"integer->char", p_integer_to_char, 1, 1},
    {"char=?", p_char_eq, 1, -1},
    {"char<?", p_char_lt, 1, -1},
    {"char>?", p_char_gt, 1, -1},
    {"char<=?", p_char_le, 1, -1},
    {"char>=?", p_char_ge, 1, -1},
    {"char-ci=?", p_char_ci_eq, 1, -1},
    {"char-alphabetic?", p_char_alphabetic, 1, 1},
    {"char-numeric?", p_char_numeric, 1, 1},
    {"char-whitespace?", p_char_whitespace, 1, 1},
    {"char-upper-case?", p_char_upper, 1, 1},
    {"char-lower-case?", p_char_lower, 1, 1},
    {"char-upcase", p_char_upcase, 1, 1},
    {"char-downcase", p_char_downcase, 1, 1},
    {"char-foldcase", p_char_downcase, 1, 1},
    {"digit-value", p_digit_value, 1, 1},
    {"string?", p_string_p, 1, 1},
    {"make-string", p_make_string, 1, 2},
    {"string", p_string, 0, -1},
    {"string-length", p_string_length, 1, 1},
    {"string-ref", p_string_ref, 2, 2},
    {"string-set!", p_string_set, 3, 3},
    {"substring", p_substring, 2, 3},
    {"string-append", p_string_append, 0, -1},
    {"string-copy", p_string_copy, 1, 3},
    {"string-copy!", p_string_copy_bang, 3, 5},
    {"string-fill!", p_string_fill, 2, 4},
    {"string=?", p_string_eq, 1, -1},
    {"string<?", p_string_lt, 1, -1},
    {"string>?", p_string_gt, 1, -1},
    {"string<=?", p_string_le, 1, -1},
    {"string>=?", p_string_ge, 1, -1},
    {"string-ci=?", p_string_ci_eq, 1, -1},
    {"string->list", p_string_to_list, 1, 3},
    {"list->string", p_list_to_string, 1, 1},
    {"string->vector", p_string_to_vector, 1, 3},
    {"vector->string", p_vector_to_string, 1, 3},
    {"string-upcase", p_string_upcase, 1, 1},
    {"string-downcase", p_string_downcase, 1, 1},
    {"string-foldcase", p_string_downcase, 1, 1},
    {"string-index", p_string_index, 2, 4},
    {"string-contains", p_string_contains, 2, 2},
    {"string-search-forward", p_string_search_forward, 3, 3},
    {"symbol<?", p_symbol_lt, 1, -1},
};

}  // namespace

void register_string_builtins(Vm& vm) { vm.define_primitives(kStringPrimitives); }

}  // namespace lisp
