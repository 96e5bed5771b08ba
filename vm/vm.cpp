// vm.cpp: the Vm: creates the heap, the interpreter and the standard ports,
// registers the builtins, evaluates the prelude (the few runtime helpers the
// compiler's derived forms call) and loads the standard library.
#include "vm.hpp"

#include <fstream>
#include <sstream>

#include "builtins.hpp"
#include "compiler.hpp"
#include "interpreter.hpp"
#include "repl.hpp"

#ifndef MPSLISP_STDLIB_DIR
#define MPSLISP_STDLIB_DIR "stdlib"
#endif

namespace lisp {

namespace {

// Runtime helpers for parameterize, delay and case-lambda (derived_forms.cpp).
// The stdlib may redefine delay/force with its own macros; these are what a
// VM started with --no-stdlib uses.
constexpr const char* kPrelude = R"scheme(
(define (make-parameter value . converter)
  (let* ((convert (if (null? converter) (lambda (x) x) (car converter)))
         (current (convert value)))
    (lambda args
      (cond ((null? args) current)
            ((eq? (car args) '%param-set!) (set! current (car (cdr args))))
            ((eq? (car args) '%param-convert) (convert (car (cdr args))))
            (else (set! current (car args)))))))
(define (%parameterize params values body)
  (let loop ((ps params) (vs values) (new '()))
    (if (null? ps)
        (let ((new (reverse new)) (old #f))
          (define (swap! list)
            (let swap ((ps params) (vs list) (saved '()))
              (if (null? ps)
                  (reverse saved)
                  (let ((previous ((car ps))))
                    ((car ps) '%param-set! (car vs))
                    (swap (cdr ps) (cdr vs) (cons previous saved))))))
          (dynamic-wind (lambda () (set! old (swap! new)))
                        body
                        (lambda () (set! new (swap! old)))))
        (loop (cdr ps) (cdr vs) (cons ((car ps) '%param-convert (car vs)) new)))))
(define %promise-type (%make-record-type 'promise '#(done value)))
(define (%make-lazy-promise thunk) (%record %promise-type #f thunk))
(define (%make-eager-promise value) (%record %promise-type #t value))
(define (promise? x) (%record? x %promise-type))
(define (make-promise x) (if (promise? x) x (%make-eager-promise x)))
(define (force p)
  (if (promise? p)
      (let loop ()
        (if (%record-ref p %promise-type 0)
            (%record-ref p %promise-type 1)
            (let ((next ((%record-ref p %promise-type 1))))
              (if (not (%record-ref p %promise-type 0))
                  (if (promise? next)
                      (begin (%record-set! p %promise-type 0 (%record-ref next %promise-type 0))
                             (%record-set! p %promise-type 1 (%record-ref next %promise-type 1)))
                      (begin (%record-set! p %promise-type 0 #t)
                             (%record-set! p %promise-type 1 next))))
              (loop))))
      p))
(define (%case-lambda . procs)
  (lambda args
    (let ((n (length args)))
      (let loop ((ps procs))
        (cond ((null? ps) (error "case-lambda: no clause accepts the arguments" args))
              ((%arity-ok? (car ps) n) (apply (car ps) args))
              (else (loop (cdr ps))))))))
)scheme";

}  // namespace

Vm::Vm(const VmOptions& options, void* cold_end) {
  heap_ = std::make_unique<Heap>(options.heap, cold_end);
  for (Value& p : ports_) p = kFalse;
  ports_root_ = heap_->register_root(ports_, 3);
  interpreter_ = std::make_unique<Interpreter>(*this, options.max_stack_bytes);
  try {
    start(options);
  } catch (...) {
    // The destructor will not run: release the roots before the heap goes.
    interpreter_.reset();
    heap_->unregister_root(ports_root_);
    throw;
  }
}

void Vm::start(const VmOptions& options) {
  ports_[0] = make_stdio_port(*this, stdout, true, "stdout");
  ports_[1] = make_stdio_port(*this, stdin, false, "stdin");
  ports_[2] = make_stdio_port(*this, stderr, true, "stderr");
  register_all_builtins(*this);
  interpreter_->find_apply_primitive();
  std::string dir = options.stdlib_dir.empty() ? std::string(MPSLISP_STDLIB_DIR) : options.stdlib_dir;
  define_global("*stdlib-dir*", heap_->make_string(dir));
  Value prelude = open_input_string(*this, kPrelude, "prelude");
  for (;;) {
    Value form = read_datum(*this, prelude);
    if (form == kEof) break;
    eval(form, "prelude", last_datum_line(*this, prelude));
  }
  if (options.load_stdlib) {
    // A broken stdlib should not make the VM unusable: report and go on.
    try {
      load(dir + "/init.scm");
    } catch (LispError& e) {
      Value payload = e.payload;
      std::fprintf(stderr, "mpslisp: error while loading the standard library:\n");
      report_uncaught(*this, payload, stderr);
    }
  }
}

Vm::~Vm() {
  if (ports_[0] != kFalse) port_flush(*this, ports_[0]);
  if (ports_[2] != kFalse) port_flush(*this, ports_[2]);
  interpreter_.reset();
  heap_->unregister_root(ports_root_);
  heap_.reset();
}

void Vm::define_primitives(std::span<const PrimitiveSpec> specs) {
  for (const PrimitiveSpec& spec : specs) {
    std::size_t index = primitives_.size();
    primitives_.push_back(spec);
    Value name = heap_->intern(spec.name);
    Value p = heap_->make_primitive(index, name, spec.min_args, spec.max_args);
    as<Symbol>(name)->value = p;
  }
}

void Vm::define_global(std::string_view name, Value value) {
  Value symbol = heap_->intern(name);
  as<Symbol>(symbol)->value = value;
}

Value Vm::global(std::string_view name) {
  Value symbol = heap_->intern(name);
  return as<Symbol>(symbol)->value;
}

Value Vm::apply(Value procedure, std::span<const Value> args) {
  return interpreter_->apply(procedure, args);
}

Value Vm::eval(Value form) { return eval(form, "", 0); }

Value Vm::eval(Value form, std::string_view source, int line) {
  Value code = compile_toplevel(*this, form, source, line);
  Value closure = heap_->make_closure(code, 0);
  Value result = interpreter_->apply(closure, {});
  heap_->poll_messages();
  return result;
}

void Vm::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Value name = heap_->make_string(path);
    raise_error_kind(*this, "file-error", "load: cannot open file", {name});
  }
  std::ostringstream text;
  text << in.rdbuf();
  Value port = open_input_string(*this, text.str(), path);
  for (;;) {
    Value form = read_datum(*this, port);
    if (form == kEof) break;
    eval(form, path, last_datum_line(*this, port));
  }
}

}  // namespace lisp
