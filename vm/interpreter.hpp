// interpreter.hpp: the bytecode interpreter: the value stack (an exact root
// that grows on demand), the dispatch loop, calls and tail calls, the
// exception-handler and dynamic-wind stacks, escape-only continuations and
// Lisp backtraces.
//
// Lisp calls never recurse on the C++ stack: a call pushes a frame on the
// value stack and the loop goes on.  Only re-entry from C++ (Vm::apply, used
// by primitives such as call/cc, dynamic-wind, guard, hash-table-walk)
// recurses, and its depth is limited (a stack-overflow Lisp error).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

#include "bytecode.hpp"
#include "mps.h"
#include "value.hpp"
#include "vm.hpp"

namespace lisp {

class Vm;

// Thrown to unwind the C++ stack to the guard (%catch) activation `id`; the
// raised object is in the interpreter's pending slot (a root), since C++
// exception memory is not scanned.
struct CatchThrow {
  std::intptr_t id;
};

// Thrown to unwind to the call/cc activation `id`; the values passed to the
// continuation are in the interpreter's pending slot.
struct ContinuationThrow {
  std::intptr_t id;
};

class Interpreter {
 public:
  Interpreter(Vm& vm, std::size_t max_stack_bytes);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // Calls `procedure` with `args` (Vm::apply).  Re-enters the loop.
  Value apply(Value procedure, std::span<const Value> args);

  // ---- exceptions (builtins_control.cpp uses these) ----
  // Offers `payload` to the innermost handler.  With a with-exception-handler
  // handler: calls it (outer handlers installed meanwhile); for a continuable
  // raise returns its result, otherwise raises a secondary error.  With a
  // guard: unwinds to it (CatchThrow).  With none: throws LispError to the
  // top level.
  Value raise(Value payload, bool continuable);
  // The innermost-first list of handlers: procedures (with-exception-handler)
  // and fixnum ids (guard activations).
  Value handlers() const { return roots_[kHandlers]; }
  void set_handlers(Value list) { roots_[kHandlers] = list; }
  // The dynamic-wind list: innermost first, each (before . after).
  Value winders() const { return roots_[kWinders]; }
  void set_winders(Value list) { roots_[kWinders] = list; }
  // Runs the `after` thunks of the winders above `target` (an older list).
  void unwind_to(Value target);
  Value pending() const { return roots_[kPending]; }
  void set_pending(Value v) { roots_[kPending] = v; }
  std::intptr_t next_activation_id() { return ++activation_counter_; }

  // After an uncaught error: the Lisp backtrace recorded where it was raised
  // (a list of strings, innermost first).
  Value last_backtrace() const { return roots_[kBacktrace]; }
  // Back to an empty stack and no handlers, after an error reached the top level.
  void reset();
  // After a guard or continuation caught an unwind: restores the normal
  // stack limit if a stack overflow lent the handler reserve.
  void after_unwind();
  // The primitive table index of `apply`, which the loop handles itself.
  void find_apply_primitive();

  // ---- compiler state kept here because it must be rooted ----
  Value macro_vector() const { return roots_[kMacros]; }
  void set_macro_vector(Value v) { roots_[kMacros] = v; }
  std::unordered_map<std::string, std::size_t> macro_index;
  std::uint64_t alias_counter = 0;

  std::size_t stack_depth() const { return sp_; }
  std::size_t apply_depth() const { return apply_depth_; }

 private:
  enum RootSlot { kHandlers, kWinders, kPending, kBacktrace, kLastPayload, kMacros, kRootCount };

  // The dispatch loop, entered at the closure at stack_[fp_-1] with `argc`
  // arguments above it; returns when that frame returns to C++.
  Value run(int argc);
  Value call_other(Value procedure, int argc);  // primitives and continuations
  [[noreturn]] void arity_error(Value procedure, int given);
  [[noreturn]] void stack_overflow();
  Value make_backtrace();
  void record_backtrace(Value payload);
  Value rest_list(std::size_t first, std::size_t count);  // allocates
  PrimitiveFn inline_slow_fn(Op op);

  static mps_res_t scan_stack(mps_ss_t ss, void* p, std::size_t s);

  Vm& vm_;
  // The value stack: [0, sp_) are live Values (scanned exactly); slots 0..2
  // are a dummy frame header so that fp_ 0 can mean "no frame".
  Value* stack_ = nullptr;
  std::size_t capacity_ = 0;  // in words
  std::size_t max_words_ = 0;
  std::size_t limit_ = 0;  // calls fail with stack-overflow beyond this (a reserve above it for handlers)
  std::size_t sp_ = 0;  // first free slot
  std::size_t fp_ = 0;  // current frame base (0: none)
  mps_root_t stack_root_ = nullptr;
  Value roots_[kRootCount];
  mps_root_t roots_root_ = nullptr;
  std::intptr_t activation_counter_ = 0;
  std::size_t apply_depth_ = 0;
  std::uintptr_t c_stack_base_ = 0;  // a C++ stack address near the VM's outermost frame
  std::size_t c_stack_budget_ = 0;   // bytes of C++ stack re-entry may use
  std::intptr_t apply_index_ = -1;
  // Functions of the primitives behind the inline opcodes, by opcode.
  PrimitiveFn inline_fns_[kOpCount] = {};
};

}  // namespace lisp
