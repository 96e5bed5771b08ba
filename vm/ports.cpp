// ports.cpp: input and output ports (layout in value.hpp): file ports over a
// FILE*, string ports over a String in the heap, and the standard streams.
// Input ports count lines and columns for the reader's error messages.
//
// GC notes: a port's Value is kept in a local (pinned) by every function
// here, and an output string port's buffer is replaced, never resized in
// place: the old buffer's Value is held in a local while it is copied.
#include <cerrno>
#include <cstring>

#include "builtins.hpp"
#include "vm.hpp"

namespace lisp {

namespace {

constexpr std::size_t kInitialStringPortCapacity = 64;

PortKind kind_of(Value port) { return static_cast<PortKind>(fixnum_value(as<Port>(port)->kind)); }
std::FILE* file_of(Value port) { return reinterpret_cast<std::FILE*>(as<Port>(port)->file); }

void check_open(Vm& vm, Value port, const char* what) {
  if (as<Port>(port)->open != kTrue) raise_error(vm, std::string(what) + ": the port is closed", {port});
}

// Advances the line / column counters past byte `c`.
void count_position(Value port, int c) {
  auto* p = as<Port>(port);
  if (c == '\n') {
    p->line = make_fixnum(fixnum_value(p->line) + 1);
    p->column = make_fixnum(0);
  } else {
    p->column = make_fixnum(fixnum_value(p->column) + 1);
  }
}

}  // namespace

bool is_input_port(Value v) {
  if (!has_type(v, Type::port)) return false;
  PortKind k = kind_of(v);
  return k == PortKind::input_file || k == PortKind::input_string;
}

bool is_output_port(Value v) {
  if (!has_type(v, Type::port)) return false;
  PortKind k = kind_of(v);
  return k == PortKind::output_file || k == PortKind::output_string;
}

Value make_stdio_port(Vm& vm, std::FILE* file, bool output, std::string_view name) {
  Heap& heap = vm.heap();
  Value name_string = heap.make_string(name);
  // Made without a FILE so that make_port does not register it for
  // finalization (the standard streams are never closed); the FILE goes in
  // afterwards.
  Value port = heap.make_port(output ? PortKind::output_file : PortKind::input_file, name_string,
                              nullptr, kFalse);
  as<Port>(port)->file = reinterpret_cast<Raw>(file);
  return port;
}

Value open_input_string(Vm& vm, std::string_view text, std::string_view name) {
  Heap& heap = vm.heap();
  Value buffer = heap.make_string(text);
  Value name_string = heap.make_string(name);
  return heap.make_port(PortKind::input_string, name_string, nullptr, buffer);
}

Value open_output_string(Vm& vm) {
  Heap& heap = vm.heap();
  Value buffer = heap.make_string(kInitialStringPortCapacity, '\0');
  Value name_string = heap.make_string("string");
  return heap.make_port(PortKind::output_string, name_string, nullptr, buffer);
}

Value open_file_port(Vm& vm, const std::string& path, bool output) {
  Heap& heap = vm.heap();
  Value name_string = heap.make_string(path);  // before fopen: allocation may throw
  std::FILE* file = std::fopen(path.c_str(), output ? "w" : "r");
  if (file == nullptr) {
    const int err = errno;
    raise_error_kind(vm, "file-error",
                     std::string("cannot open ") + (output ? "output" : "input") + " file \"" + path +
                         "\": " + std::strerror(err),
                     {name_string});
  }
  try {
    return heap.make_port(output ? PortKind::output_file : PortKind::input_file, name_string, file,
                          kFalse);
  } catch (...) {
    std::fclose(file);  // the port was never made, so nothing else will close it
    throw;
  }
}

void port_write(Vm& vm, Value port, std::string_view bytes) {
  check_open(vm, port, "write");
  if (kind_of(port) == PortKind::output_file) {
    std::fwrite(bytes.data(), 1, bytes.size(), file_of(port));
    return;
  }
  if (kind_of(port) != PortKind::output_string) raise_error(vm, "write: not an output port", {port});
  const std::size_t fill = static_cast<std::size_t>(fixnum_value(as<Port>(port)->position));
  Value buffer = as<Port>(port)->buffer;
  std::size_t capacity = as<String>(buffer)->length;
  if (fill + bytes.size() > capacity) {
    while (capacity < fill + bytes.size()) capacity *= 2;
    Value bigger = vm.heap().make_string(capacity, '\0');  // `buffer` is pinned meanwhile
    std::memcpy(as<String>(bigger)->bytes, as<String>(buffer)->bytes, fill);
    as<Port>(port)->buffer = bigger;
    buffer = bigger;
  }
  std::memcpy(as<String>(buffer)->bytes + fill, bytes.data(), bytes.size());
  as<Port>(port)->position = make_fixnum(static_cast<std::intptr_t>(fill + bytes.size()));
}

std::string port_output_text(Vm& vm, Value port) {
  if (!has_type(port, Type::port) || kind_of(port) != PortKind::output_string)
    raise_error(vm, "get-output-string: not an output string port", {port});
  const auto* buffer = as<String>(as<Port>(port)->buffer);
  return std::string(buffer->bytes, static_cast<std::size_t>(fixnum_value(as<Port>(port)->position)));
}

void port_flush(Vm& vm, Value port) {
  check_open(vm, port, "flush-output-port");
  if (kind_of(port) == PortKind::output_file) std::fflush(file_of(port));
}

void port_close(Vm&, Value port) {
  auto* p = as<Port>(port);
  if (p->open != kTrue) return;
  std::FILE* file = file_of(port);
  if (file == stdout || file == stderr) {
    std::fflush(file);  // the standard streams stay usable: closing only marks the port
  } else if (file != nullptr && file != stdin) {
    std::fclose(file);
  }
  p->file = 0;
  p->open = kFalse;
}

int port_read_char(Vm& vm, Value port) {
  check_open(vm, port, "read-char");
  int c;
  if (kind_of(port) == PortKind::input_file) {
    c = std::getc(file_of(port));
    if (c == EOF) {
      std::clearerr(file_of(port));  // so a terminal can be read again after ^D
      return -1;
    }
  } else if (kind_of(port) == PortKind::input_string) {
    const auto* buffer = as<String>(as<Port>(port)->buffer);
    const std::intptr_t pos = fixnum_value(as<Port>(port)->position);
    if (static_cast<std::size_t>(pos) >= buffer->length) return -1;
    c = static_cast<unsigned char>(buffer->bytes[pos]);
    as<Port>(port)->position = make_fixnum(pos + 1);
  } else {
    raise_error(vm, "read-char: not an input port", {port});
  }
  count_position(port, c);
  return c;
}

int port_peek_char(Vm& vm, Value port) {
  check_open(vm, port, "peek-char");
  if (kind_of(port) == PortKind::input_file) {
    const int c = std::getc(file_of(port));
    if (c == EOF) {
      std::clearerr(file_of(port));
      return -1;
    }
    std::ungetc(c, file_of(port));
    return c;
  }
  if (kind_of(port) == PortKind::input_string) {
    const auto* buffer = as<String>(as<Port>(port)->buffer);
    const std::intptr_t pos = fixnum_value(as<Port>(port)->position);
    if (static_cast<std::size_t>(pos) >= buffer->length) return -1;
    return static_cast<unsigned char>(buffer->bytes[pos]);
  }
  raise_error(vm, "peek-char: not an input port", {port});
}

}  // namespace lisp
