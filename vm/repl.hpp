// repl.hpp: the read-eval-print loop and the pieces mpslisp's modes share:
// evaluating text, printing results, reporting uncaught errors.
#pragma once

#include <cstdio>
#include <string_view>

#include "value.hpp"

namespace lisp {

class Vm;

// Reads stdin to its end.  Interactive: prompts, line editing and history
// (libedit) in ~/.mpslisp_history.  Piped: no prompts; results and errors
// are printed as in the interactive REPL, so transcripts can be compared.
// Errors never end the loop.  Returns the exit status.
int run_repl(Vm& vm, bool interactive);

// Evaluates every datum of `text` (named `source` in backtraces); if
// `print` each result is written to stdout as the REPL does.  Returns false
// after an uncaught error, which has been reported on `errors`.
// `first_line` is the line number of the text's first line.
bool eval_text(Vm& vm, std::string_view text, std::string_view source, bool print,
               std::FILE* errors, int first_line = 1);

// Runs the REPL command line `line` (",gc", ",heap", ...).  Returns false
// for ,quit.
bool run_command(Vm& vm, std::string_view line);

// Prints "error: MESSAGE IRRITANTS" and the Lisp backtrace of an uncaught
// raised object, then resets the interpreter for the next input.
void report_uncaught(Vm& vm, Value payload, std::FILE* out);

// The version compiled in (MPSLISP_VERSION).
const char* mpslisp_version();

// Writes a result as the REPL shows it (nothing for unspecified values,
// one line per value for multiple values).
void print_result(Vm& vm, Value v, std::FILE* out);

}  // namespace lisp
