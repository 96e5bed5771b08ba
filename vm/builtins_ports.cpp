// builtins_ports.cpp: the port procedures: opening and closing, reading
// characters, lines and data, writing and displaying, string ports, the
// current ports, and a few file-system queries.  The ports themselves are in
// ports.cpp.
#include <cstdio>
#include <sys/select.h>
#include <unistd.h>

#include "builtin_support.hpp"

namespace lisp {

namespace {

Value check_port(Vm& vm, const char* who, Value* a, int i) {
  return arg_of_type(vm, who, a, i, Type::port, "a port");
}

// The optional port argument at a[i]: an input (or output) port, defaulting
// to the current one.
Value input_port_arg(Vm& vm, const char* who, Value* a, int n, int i) {
  if (n <= i) return vm.current_input();
  if (!is_input_port(a[i])) type_error(vm, who, i + 1, "an input port", a[i]);
  return a[i];
}
Value output_port_arg(Vm& vm, const char* who, Value* a, int n, int i) {
  if (n <= i) return vm.current_output();
  if (!is_output_port(a[i])) type_error(vm, who, i + 1, "an output port", a[i]);
  return a[i];
}

Value p_input_port_p(Vm&, Value* a, int) { return make_bool(is_input_port(a[0])); }
Value p_output_port_p(Vm&, Value* a, int) { return make_bool(is_output_port(a[0])); }
Value p_port_p(Vm&, Value* a, int) { return make_bool(has_type(a[0], Type::port)); }

Value p_open_input_file(Vm& vm, Value* a, int) {
  return open_file_port(vm, std::string(arg_string(vm, "open-input-file", a, 0)), false);
}
Value p_open_output_file(Vm& vm, Value* a, int) {
  return open_file_port(vm, std::string(arg_string(vm, "open-output-file", a, 0)), true);
}

Value p_close_port(Vm& vm, Value* a, int) {
  port_close(vm, check_port(vm, "close-port", a, 0));
  return kUnspecified;
}

Value p_open_input_string(Vm& vm, Value* a, int) {
  const std::string text(arg_string(vm, "open-input-string", a, 0));  // copied: see builtin_support
  return open_input_string(vm, text, "string");
}
Value p_open_output_string(Vm& vm, Value*, int) { return open_output_string(vm); }
Value p_get_output_string(Vm& vm, Value* a, int) {
  const std::string text = port_output_text(vm, check_port(vm, "get-output-string", a, 0));
  return vm.heap().make_string(text);
}

Value char_or_eof(int c) { return c < 0 ? kEof : make_char(static_cast<unsigned char>(c)); }

Value p_read_char(Vm& vm, Value* a, int n) {
  return char_or_eof(port_read_char(vm, input_port_arg(vm, "read-char", a, n, 0)));
}
Value p_peek_char(Vm& vm, Value* a, int n) {
  return char_or_eof(port_peek_char(vm, input_port_arg(vm, "peek-char", a, n, 0)));
}

Value p_read_line(Vm& vm, Value* a, int n) {
  Value port = input_port_arg(vm, "read-line", a, n, 0);
  std::string line;
  int c = port_read_char(vm, port);
  if (c < 0) return kEof;
  while (c >= 0 && c != '\n') {
    line += static_cast<char>(c);
    c = port_read_char(vm, port);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return vm.heap().make_string(line);
}

// (read-string k [port]) as in R7RS.
Value p_read_string(Vm& vm, Value* a, int n) {
  const std::size_t k = arg_size(vm, "read-string", a, 0);
  Value port = input_port_arg(vm, "read-string", a, n, 1);
  std::string s;
  while (s.size() < k) {
    const int c = port_read_char(vm, port);
    if (c < 0) break;
    s += static_cast<char>(c);
  }
  if (s.empty() && k > 0) return kEof;
  return vm.heap().make_string(s);
}

Value p_char_ready_p(Vm& vm, Value* a, int n) {
  Value port = input_port_arg(vm, "char-ready?", a, n, 0);
  const auto* p = as<Port>(port);
  if (static_cast<PortKind>(fixnum_value(p->kind)) != PortKind::input_file || p->open != kTrue) return kTrue;
  auto* file = reinterpret_cast<std::FILE*>(p->file);
  if (file != stdin) return kTrue;  // regular files never block
  fd_set set;
  FD_ZERO(&set);
  FD_SET(0, &set);
  timeval zero{0, 0};
  return make_bool(select(1, &set, nullptr, nullptr, &zero) > 0);
}

Value p_read(Vm& vm, Value* a, int n) { return read_datum(vm, input_port_arg(vm, "read", a, n, 0)); }

Value print_to(Vm& vm, const char* who, Value* a, int n, bool write_style) {
  Value port = output_port_arg(vm, who, a, n, 1);
  std::string text;
  print_value(vm, a[0], write_style, text);
  port_write(vm, port, text);
  return kUnspecified;
}
Value p_write(Vm& vm, Value* a, int n) { return print_to(vm, "write", a, n, true); }
Value p_display(Vm& vm, Value* a, int n) { return print_to(vm, "display", a, n, false); }

Value p_newline(Vm& vm, Value* a, int n) {
  port_write(vm, output_port_arg(vm, "newline", a, n, 0), "\n");
  return kUnspecified;
}

Value p_write_char(Vm& vm, Value* a, int n) {
  const std::uint32_t c = arg_char(vm, "write-char", a, 0);
  std::string text;
  print_value(vm, a[0], false, text);
  (void)c;
  port_write(vm, output_port_arg(vm, "write-char", a, n, 1), text);
  return kUnspecified;
}

// (write-string s [port start end])
Value p_write_string(Vm& vm, Value* a, int n) {
  std::string_view s = arg_string(vm, "write-string", a, 0);
  Value port = output_port_arg(vm, "write-string", a, n, 1);
  Range r = arg_range(vm, "write-string", a, n, 2, s.size());
  // Copied: writing to a string port may allocate (and move a[0]).
  const std::string text(s.substr(r.start, r.end - r.start));
  port_write(vm, port, text);
  return kUnspecified;
}

Value p_write_u8(Vm& vm, Value* a, int n) {
  const std::intptr_t b = arg_fixnum(vm, "write-u8", a, 0);
  if (b < 0 || b > 255) type_error(vm, "write-u8", 1, "a byte (0..255)", a[0]);
  const char c = static_cast<char>(b);
  port_write(vm, output_port_arg(vm, "write-u8", a, n, 1), std::string_view(&c, 1));
  return kUnspecified;
}

Value p_current_output_port(Vm& vm, Value*, int) { return vm.current_output(); }
Value p_current_input_port(Vm& vm, Value*, int) { return vm.current_input(); }
Value p_current_error_port(Vm& vm, Value*, int) { return vm.current_error(); }

Value p_flush_output_port(Vm& vm, Value* a, int n) {
  port_flush(vm, output_port_arg(vm, "flush-output-port", a, n, 0));
  return kUnspecified;
}

Value p_eof_object(Vm&, Value*, int) { return kEof; }
Value p_eof_object_p(Vm&, Value* a, int) { return make_bool(a[0] == kEof); }

// (with-output-to-string thunk): the text the thunk writes to the current
// output port.  The previous port is restored even if the thunk raises.
Value p_with_output_to_string(Vm& vm, Value* a, int) {
  if (!is_procedure(a[0])) type_error(vm, "with-output-to-string", 1, "a procedure", a[0]);
  Value port = open_output_string(vm);
  Value saved = vm.current_output();
  vm.set_current_output(port);
  try {
    vm.apply(a[0], {});
  } catch (...) {
    vm.set_current_output(saved);
    throw;
  }
  vm.set_current_output(saved);
  return vm.heap().make_string(port_output_text(vm, port));
}

// (call-with-output-string proc): proc is called with a fresh string port.
Value p_call_with_output_string(Vm& vm, Value* a, int) {
  if (!is_procedure(a[0])) type_error(vm, "call-with-output-string", 1, "a procedure", a[0]);
  Value port = open_output_string(vm);
  vm.apply(a[0], {&port, 1});
  return vm.heap().make_string(port_output_text(vm, port));
}

Value p_file_exists_p(Vm& vm, Value* a, int) {
  const std::string path(arg_string(vm, "file-exists?", a, 0));
  return make_bool(access(path.c_str(), F_OK) == 0);
}

Value p_delete_file(Vm& vm, Value* a, int) {
  const std::string path(arg_string(vm, "delete-file", a, 0));
  if (std::remove(path.c_str()) != 0)
    raise_error_kind(vm, "file-error", "delete-file: cannot delete \"" + path + "\"", {a[0]});
  return kUnspecified;
}

const PrimitiveSpec kPortPrimitives[] = {
    {"input-port?", p_input_port_p, 1, 1},
    {"output-port?", p_output_port_p, 1, 1},
    {"port?", p_port_p, 1, 1},
    {"textual-port?", p_port_p, 1, 1},
    {"binary-port?", p_port_p, 1, 1},
    {"input-port-open?", [](Vm&, Value* a, int) { return make_bool(is_input_port(a[0]) && as<Port>(a[0])->open == kTrue); }, 1, 1},
    {"output-port-open?", [](Vm&, Value* a, int) { return make_bool(is_output_port(a[0]) && as<Port>(a[0])->open == kTrue); }, 1, 1},
    {"open-input-file", p_open_input_file, 1, 1},
    {"open-output-file", p_open_output_file, 1, 1},
    {"close-port", p_close_port, 1, 1},
    {"close-input-port", p_close_port, 1, 1},
    {"close-output-port", p_close_port, 1, 1},
    {"open-input-string", p_open_input_string, 1, 1},
    {"open-output-string", p_open_output_string, 0, 0},
    {"get-output-string", p_get_output_string, 1, 1},
    {"read-char", p_read_char, 0, 1},
    {"peek-char", p_peek_char, 0, 1},
    {"read-line", p_read_line, 0, 1},
    {"read-string", p_read_string, 1, 2},
    {"char-ready?", p_char_ready_p, 0, 1},
    {"read", p_read, 0, 1},
    {"write", p_write, 1, 2},
    {"write-shared", p_write, 1, 2},
    {"write-simple", p_write, 1, 2},
    {"display", p_display, 1, 2},
    {"newline", p_newline, 0, 1},
    {"write-char", p_write_char, 1, 2},
    {"write-string", p_write_string, 1, 4},
    {"write-u8", p_write_u8, 1, 2},
    {"current-output-port", p_current_output_port, 0, 0},
    {"current-input-port", p_current_input_port, 0, 0},
    {"current-error-port", p_current_error_port, 0, 0},
    {"flush-output-port", p_flush_output_port, 0, 1},
    {"force-output", p_flush_output_port, 0, 1},
    {"eof-object", p_eof_object, 0, 0},
    {"eof-object?", p_eof_object_p, 1, 1},
    {"with-output-to-string", p_with_output_to_string, 1, 1},
    {"call-with-output-string", p_call_with_output_string, 1, 1},
    {"file-exists?", p_file_exists_p, 1, 1},
    {"delete-file", p_delete_file, 1, 1},
};

}  // namespace

void register_port_builtins(Vm& vm) { vm.define_primitives(kPortPrimitives); }

}  // namespace lisp
