// errors.cpp: building the ErrorObject a builtin raises and throwing it as a
// LispError (see errors.hpp).
#include "errors.hpp"

#include <string>

#include "builtins.hpp"
#include "vm.hpp"

namespace lisp {

namespace {

// Printed irritants are cut short in messages so one huge value cannot make
// an unreadable (or enormous) error message.
constexpr std::size_t kMaxPrintedValue = 200;

}  // namespace

void raise_error_kind(Vm& vm, std::string_view kind, std::string_view message,
                      std::initializer_list<Value> irritants) {
  Heap& heap = vm.heap();
  // The irritants are in the initializer list's array on the C++ stack, and
  // every Value below is a local: all pinned while we allocate.
  Value list = kNil;
  for (auto it = irritants.end(); it != irritants.begin();) list = heap.cons(*--it, list);
  Value text = heap.make_string(message);
  Value kind_symbol = heap.intern(kind);
  throw LispError{heap.make_error_object(kind_symbol, text, list)};
}

void raise_error(Vm& vm, std::string_view message, std::initializer_list<Value> irritants) {
  raise_error_kind(vm, "error", message, irritants);
}

void type_error(Vm& vm, std::string_view procedure, int argument, std::string_view expected,
                Value got) {
  std::string printed = write_string(vm, got);
  if (printed.size() > kMaxPrintedValue) printed = printed.substr(0, kMaxPrintedValue) + "...";
  std::string message(procedure);
  message += ": argument " + std::to_string(argument) + " must be " + std::string(expected) +
             ", got " + printed;
  raise_error_kind(vm, "type-error", message);
}

}  // namespace lisp
