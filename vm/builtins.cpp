// builtins.cpp: register_all_builtins, which defines every native procedure
// by calling each builtins_*.cpp file's registrar.
#include "builtins.hpp"

#include "vm.hpp"

namespace lisp {

void register_all_builtins(Vm& vm) {
  register_number_builtins(vm);
  register_list_builtins(vm);
  register_string_builtins(vm);
  register_vector_builtins(vm);
  register_hash_builtins(vm);
  register_record_builtins(vm);
  register_port_builtins(vm);
  register_system_builtins(vm);
  register_control_builtins(vm);
}

}  // namespace lisp
