// builtins_control.cpp: control primitives: apply, eval, load, errors and
// handlers (error, raise, raise-continuable, with-exception-handler, the
// %catch that guard expands into), escape-only continuations, dynamic-wind,
// multiple values, procedure?.
//
// call/cc is escape-only: a continuation may be invoked only while the
// call/cc that made it is still running; invoking it unwinds the C++ and
// value stacks to that call/cc (a C++ exception, ContinuationThrow), running
// dynamic-wind `after` thunks on the way.  Afterwards it is dead and calling
// it is an error.  guard (%catch) unwinds the same way (CatchThrow).
#include <string>

#include "builtins.hpp"
#include "compiler.hpp"
#include "errors.hpp"
#include "heap.hpp"
#include "interpreter.hpp"
#include "vm.hpp"

namespace lisp {
namespace {

void check_procedure(Vm& vm, const char* who, Value* args, int i) {
  if (!is_procedure(args[i])) type_error(vm, who, i + 1, "a procedure", args[i]);
}

// Only reached through Vm::apply: the interpreter spreads apply's list
// itself for calls from Lisp (so apply keeps tail calls proper).
Value prim_apply(Vm& vm, Value* args, int count) {
  check_procedure(vm, "apply", args, 0);
  Heap& heap = vm.heap();
  // Build the argument list, then a Values-layout vector of it: a heap
  // object referenced from this frame, so pinned while apply reads it.
  Value list = args[count - 1];
  for (int i = count - 2; i >= 1; --i) list = heap.cons(args[i], list);
  std::size_t n = 0;
  Value l = list;
  for (; is_pair(l); l = cdr(l)) ++n;
  if (l != kNil) type_error(vm, "apply", count, "a list", args[count - 1]);
  Value spread = heap.make_vector(n, kFalse);
  l = list;
  for (std::size_t i = 0; i < n; ++i, l = cdr(l)) as<Vector>(spread)->items[i] = car(l);
  return vm.apply(args[0], std::span<const Value>(as<Vector>(spread)->items, n));
}

Value prim_eval(Vm& vm, Value* args, int) { return vm.eval(args[0]); }

Value prim_load(Vm& vm, Value* args, int) {
  if (!is_string(args[0])) type_error(vm, "load", 1, "a string", args[0]);
  auto* s = as<String>(args[0]);
  vm.load(std::string(s->bytes, s->length));
  return kUnspecified;
}

Value prim_interaction_environment(Vm&, Value*, int) { return kFalse; }

Value prim_error(Vm& vm, Value* args, int count) {
  Heap& heap = vm.heap();
  Value irritants = kNil;
  for (int i = count - 1; i >= 1; --i) irritants = heap.cons(args[i], irritants);
  Value message = args[0];
  if (!is_string(message)) {
    // (error 'who "message" ...) and other non-string messages: keep them readable.
    message = heap.make_string(display_string(vm, message));
  }
  Value e = heap.make_error_object(heap.intern("error"), message, irritants);
  return vm.interpreter().raise(e, false);
}

Value prim_raise(Vm& vm, Value* args, int) { return vm.interpreter().raise(args[0], false); }

Value prim_raise_continuable(Vm& vm, Value* args, int) {
  return vm.interpreter().raise(args[0], true);
}

Value prim_with_exception_handler(Vm& vm, Value* args, int) {
  check_procedure(vm, "with-exception-handler", args, 0);
  check_procedure(vm, "with-exception-handler", args, 1);
  Interpreter& in = vm.interpreter();
  Value saved = in.handlers();
  Value installed = vm.heap().cons(args[0], saved);
  in.set_handlers(installed);
  // On an unwind the target restores the handlers it saved; nothing to do here.
  Value result = vm.apply(args[1], {});
  in.set_handlers(saved);
  return result;
}

// (%catch thunk handler): guard's runtime.  Runs thunk; if an object is
// raised inside it and reaches this activation, unwinds to here and returns
// (handler object).
Value prim_catch(Vm& vm, Value* args, int) {
  check_procedure(vm, "%catch", args, 0);
  check_procedure(vm, "%catch", args, 1);
  Interpreter& in = vm.interpreter();
  Value thunk = args[0], handler = args[1];
  const std::intptr_t id = in.next_activation_id();
  Value saved_handlers = in.handlers();
  Value saved_winders = in.winders();
  Value installed = vm.heap().cons(make_fixnum(id), saved_handlers);
  in.set_handlers(installed);
  Value payload;
  try {
    Value result = vm.apply(thunk, {});
    in.set_handlers(saved_handlers);
    return result;
  } catch (CatchThrow& t) {
    if (t.id != id) throw;
    payload = in.pending();
  } catch (LispError& e) {
    // An error that was never offered to the handlers (it was raised while
    // the interpreter could not dispatch it, e.g. out of memory while
    // recording its backtrace): this guard is the innermost catcher.
    payload = e.payload;
  }
  in.set_handlers(saved_handlers);
  in.unwind_to(saved_winders);
  in.after_unwind();
  Value arg[1] = {payload};
  return vm.apply(handler, arg);
}

Value prim_error_object_p(Vm&, Value* args, int) {
  return make_bool(has_type(args[0], Type::error_object));
}

Value check_error_object(Vm& vm, const char* who, Value* args) {
  if (!has_type(args[0], Type::error_object)) type_error(vm, who, 1, "an error object", args[0]);
  return args[0];
}

Value prim_error_object_message(Vm& vm, Value* args, int) {
  return as<ErrorObject>(check_error_object(vm, "error-object-message", args))->message;
}

Value prim_error_object_irritants(Vm& vm, Value* args, int) {
  return as<ErrorObject>(check_error_object(vm, "error-object-irritants", args))->irritants;
}

Value prim_error_object_kind(Vm& vm, Value* args, int) {
  return as<ErrorObject>(check_error_object(vm, "error-object-kind", args))->kind;
}

bool error_kind_is(Value v, std::string_view kind) {
  return has_type(v, Type::error_object) && is_symbol(as<ErrorObject>(v)->kind) &&
         symbol_name(as<ErrorObject>(v)->kind) == kind;
}

Value prim_read_error_p(Vm&, Value* args, int) { return make_bool(error_kind_is(args[0], "read-error")); }
Value prim_file_error_p(Vm&, Value* args, int) { return make_bool(error_kind_is(args[0], "file-error")); }

Value prim_call_cc(Vm& vm, Value* args, int) {
  check_procedure(vm, "call-with-current-continuation", args, 0);
  Interpreter& in = vm.interpreter();
  Value proc = args[0];
  const std::intptr_t id = in.next_activation_id();
  Value k = vm.heap().make_continuation(id);
  Value saved_handlers = in.handlers();
  Value saved_winders = in.winders();
  Value result;
  try {
    Value arg[1] = {k};
    result = vm.apply(proc, arg);
    as<Continuation>(k)->live = kFalse;
    return result;
  } catch (ContinuationThrow& t) {
    as<Continuation>(k)->live = kFalse;
    if (t.id != id) throw;
    result = in.pending();
  } catch (...) {
    as<Continuation>(k)->live = kFalse;
    throw;
  }
  in.set_handlers(saved_handlers);
  in.unwind_to(saved_winders);
  in.after_unwind();
  return result;
}

Value prim_dynamic_wind(Vm& vm, Value* args, int) {
  for (int i = 0; i < 3; ++i) check_procedure(vm, "dynamic-wind", args, i);
  Interpreter& in = vm.interpreter();
  Value before = args[0], thunk = args[1], after = args[2];
  vm.apply(before, {});
  Value saved = in.winders();
  Value entry = vm.heap().cons(before, after);
  Value winders = vm.heap().cons(entry, saved);
  in.set_winders(winders);
  // An unwind through here runs `after` from the unwind target (unwind_to).
  Value result = vm.apply(thunk, {});
  in.set_winders(saved);
  vm.apply(after, {});
  return result;
}

Value prim_values(Vm& vm, Value* args, int count) {
  if (count == 1) return args[0];
  Value v = vm.heap().make_values(count);
  for (int i = 0; i < count; ++i) as<Vector>(v)->items[i] = args[i];
  return v;
}

Value prim_call_with_values(Vm& vm, Value* args, int) {
  check_procedure(vm, "call-with-values", args, 0);
  check_procedure(vm, "call-with-values", args, 1);
  Value consumer = args[1];
  Value produced = vm.apply(args[0], {});
  if (has_type(produced, Type::values)) {
    // `produced` is referenced from this frame, so it is pinned while apply
    // copies its items onto the value stack.
    auto n = static_cast<std::size_t>(fixnum_value(as<Vector>(produced)->length));
    return vm.apply(consumer, std::span<const Value>(as<Vector>(produced)->items, n));
  }
  Value arg[1] = {produced};
  return vm.apply(consumer, arg);
}

Value prim_procedure_p(Vm&, Value* args, int) { return make_bool(is_procedure(args[0])); }

// (%arity-ok? procedure n): whether the procedure accepts n arguments.
Value prim_arity_ok(Vm& vm, Value* args, int) {
  if (!is_fixnum(args[1])) type_error(vm, "%arity-ok?", 2, "an integer", args[1]);
  std::intptr_t n = fixnum_value(args[1]);
  Value p = args[0];
  if (has_type(p, Type::closure)) {
    auto* code = as<Code>(as<Closure>(p)->code);
    std::intptr_t arity = fixnum_value(code->arity);
    return make_bool(code->rest == kTrue ? n >= arity : n == arity);
  }
  if (has_type(p, Type::primitive)) {
    auto* prim = as<Primitive>(p);
    std::intptr_t lo = fixnum_value(prim->min_args), hi = fixnum_value(prim->max_args);
    return make_bool(n >= lo && (hi < 0 || n <= hi));
  }
  return make_bool(has_type(p, Type::continuation));
}

// (disassemble procedure): prints the bytecode of a compiled procedure.
Value prim_disassemble(Vm& vm, Value* args, int) {
  if (!has_type(args[0], Type::closure)) type_error(vm, "disassemble", 1, "a compiled procedure", args[0]);
  std::string text = disassemble(vm, as<Closure>(args[0])->code);
  port_write(vm, vm.current_output(), text);
  return kUnspecified;
}

constexpr PrimitiveSpec kControlPrimitives[] = {
    {"apply", prim_apply, 2, -1},
    {"eval", prim_eval, 1, 2},
    {"load", prim_load, 1, 2},
    {"interaction-environment", prim_interaction_environment, 0, 0},
    {"error", prim_error, 1, -1},
    {"raise", prim_raise, 1, 1},
    {"%reraise", prim_raise, 1, 1},
    {"raise-continuable", prim_raise_continuable, 1, 1},
    {"with-exception-handler", prim_with_exception_handler, 2, 2},
    {"%catch", prim_catch, 2, 2},
    {"error-object?", prim_error_object_p, 1, 1},
    {"error-object-message", prim_error_object_message, 1, 1},
    {"error-object-irritants", prim_error_object_irritants, 1, 1},
    {"error-object-kind", prim_error_object_kind, 1, 1},
    {"read-error?", prim_read_error_p, 1, 1},
    {"file-error?", prim_file_error_p, 1, 1},
    {"call-with-current-continuation", prim_call_cc, 1, 1},
    {"call/cc", prim_call_cc, 1, 1},
    {"call-with-escape-continuation", prim_call_cc, 1, 1},
    {"dynamic-wind", prim_dynamic_wind, 3, 3},
    {"values", prim_values, 0, -1},
    {"call-with-values", prim_call_with_values, 2, 2},
    {"procedure?", prim_procedure_p, 1, 1},
    {"%arity-ok?", prim_arity_ok, 2, 2},
    {"disassemble", prim_disassemble, 1, 1},
};

}  // namespace

void register_control_builtins(Vm& vm) { vm.define_primitives(kControlPrimitives); }

}  // namespace lisp
