// test_interpreter.cpp: the interpreter: calls and proper tail calls, deep
// recursion on the growing value stack, fixnum overflow, errors and their
// handlers, escape-only continuations, dynamic-wind, apply, and all of it
// surviving collections.
#include <doctest/doctest.h>

#include "eval_helpers.hpp"

using namespace lisp;
using lisp::test::eval;
using lisp::test::no_stdlib;

TEST_CASE("interpreter arithmetic fast path and overflow") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(eval(vm, "(list (+ 1 2) (- 1 5) (* -3 4) (< 1 2) (>= 1 2) (= 3 3) (zero? 0))") ==
        "(3 -4 -12 #t #f #t #t)");
  CHECK(eval(vm, "(+ 4611686018427387903 1)").rfind("error:", 0) == 0);
  CHECK(eval(vm, "(- -4611686018427387904 1)").rfind("error:", 0) == 0);
  CHECK(eval(vm, "(* 4611686018427387903 2)").rfind("error:", 0) == 0);
  CHECK(eval(vm, "(+ 1.5 1)") == "2.5");
  CHECK(eval(vm, "(car 5)") == "error: car: argument 1 must be a pair, got 5");
}

TEST_CASE("interpreter proper tail calls and deep recursion") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(eval(vm, "(define (loop n) (if (= n 0) 'done (loop (- n 1)))) (loop 3000000)") == "done");
  CHECK(eval(vm, "(define (ev n) (if (= n 0) #t (od (- n 1)))) (define (od n) (if (= n 0) #f (ev (- n 1)))) (ev 1000001)") == "#f");
  CHECK(eval(vm, "(define (via-apply n) (if (= n 0) 'ok (apply via-apply (list (- n 1))))) (via-apply 1000000)") == "ok");
  CHECK(eval(vm, "(define (f n) (if (= n 0) 0 (+ 1 (f (- n 1))))) (f 1000000)") == "1000000");
}

TEST_CASE("interpreter stack overflow is a Lisp error and the VM recovers") {
  int cold = 0;
  VmOptions options = no_stdlib();
  options.max_stack_bytes = 8 << 20;
  Vm vm(options, &cold);
  CHECK(eval(vm, "(define (f n) (+ 1 (f n))) (f 1)").rfind("error: stack overflow", 0) == 0);
  CHECK(eval(vm, "(guard (e (#t 'caught)) (f 1))") == "caught");
  CHECK(eval(vm, "(+ 1 2)") == "3");
}

TEST_CASE("interpreter arity and unbound variable errors") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(eval(vm, "(define (two a b) a) (two 1)") ==
        "error: two: wrong number of arguments: expected 2, got 1");
  CHECK(eval(vm, "(no-such-variable)") == "error: unbound variable:");
  CHECK(eval(vm, "(5 1)") == "error: not a procedure");
}

TEST_CASE("interpreter exception handlers") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(eval(vm, "(with-exception-handler (lambda (e) (* e 2)) (lambda () (+ 1 (raise-continuable 20))))") == "41");
  CHECK(eval(vm, "(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (list 'handled e))) (lambda () (car 1)))))")
            .rfind("(handled", 0) == 0);
  CHECK(eval(vm, "(with-exception-handler (lambda (e) 1) (lambda () (raise 'x)))") ==
        "error: exception handler returned from a non-continuable raise");
  // Nested guards: the inner one re-raises what it does not handle.
  CHECK(eval(vm, "(guard (e ((string? e) 'outer)) (guard (e ((symbol? e) 'inner)) (raise \"s\")))") == "outer");
  CHECK(eval(vm, "(guard (e (#t (error-object-irritants e))) (error \"m\" 1 'two))") == "(1 two)");
}

TEST_CASE("interpreter escape-only continuations and dynamic-wind") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(eval(vm, "(+ 1 (call/cc (lambda (k) (+ 10 (k 5)))))") == "6");
  CHECK(eval(vm, "(call/cc (lambda (k) 7))") == "7");
  CHECK(eval(vm, "(define saved #f) (call/cc (lambda (k) (set! saved k) 1)) (saved 2)") ==
        "error: continuation no longer valid (continuations are escape-only)");
  CHECK(eval(vm, "(define log '()) (define (note x) (set! log (cons x log)))"
                 "(call/cc (lambda (k) (dynamic-wind (lambda () (note 'in)) (lambda () (k 1) (note 'no)) (lambda () (note 'out)))))"
                 "log") == "(out in)");
  CHECK(eval(vm, "(set! log '()) (guard (e (#t (note 'handler))) (dynamic-wind (lambda () (note 'in)) (lambda () (raise 'x)) (lambda () (note 'out)))) log") ==
        "(handler out in)");
  CHECK(eval(vm, "(call-with-values (lambda () (call/cc (lambda (k) (k 1 2)))) list)") == "(1 2)");
}

TEST_CASE("interpreter closures and globals survive collections") {
  int cold = 0;
  VmOptions options = no_stdlib();
  options.heap.stress = true;
  Vm vm(options, &cold);
  CHECK(eval(vm, "(define (make-counter) (let ((n 0)) (lambda () (set! n (+ n 1)) n)))"
                 "(define c (make-counter))"
                 "(define (build n acc) (if (= n 0) acc (build (- n 1) (cons (vector n (c)) acc))))"
                 "(define l (build 2000 '()))"
                 "(list (length l) (vector-ref (car l) 0) (c))") == "(2000 1 2001)");
  CHECK(eval(vm, "(apply + 1 2 '(3 4))") == "10");
  CHECK(eval(vm, "(eval '(let ((x 2)) (* x x)))") == "4");
}
