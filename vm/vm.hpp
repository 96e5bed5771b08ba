// vm.hpp: one Lisp virtual machine: its heap, its primitive table, its
// interpreter state, and the entry points the REPL and the builtins use.
#pragma once

#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "errors.hpp"
#include "heap.hpp"
#include "value.hpp"

namespace lisp {

class Vm;
class Interpreter;  // interpreter.hpp

// A native procedure.  `args` points at the arguments on the value stack
// (an exact root), `count` of them, already checked against the arity in the
// spec.  Optional arguments that were not passed are not in `args`.
using PrimitiveFn = Value (*)(Vm& vm, Value* args, int count);

struct PrimitiveSpec {
  const char* name;
  PrimitiveFn fn;
  int min_args;
  int max_args;  // -1: any number
};

struct VmOptions {
  HeapOptions heap;
  std::size_t max_stack_bytes = std::size_t{1} << 30;  // value stack growth limit
  bool load_stdlib = true;
  std::string stdlib_dir;  // empty: the directory compiled in (MPSLISP_STDLIB_DIR)
};

class Vm {
 public:
  // `cold_end`: the address of a local in the caller's outermost frame (main),
  // the cold end of the VM thread's ambiguous stack root.
  Vm(const VmOptions& options, void* cold_end);
  ~Vm();
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  Heap& heap() { return *heap_; }
  Interpreter& interpreter() { return *interpreter_; }

  // Defines each primitive as a global (builtins_*.cpp call this from
  // register_all_builtins).
  void define_primitives(std::span<const PrimitiveSpec> specs);
  const PrimitiveSpec& primitive(std::size_t index) const { return primitives_[index]; }

  // Global variables: the symbol's value slot.
  void define_global(std::string_view name, Value value);
  Value global(std::string_view name);  // kUnbound if not defined

  // Calls a Lisp procedure from C++ (re-enters the interpreter).  Errors
  // propagate as LispError.
  Value apply(Value procedure, std::span<const Value> args);
  // Compiles and runs one datum at top level.
  Value eval(Value form);
  // The same, naming where the datum came from (for backtraces).  [engineer B]
  Value eval(Value form, std::string_view source, int line);
  // Reads and evaluates every datum of a file.  Errors propagate.
  void load(const std::string& path);

  // The current ports (parameters in R7RS terms; here plain settable slots,
  // kept in a root).
  Value current_output() const { return ports_[0]; }
  Value current_input() const { return ports_[1]; }
  Value current_error() const { return ports_[2]; }
  void set_current_output(Value port) { ports_[0] = port; }
  void set_current_input(Value port) { ports_[1] = port; }

  // Command-line arguments as given to the script (for `command-line`).
  std::vector<std::string> arguments;

 private:
  void start(const VmOptions& options);  // the constructor's second half [engineer B]

  std::unique_ptr<Heap> heap_;
  std::unique_ptr<Interpreter> interpreter_;
  std::vector<PrimitiveSpec> primitives_;
  Value ports_[3] = {0, 0, 0};
  mps_root_t ports_root_ = nullptr;
};

// builtins.cpp: defines every builtin (calls each builtins_*.cpp's registrar).
void register_all_builtins(Vm& vm);

}  // namespace lisp
