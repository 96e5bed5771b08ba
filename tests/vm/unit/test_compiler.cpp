// test_compiler.cpp: the compiler: the code it generates (tail calls,
// inlined primitives, boxes only for captured assigned variables), special
// and derived forms, syntax-rules and its hygiene, syntax errors.
#include <doctest/doctest.h>

#include "eval_helpers.hpp"

using namespace lisp;
using lisp::test::eval;
using lisp::test::listing;
using lisp::test::no_stdlib;

TEST_CASE("compiler emits tail calls only in tail positions") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  std::string code = listing(vm, "(define (f g x) (g (g x)))", "f");
  CHECK(code.find("TAIL_CALL 1") != std::string::npos);
  CHECK(code.find(" CALL 1") != std::string::npos);
  code = listing(vm, "(define (h x) (if x (h #f) (begin (h 1) 2)))", "h");
  CHECK(code.find("TAIL_CALL") != std::string::npos);
  CHECK(code.find(" CALL 1") != std::string::npos);
}

TEST_CASE("compiler inlines arithmetic unless the name is bound locally") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(listing(vm, "(define (f a b) (+ a b))", "f").find("ADD") != std::string::npos);
  std::string shadowed = listing(vm, "(define (g + b) (+ b b))", "g");
  CHECK(shadowed.find("ADD") == std::string::npos);
  CHECK(eval(vm, "(g (lambda (x y) (list x y)) 3)") == "(3 3)");
}

TEST_CASE("compiler boxes only captured assigned variables") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(listing(vm, "(define (f x) (lambda () x))", "f").find("BOX") == std::string::npos);
  CHECK(listing(vm, "(define (g x) (set! x 1) x)", "g").find("BOX") == std::string::npos);
  CHECK(listing(vm, "(define (h x) (lambda () (set! x (+ x 1)) x))", "h").find("BOX_LOCAL") !=
        std::string::npos);
  CHECK(eval(vm, "(define c (h 10)) (c) (c)") == "12");
}

TEST_CASE("compiler special forms") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(eval(vm, "(let loop ((i 0) (acc '())) (if (= i 3) acc (loop (+ i 1) (cons i acc))))") == "(2 1 0)");
  CHECK(eval(vm, "(let* ((a 1) (b (+ a 1))) (list a b))") == "(1 2)");
  CHECK(eval(vm, "(letrec ((ev? (lambda (n) (if (= n 0) #t (od? (- n 1))))) (od? (lambda (n) (if (= n 0) #f (ev? (- n 1)))))) (ev? 100))") == "#t");
  CHECK(eval(vm, "(do ((i 0 (+ i 1)) (s 0 (+ s i))) ((= i 5) s))") == "10");
  CHECK(eval(vm, "(cond ((assv 2 '((1 . a) (2 . b))) => cdr) (else 'no))") == "b");
  CHECK(eval(vm, "(case (* 2 3) ((2 3 5 7) 'prime) ((1 4 6 8 9) 'composite))") == "composite");
  CHECK(eval(vm, "(case \"x\" ((\"x\") 'string) (else => (lambda (k) k)))") == "\"x\"");
  CHECK(eval(vm, "(list (and) (and 1 2) (or) (or #f 3) (when #t 1) (unless #f 2))") == "(#t 2 #f 3 1 2)");
  CHECK(eval(vm, "(define (f) (define a 1) (define (g) (* a 10)) (g)) (f)") == "10");
  CHECK(eval(vm, "((lambda (a . rest) (list a rest)) 1 2 3)") == "(1 (2 3))");
  CHECK(eval(vm, "((lambda args args))") == "()");
  CHECK(eval(vm, "(define ((adder n) x) (+ n x)) ((adder 2) 3)") == "5");
}

TEST_CASE("compiler quasiquote") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(eval(vm, "(let ((x 1) (l '(2 3))) `(a ,x ,@l b))") == "(a 1 2 3 b)");
  CHECK(eval(vm, "`#(1 ,(+ 1 1))") == "#(1 2)");
  // R7RS 4.2.8: the innermost unquote is at level 0 and is replaced by its value.
  CHECK(eval(vm, "`(1 `(2 ,(3 ,(+ 1 3))))") == "(1 (quasiquote (2 (unquote (3 4)))))");
  CHECK(eval(vm, "`(1 . ,(+ 1 1))") == "(1 . 2)");
}

