// main.cpp: the mpslisp program: option parsing and the choice of mode
// (REPL, script, -e), and the VM thread's cold stack end.
//
//   mpslisp                     REPL (line editing on a terminal; none when piped)
//   mpslisp FILE [ARGS...]      run a script; exit status 0, 1 after an uncaught error
//   mpslisp -e EXPR             evaluate EXPR and print its value
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "builtins.hpp"
#include "errors.hpp"
#include "heap.hpp"
#include "interpreter.hpp"
#include "repl.hpp"
#include "vm.hpp"

namespace {

lisp::Vm* g_vm_for_stats = nullptr;  // for --heap-stats when the program calls (exit)

void print_heap_stats() {
  if (g_vm_for_stats != nullptr) g_vm_for_stats->heap().print_summary(stderr);
}

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: mpslisp [OPTIONS] [FILE [ARGS...]]\n"
               "       mpslisp [OPTIONS] -e EXPR\n"
               "A bytecode Lisp whose objects live in Memory Pool System pools.\n"
               "With no FILE: a REPL (line editing on a terminal, none on piped input).\n"
               "  -e EXPR               evaluate EXPR and print its value\n"
               "  --stress              collector stress mode (a collection at every refill)\n"
               "  --heap-stats          print collector statistics at exit (on stderr)\n"
               "  --no-stdlib           do not load the standard library\n"
               "  --commit-limit BYTES  limit the heap's committed memory\n"
               "  --help, --version\n");
}

// Never inlined into main: the cold end must be in a frame above every
// frame that holds Values (docs/vm.md, the cold-end rule).
[[gnu::noinline]] int run(int argc, char** argv, void* cold_end) {
  lisp::VmOptions options;
  bool heap_stats = false;
  const char* expr = nullptr;
  int i = 1;
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      usage(stdout);
      return 0;
    } else if (arg == "--version") {
      std::printf("mpslisp %s\n", lisp::mpslisp_version());
      return 0;
    } else if (arg == "--stress") {
      options.heap.stress = true;
    } else if (arg == "--heap-stats") {
      heap_stats = true;
    } else if (arg == "--no-stdlib") {
      options.load_stdlib = false;
    } else if (arg == "--commit-limit" && i + 1 < argc) {
      char* end = nullptr;
      options.heap.commit_limit = std::strtoull(argv[++i], &end, 10);
      if (end == nullptr || *end != '\0') {
        std::fprintf(stderr, "mpslisp: bad --commit-limit %s\n", argv[i]);
        return 2;
      }
    } else if (arg == "-e" && i + 1 < argc) {
      expr = argv[++i];
    } else if (arg == "--") {
      ++i;
      break;
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::fprintf(stderr, "mpslisp: unknown option %s\n", arg.c_str());
      usage(stderr);
      return 2;
    } else {
      break;
    }
  }

  try {
    lisp::Vm vm(options, cold_end);
    if (heap_stats) {
      g_vm_for_stats = &vm;
      std::atexit(print_heap_stats);
    }
    for (int k = i; k < argc; ++k) vm.arguments.push_back(argv[k]);
    int status = 0;
    if (expr != nullptr) {
      status = lisp::eval_text(vm, expr, "-e", true, stderr) ? 0 : 1;
    } else if (i < argc) {
      try {
        vm.load(argv[i]);
        lisp::port_flush(vm, vm.current_output());
      } catch (lisp::LispError& e) {
        lisp::Value payload = e.payload;
        lisp::report_uncaught(vm, payload, stderr);
        status = 1;
      } catch (lisp::CatchThrow&) {
        std::fprintf(stderr, "error: guard no longer active\n");
        status = 1;
      } catch (lisp::ContinuationThrow&) {
        std::fprintf(stderr, "error: continuation no longer active\n");
        status = 1;
      }
    } else {
      status = lisp::run_repl(vm, isatty(STDIN_FILENO) != 0);
    }
    if (heap_stats) {
      vm.heap().print_summary(stderr);
      g_vm_for_stats = nullptr;
    }
    return status;
  } catch (lisp::LispError& e) {
    // An error while starting (the prelude or the standard library).
    std::fprintf(stderr, "mpslisp: error while starting up (in the standard library?)\n");
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // The cold end of the VM thread's ambiguous stack root: everything the VM
  // does happens in frames below this one.
  void* cold_end = &cold_end;
  return run(argc, argv, &cold_end);
}
