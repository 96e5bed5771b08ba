// builtins.hpp: the registrars of the native procedures, one per file, and
// the port, reader and printer entry points the interpreter and REPL use.
//
// Native (C++) procedures are the ones that need the representation or must be
// fast; everything that can be written in Lisp is in stdlib/*.scm instead.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "value.hpp"

namespace lisp {

class Vm;

// Each defines its procedures with vm.define_primitives.
void register_number_builtins(Vm& vm);     // builtins_numbers.cpp
void register_list_builtins(Vm& vm);       // builtins_lists.cpp: pairs, lists, eq?/eqv?/equal?, symbols, booleans
void register_string_builtins(Vm& vm);     // builtins_strings.cpp: characters and strings
void register_vector_builtins(Vm& vm);     // builtins_vectors.cpp: vectors and bytevectors
void register_hash_builtins(Vm& vm);       // builtins_hash.cpp
void register_record_builtins(Vm& vm);     // builtins_records.cpp: the procedures define-record-type expands into
void register_port_builtins(Vm& vm);       // builtins_ports.cpp: ports, read, write, display
void register_system_builtins(Vm& vm);     // builtins_system.cpp: exit, time, gc, command-line, ...
void register_control_builtins(Vm& vm);    // builtins_control.cpp: apply, eval, load, errors, call/cc, values, ...

// ---- ports (ports.cpp) ----
Value make_stdio_port(Vm& vm, std::FILE* file, bool output, std::string_view name);  // never closed by finalization
Value open_input_string(Vm& vm, std::string_view text, std::string_view name);
void port_write(Vm& vm, Value port, std::string_view bytes);
void port_flush(Vm& vm, Value port);
int port_read_char(Vm& vm, Value port);  // a byte, or -1 at end of input
int port_peek_char(Vm& vm, Value port);
// Added by A (used by builtins_ports.cpp, and handy for the REPL):
Value open_output_string(Vm& vm);
Value open_file_port(Vm& vm, const std::string& path, bool output);  // raises file-error
std::string port_output_text(Vm& vm, Value port);  // an output string port's text so far
void port_close(Vm& vm, Value port);               // idempotent; never closes stdio
bool is_input_port(Value v);
bool is_output_port(Value v);

// ---- printer (printer.cpp) ----
// `write` style quotes strings and characters; `display` style does not.
// Cycles are not detected (documented); depth is bounded, printing "..." beyond.
void print_value(Vm& vm, Value v, bool write_style, std::string& out);
std::string write_string(Vm& vm, Value v);
std::string display_string(Vm& vm, Value v);
// Added by A: a flonum as Scheme writes it (1.0, 0.5, 1e21, +inf.0, +nan.0),
// the shortest text that reads back as the same double.
std::string format_flonum(double d);

// ---- reader (reader.cpp) ----
// Reads one datum from an input port: kEof at end of input.  A malformed datum
// raises a read-error whose message is "NAME:LINE:COLUMN: what is wrong".
Value read_datum(Vm& vm, Value port);
// The line on which the datum most recently returned by read_datum started.
int last_datum_line(Vm& vm, Value port);
// For the REPL: true if `text` holds only complete data (so it can be
// evaluated), false if a datum is still open (prompt for another line).
bool text_is_complete(std::string_view text);

}  // namespace lisp
