// builtins_system.cpp: exit, clocks, the collector (gc, heap-stats,
// stress-mode?), the command line and the environment.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "builtin_support.hpp"

namespace lisp {

namespace {

// (exit [status]): #t or no argument is success, #f failure, an integer is
// the status.  Every C stream is flushed and closed by std::exit, so output
// written to file ports the program did not close still reaches the disk.
Value p_exit(Vm& vm, Value* a, int n) {
  int status = 0;
  if (n > 0) {
    if (a[0] == kTrue) status = 0;
    else if (a[0] == kFalse) status = 1;
    else status = static_cast<int>(arg_fixnum(vm, "exit", a, 0) & 0xff);
  }
  if (has_type(vm.current_output(), Type::port)) port_flush(vm, vm.current_output());
  std::fflush(nullptr);
  std::exit(status);
}

double seconds_since_epoch() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::intptr_t monotonic_microseconds() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

Value p_current_time(Vm& vm, Value*, int) { return vm.heap().make_flonum(seconds_since_epoch()); }

// Seconds of processor time, as a flonum (MIT Scheme's runtime).
Value p_runtime(Vm& vm, Value*, int) {
  return vm.heap().make_flonum(static_cast<double>(std::clock()) / CLOCKS_PER_SEC);
}

Value p_current_jiffy(Vm&, Value*, int) { return make_fixnum(monotonic_microseconds()); }
Value p_jiffies_per_second(Vm&, Value*, int) { return make_fixnum(1000000); }

Value p_gc(Vm& vm, Value*, int) {
  vm.heap().collect_full();
  return kUnspecified;
}

// (stress-mode?): whether the collector is in stress mode, so that heavy
// tests can pick sizes that still cross many collections but finish.
Value p_stress_mode(Vm& vm, Value*, int) { return make_bool(vm.heap().stress_mode()); }

Value p_heap_stats(Vm& vm, Value*, int) {
  if (has_type(vm.current_output(), Type::port)) port_flush(vm, vm.current_output());
  vm.heap().print_summary(stdout);
  std::fflush(stdout);
  return kUnspecified;
}

Value p_command_line(Vm& vm, Value*, int) {
  Value result = kNil;
  for (auto it = vm.arguments.rbegin(); it != vm.arguments.rend(); ++it) {
    Value s = vm.heap().make_string(*it);
    result = vm.heap().cons(s, result);
  }
  return result;
}

Value p_get_environment_variable(Vm& vm, Value* a, int) {
  const std::string name(arg_string(vm, "get-environment-variable", a, 0));
  const char* value = std::getenv(name.c_str());
  return value == nullptr ? kFalse : vm.heap().make_string(value);
}

Value p_void(Vm&, Value*, int) { return kUnspecified; }

const PrimitiveSpec kSystemPrimitives[] = {
    {"exit", p_exit, 0, 1},
    {"current-time", p_current_time, 0, 0},
    {"current-second", p_current_time, 0, 0},
    {"runtime", p_runtime, 0, 0},
    {"current-jiffy", p_current_jiffy, 0, 0},
    {"jiffies-per-second", p_jiffies_per_second, 0, 0},
    {"gc", p_gc, 0, 0},
    {"heap-stats", p_heap_stats, 0, 0},
    {"stress-mode?", p_stress_mode, 0, 0},
    {"command-line", p_command_line, 0, 0},
    {"get-environment-variable", p_get_environment_variable, 1, 1},
    {"void", p_void, 0, -1},
};

}  // namespace

void register_system_builtins(Vm& vm) { vm.define_primitives(kSystemPrimitives); }

}  // namespace lisp
