// errors.hpp: how C++ code signals a Lisp error.
//
// Builtins and the heap throw LispError carrying a Lisp value (an ErrorObject
// made by make_error, or any value given to `raise`).  The interpreter catches
// it at the nearest `guard` / `with-exception-handler` frame, or at the top
// level, where the REPL prints the message and a Lisp backtrace and goes on
// and a script exits with status 1.  C++ exceptions never cross into the mps
// library (it is not involved in any C++ frame that a LispError unwinds).
#pragma once

#include <initializer_list>
#include <string>

#include "value.hpp"

namespace lisp {

class Vm;

struct LispError {
  Value payload;  // ErrorObject or any raised value
  bool continuable = false;  // raised by raise-continuable
};

// Throws LispError with an ErrorObject of kind `error`.
[[noreturn]] void raise_error(Vm& vm, std::string_view message,
                              std::initializer_list<Value> irritants = {});
// Same, with a kind symbol: "type-error", "read-error", "file-error",
// "range-error", "arity-error", "unbound-variable", "overflow",
// "heap-exhausted", "stack-overflow".
[[noreturn]] void raise_error_kind(Vm& vm, std::string_view kind, std::string_view message,
                                   std::initializer_list<Value> irritants = {});
// "car: argument 1 must be a pair, got 5"
[[noreturn]] void type_error(Vm& vm, std::string_view procedure, int argument,
                             std::string_view expected, Value got);

}  // namespace lisp
