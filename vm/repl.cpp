// repl.cpp: the read-eval-print loop (libedit line editing and history when
// on a terminal), the REPL commands, and error reporting for every mode.
#include "repl.hpp"

#include <editline/readline.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "builtins.hpp"
#include "compiler.hpp"
#include "errors.hpp"
#include "heap.hpp"
#include "interpreter.hpp"
#include "vm.hpp"

namespace lisp {

namespace {

const char* const kTypeNames[kTypeCount] = {
    "?",        "pair",   "vector", "symbol",       "closure",   "code",  "primitive",
    "box",      "record", "record-type", "hash-table", "port", "error-object", "continuation",
    "values",   "string", "flonum", "bytevector",   "forward",   "pad1",  "pad",
};

std::string history_path() {
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.mpslisp_history" : std::string();
}

void flush_output(Vm& vm) {
  port_flush(vm, vm.current_output());
  std::fflush(stdout);
}

}  // namespace

const char* mpslisp_version() { return MPSLISP_VERSION; }

void print_result(Vm& vm, Value v, std::FILE* out) {
  if (v == kUnspecified) return;
  if (has_type(v, Type::values)) {
    auto n = fixnum_value(as<Vector>(v)->length);
    for (std::intptr_t i = 0; i < n; ++i) {
      Value item = as<Vector>(v)->items[i];
      std::fprintf(out, "%s\n", write_string(vm, item).c_str());
    }
    return;
  }
  std::string text = write_string(vm, v);
  std::fprintf(out, "%s\n", text.c_str());
}

void report_uncaught(Vm& vm, Value payload, std::FILE* out) {
  flush_output(vm);
  std::string text = "error: ";
  // An error object carries its own backtrace (none if it was raised
  // outside the interpreter, e.g. by the reader); for other raised objects
  // the interpreter remembers the last one.
  Value backtrace = vm.interpreter().last_backtrace();
  if (has_type(payload, Type::error_object)) {
    backtrace = as<ErrorObject>(payload)->backtrace;
    auto* e = as<ErrorObject>(payload);
    text += display_string(vm, e->message);
    for (Value l = as<ErrorObject>(payload)->irritants; is_pair(l); l = cdr(l)) {
      text += " ";
      text += write_string(vm, car(l));
    }
  } else {
    text += "uncaught raise: " + write_string(vm, payload);
  }
  std::fprintf(out, "%s\n", text.c_str());
  for (Value l = backtrace; is_pair(l); l = cdr(l))
    std::fprintf(out, "  %s\n", display_string(vm, car(l)).c_str());
  std::fflush(out);
  vm.interpreter().reset();
}

bool eval_text(Vm& vm, std::string_view text, std::string_view source, bool print,
               std::FILE* errors, int first_line) {
  try {
    Value port = open_input_string(vm, text, source);
    as<Port>(port)->line = make_fixnum(first_line);  // so lines count from the session's start
    for (;;) {
      Value form = read_datum(vm, port);
      if (form == kEof) break;
      Value result = vm.eval(form, source, last_datum_line(vm, port));
      if (print) {
        flush_output(vm);
        print_result(vm, result, stdout);
      }
    }
    flush_output(vm);
    return true;
  } catch (LispError& e) {
    Value payload = e.payload;
    report_uncaught(vm, payload, errors);
  } catch (CatchThrow&) {
    std::fprintf(errors, "error: guard no longer active\n");
    vm.interpreter().reset();
  } catch (ContinuationThrow&) {
    std::fprintf(errors, "error: continuation no longer active\n");
    vm.interpreter().reset();
  }
  return false;
}

bool run_command(Vm& vm, std::string_view line) {
  std::string_view command = line.substr(0, line.find_first_of(" \t"));
  std::string_view rest = command.size() < line.size() ? line.substr(command.size() + 1) : "";
  Heap& heap = vm.heap();
  if (command == ",quit" || command == ",q") return false;
  if (command == ",gc") {
    heap.collect_full();
    heap.report_last_gc(stdout);
  } else if (command == ",heap") {
    heap.print_summary(stdout);
    TypeStats stats = heap.walk_stats();
    std::printf("%-14s %10s %12s\n", "type", "objects", "bytes");
    for (int t = 0; t < kTypeCount; ++t) {
      if (stats.objects[t] == 0) continue;
      std::printf("%-14s %10zu %12zu\n", kTypeNames[t], stats.objects[t], stats.bytes[t]);
    }
  } else if (command == ",time") {
    auto start = std::chrono::steady_clock::now();
    eval_text(vm, rest, "repl", true, stdout);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("; %.6f s\n", took.count());
  } else if (command == ",help") {
    std::printf(
        ",gc         run a full collection and print the sizes it reported\n"
        ",heap       pools, committed memory, live objects and bytes per type\n"
        ",time EXPR  evaluate EXPR and print how long it took\n"
        ",help       this list\n"
        ",quit       leave (also end of input, or (exit))\n");
  } else {
    std::printf("unknown command %.*s (try ,help)\n", static_cast<int>(command.size()), command.data());
  }
  std::fflush(stdout);
  return true;
}

int run_repl(Vm& vm, bool interactive) {
  std::string history = history_path();
  if (interactive) {
    std::printf("mpslisp %s: a Lisp on the Memory Pool System.  ,help for commands.\n",
                MPSLISP_VERSION);
    using_history();
    if (!history.empty()) read_history(history.c_str());
  }
  std::string text;
  int line_no = 0;     // lines read so far
  int text_start = 1;  // line number of text's first line
  for (;;) {
    std::string line;
    if (interactive) {
      char* raw = readline(text.empty() ? "> " : "... ");
      if (raw == nullptr) {
        std::printf("\n");
        break;
      }
      line = raw;
      std::free(raw);
      if (!line.empty()) {
        add_history(line.c_str());
        if (!history.empty()) write_history(history.c_str());
      }
    } else if (!std::getline(std::cin, line)) {
      break;
    }
    ++line_no;
    if (text.empty()) {
      text_start = line_no;
      std::size_t start = line.find_first_not_of(" \t");
      if (start != std::string::npos && line[start] == ',') {
        if (!run_command(vm, std::string_view(line).substr(start))) return 0;
        continue;
      }
    }
    text += line;
    text += '\n';
    if (!text_is_complete(text)) continue;
    eval_text(vm, text, "repl", true, stdout, text_start);
    text.clear();
  }
  // Input ended inside an unfinished datum: report it like any reader error.
  if (text.find_first_not_of(" \t\n") != std::string::npos)
    eval_text(vm, text, "repl", true, stdout, text_start);
  return 0;
}

}  // namespace lisp
