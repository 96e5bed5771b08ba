// builtin_support.hpp: argument checking shared by the builtins_*.cpp files
// (engineer A's).  Each helper raises a type-error or range-error naming the
// procedure and the argument (1-based) when the argument is wrong.
#pragma once

#include <string>
#include <string_view>

#include "builtins.hpp"
#include "vm.hpp"

namespace lisp {

inline std::intptr_t arg_fixnum(Vm& vm, const char* who, Value* args, int i) {
  if (!is_fixnum(args[i])) type_error(vm, who, i + 1, "an integer", args[i]);
  return fixnum_value(args[i]);
}

// A non-negative fixnum no bigger than `limit` (an index or a length).
inline std::size_t arg_index(Vm& vm, const char* who, Value* args, int i, std::size_t limit) {
  const std::intptr_t n = arg_fixnum(vm, who, args, i);
  if (n < 0 || static_cast<std::size_t>(n) > limit)
    raise_error_kind(vm, "range-error",
                     std::string(who) + ": argument " + std::to_string(i + 1) + " out of range 0.." +
                         std::to_string(limit) + ", got " + std::to_string(n),
                     {args[i]});
  return static_cast<std::size_t>(n);
}

// A non-negative fixnum used as a size.
inline std::size_t arg_size(Vm& vm, const char* who, Value* args, int i) {
  const std::intptr_t n = arg_fixnum(vm, who, args, i);
  if (n < 0) type_error(vm, who, i + 1, "a non-negative integer", args[i]);
  return static_cast<std::size_t>(n);
}

inline Value arg_of_type(Vm& vm, const char* who, Value* args, int i, Type type,
                         const char* expected) {
  if (!has_type(args[i], type)) type_error(vm, who, i + 1, expected, args[i]);
  return args[i];
}

inline std::string_view string_view_of(Value s) {
  const auto* str = as<String>(s);
  return {str->bytes, static_cast<std::size_t>(str->length)};
}

inline std::string_view arg_string(Vm& vm, const char* who, Value* args, int i) {
  return string_view_of(arg_of_type(vm, who, args, i, Type::string, "a string"));
}

inline std::uint32_t arg_char(Vm& vm, const char* who, Value* args, int i) {
  if (!is_char(args[i])) type_error(vm, who, i + 1, "a character", args[i]);
  return char_value(args[i]);
}

// Optional [start end) arguments at args[i], args[i+1] over a sequence of
// `length`, as in (string-copy s start end).  Defaults: 0 and length.
struct Range {
  std::size_t start;
  std::size_t end;
};
inline Range arg_range(Vm& vm, const char* who, Value* args, int count, int i, std::size_t length) {
  Range r{0, length};
  if (count > i) r.start = arg_index(vm, who, args, i, length);
  if (count > i + 1) r.end = arg_index(vm, who, args, i + 1, length);
  if (r.start > r.end)
    raise_error_kind(vm, "range-error", std::string(who) + ": start is after end",
                     {args[i], args[i + 1]});
  return r;
}

// The length of a proper list, or -1 if `v` is not one (improper or cyclic).
inline std::intptr_t list_length(Value v) {
  std::intptr_t n = 0;
  Value slow = v;
  while (is_pair(v)) {
    v = cdr(v);
    ++n;
    if ((n & 1) == 0) {
      slow = cdr(slow);
      if (slow == v && is_pair(v)) return -1;
    }
  }
  return v == kNil ? n : -1;
}

inline Value make_string_value(Vm& vm, std::string_view s) { return vm.heap().make_string(s); }

}  // namespace lisp
