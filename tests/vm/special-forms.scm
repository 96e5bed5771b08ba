;;; special-forms.scm: define, lambda (fixed, rest, variadic), let, let*,
;;; letrec, named let, do, if, cond (with =>), case, and, or, when, unless,
;;; begin, set!, quote, quasiquote (nested, splicing, vectors), internal
;;; definitions, apply and eval.

(define x 10)
(define (add a b) (+ a b))
(define (rest-args a . more) (list a more))
(define all-args (lambda args args))

(test-group "define and lambda"
  (check x => 10)
  (check (add 2 3) => 5)
  (check ((lambda (a b) (* a b)) 6 7) => 42)
  (check (rest-args 1) => '(1 ()))
  (check (rest-args 1 2 3) => '(1 (2 3)))
  (check (all-args) => '())
  (check (all-args 1 2) => '(1 2))
  (check ((lambda (a b . c) c) 1 2 3 4) => '(3 4))
  (check (begin (define y 5) (set! y (+ y 1)) y) => 6)
  (check (let () (define (f) 1) (define g 2) (+ (f) g)) => 3))

(test-group "let forms"
  (check (let ((a 1) (b 2)) (+ a b)) => 3)
  (check (let ((x 1) (y x)) y) => 10)
  (check (let* ((x 1) (y x)) y) => 1)
  (check (let* () 5) => 5)
  (check (letrec ((ev? (lambda (n) (if (= n 0) #t (od? (- n 1)))))
                  (od? (lambda (n) (if (= n 0) #f (ev? (- n 1))))))
           (ev? 100))
         => #t)
  (check (letrec* ((a 1) (b (+ a 1))) b) => 2)
  (check (let loop ((i 0) (acc '())) (if (= i 3) acc (loop (+ i 1) (cons i acc)))) => '(2 1 0))
  (check (let ((x 1)) (let ((x 2)) x)) => 2)
  (check (let ((f (lambda () x))) (let ((x 99)) (f))) => 10))

(test-group "do"
  (check (do ((i 0 (+ i 1)) (acc '() (cons i acc))) ((= i 4) acc)) => '(3 2 1 0))
  (check (let ((v (make-vector 3 0)))
           (do ((i 0 (+ i 1))) ((= i 3) v) (vector-set! v i (* i i))))
         => #(0 1 4))
  (check (let ((n 0)) (do ((i 0 (+ i 1))) ((= i 5)) (set! n (+ n i))) n) => 10))

(test-group "conditionals"
  (check (if #t 1 2) => 1)
  (check (if #f 1 2) => 2)
  (check (if '() 1 2) => 1)
  (check (if 0 1 2) => 1)
  (check (cond ((= 1 2) 'a) ((= 1 1) 'b) (else 'c)) => 'b)
  (check (cond ((= 1 2) 'a) (else 'c)) => 'c)
  (check (cond ((assv 2 '((1 . a) (2 . b))) => cdr) (else 'none)) => 'b)
  (check (cond (42)) => 42)
  (check (cond ((= 1 1) 'x 'y)) => 'y)
  (check (case 3 ((1 2) 'low) ((3 4) 'mid) (else 'high)) => 'mid)
  (check (case 'z ((a) 1) (else 2)) => 2)
  (check (case #\b ((#\a) 1) ((#\b) 2)) => 2)
  (check (case (* 2 3) ((2 3 5 7) 'prime) ((1 4 6 8 9) 'composite)) => 'composite)
  (check (and) => #t)
  (check (and 1 2 3) => 3)
  (check (and 1 #f 3) => #f)
  (check (or) => #f)
  (check (or #f 2 3) => 2)
  (check (or #f #f) => #f)
  (check (when (> 2 1) 'a 'b) => 'b)
  (check (let ((r 'untouched)) (unless (> 2 1) (set! r 'touched)) r) => 'untouched)
  (check (unless (< 2 1) 'a 'b) => 'b)
  (check (let ((n 0)) (and (begin (set! n 1) #f) (set! n 2)) n) => 1))

(test-group "quote and quasiquote"
  (check (quote (1 2)) => '(1 2))
  (check `(1 ,(+ 1 1) 3) => '(1 2 3))
  (check `(1 ,@(list 2 3) 4) => '(1 2 3 4))
  (check `(,@'() . tail) => 'tail)
  (check `(a . ,(+ 1 2)) => '(a . 3))
  (check `#(1 ,(+ 1 1) ,@(list 3 4)) => #(1 2 3 4))
  (check `(1 `(2 ,(3 ,(+ 1 3)))) => '(1 `(2 ,(3 4))))
  (check (let ((name 'x)) `(define ,name ,@(map (lambda (i) (* i i)) '(1 2)))) => '(define x 1 4))
  (check `x => 'x))

(test-group "apply and eval"
  (check (apply + '(1 2 3)) => 6)
  (check (apply + 1 2 '(3 4)) => 10)
  (check (apply list '()) => '())
  (check (apply max 3 '(7 2)) => 7)
  (check (if (mpslisp?) (eval '(* 6 7)) (eval '(* 6 7) (interaction-environment))) => 42)
  (check (if (mpslisp?)
             (begin (eval '(define evaled-global 12)) evaled-global)
             12)
         => 12))

(test-summary)