TEST_CASE("compiler syntax-rules") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  eval(vm, "(define-syntax swap! (syntax-rules () ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))");
  // The template's tmp does not capture the user's tmp.
  CHECK(eval(vm, "(let ((tmp 1) (y 2)) (swap! tmp y) (list tmp y))") == "(2 1)");
  eval(vm, "(define-syntax my-or (syntax-rules () ((_) #f) ((_ e) e) ((_ e r ...) (let ((t e)) (if t t (my-or r ...))))))");
  CHECK(eval(vm, "(let ((t 5)) (my-or #f t))") == "5");
  // A user variable named like a global the template uses does not capture it.
  eval(vm, "(define-syntax first-of (syntax-rules () ((_ l) (car l))))");
  CHECK(eval(vm, "(let ((car cdr)) (first-of '(1 2)))") == "1");
  // Nested ellipsis, literals, vectors, dotted patterns.
  eval(vm, "(define-syntax flat (syntax-rules () ((_ (a ...) ...) '(a ... ...))))");
  CHECK(eval(vm, "(flat (1 2) (3) ())") == "(1 2 3)");
  eval(vm, "(define-syntax kw (syntax-rules (=>) ((_ a => b) (list a b)) ((_ a b) 'plain)))");
  CHECK(eval(vm, "(kw 1 => 2)") == "(1 2)");
  eval(vm, "(define-syntax vec (syntax-rules () ((_ #(a ...)) (+ a ...))))");
  CHECK(eval(vm, "(vec #(1 2 3))") == "6");
  eval(vm, "(define-syntax dot (syntax-rules () ((_ a . rest) 'rest)))");
  CHECK(eval(vm, "(dot 1 2 3)") == "(2 3)");
  eval(vm, "(define-syntax tail (syntax-rules () ((_ a ... z) 'z)))");
  CHECK(eval(vm, "(tail 1 2 3)") == "3");
  CHECK(eval(vm, "(let-syntax ((twice (syntax-rules () ((_ e) (begin e e))))) (let ((n 0)) (twice (set! n (+ n 1))) n))") == "2");
  CHECK(eval(vm, "(define (f) (define-syntax inc! (syntax-rules () ((_ v) (set! v (+ v 1))))) (define x 1) (inc! x) x) (f)") == "2");
}

TEST_CASE("compiler records, guard, values, parameters, promises, case-lambda") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  eval(vm, "(define-record-type point (make-point x y) point? (x point-x set-point-x!) (y point-y))");
  CHECK(eval(vm, "(let ((p (make-point 1 2))) (set-point-x! p 5) (list (point? p) (point-x p) (point-y p) (point? 5)))") == "(#t 5 2 #f)");
  CHECK(eval(vm, "(guard (e ((symbol? e) (list 'sym e)) ((string? e) 'str)) (raise 'boom))") == "(sym boom)");
  CHECK(eval(vm, "(guard (e (#f 'no)) (raise 'out))") == "raised: out");
  CHECK(eval(vm, "(guard (e ((error-object? e) (error-object-message e))) (error \"bad\" 1 2))") == "\"bad\"");
  CHECK(eval(vm, "(call-with-values (lambda () (values 1 2)) list)") == "(1 2)");
  CHECK(eval(vm, "(define-values (q r) (values 7 8)) (list q r)") == "(7 8)");
  CHECK(eval(vm, "(let-values (((a b) (values 1 2))) (+ a b))") == "3");
  CHECK(eval(vm, "(define p (make-parameter 1)) (list (p) (parameterize ((p 2)) (p)) (p))") == "(1 2 1)");
  CHECK(eval(vm, "(define n 0) (define pr (delay (begin (set! n (+ n 1)) n))) (force pr) (force pr)") == "1");
  CHECK(eval(vm, "(define cl (case-lambda ((a) 'one) ((a b) 'two) ((a . r) 'many))) (list (cl 1) (cl 1 2) (cl 1 2 3))") == "(one two many)");
  CHECK(eval(vm, "(assert (= 1 1))") == "#t");
  CHECK(eval(vm, "(assert (= 1 2))") == "error: assertion failed");
}

TEST_CASE("compiler syntax errors are Lisp errors") {
  int cold = 0;
  Vm vm(no_stdlib(), &cold);
  CHECK(eval(vm, "(if)").rfind("error: if:", 0) == 0);
  CHECK(eval(vm, "(lambda (1) 1)").rfind("error: lambda:", 0) == 0);
  CHECK(eval(vm, "(let ((a)) . 1)").rfind("error:", 0) == 0);
  CHECK(eval(vm, "(define-syntax m (syntax-rules () ((_ a) a))) (m)") == "error: no syntax-rules pattern matches");
  CHECK(eval(vm, "(lambda () (+ 1 (define x 2)))").rfind("error: define:", 0) == 0);
  CHECK(eval(vm, "(1 2 . 3)").rfind("error: bad procedure call", 0) == 0);
  CHECK(eval(vm, "(+ 1 2)") == "3");  // the VM goes on
}
