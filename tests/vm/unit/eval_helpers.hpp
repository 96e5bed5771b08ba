// eval_helpers.hpp: evaluating text in a test VM (engineer B's unit tests).
#pragma once

#include <string>
#include <string_view>

#include "builtins.hpp"
#include "compiler.hpp"
#include "errors.hpp"
#include "interpreter.hpp"
#include "vm.hpp"

namespace lisp::test {

inline VmOptions no_stdlib() {
  VmOptions options;
  options.load_stdlib = false;
  return options;
}

// Evaluates every datum of `text`; returns the last value written, or
// "error: MESSAGE" if an error reached the top level.
inline std::string eval(Vm& vm, std::string_view text) {
  try {
    Value port = open_input_string(vm, text, "test");
    Value result = kUnspecified;
    for (Value form = read_datum(vm, port); form != kEof; form = read_datum(vm, port))
      result = vm.eval(form, "test", last_datum_line(vm, port));
    return write_string(vm, result);
  } catch (const LispError& e) {
    Value payload = e.payload;
    vm.interpreter().reset();
    if (has_type(payload, Type::error_object))
      return "error: " + display_string(vm, as<ErrorObject>(payload)->message);
    return "raised: " + write_string(vm, payload);
  }
}

// The disassembly of the procedure `name` after evaluating `definition`.
inline std::string listing(Vm& vm, std::string_view definition, std::string_view name) {
  eval(vm, definition);
  Value f = vm.global(name);
  if (!has_type(f, Type::closure)) return "not a closure";
  return disassemble(vm, as<Closure>(f)->code);
}

}  // namespace lisp::test
