;;; interpreter.scm: a small Scheme interpreter written in Scheme -- an
;;; environment-passing evaluator for quote, if, lambda, define, set!,
;;; begin, let and primitive procedures, with closures as records.  It runs
;;; a few programs (factorial, a counter closure, map written in the
;;; interpreted language) and prints their results.
;;;
;;;   mpslisp examples/lisp/interpreter.scm
(define-record-type closure
  (make-closure params body env)
  closure?
  (params closure-params)
  (body closure-body)
  (env closure-env))

;; An environment is a list of frames; a frame is a mutable alist in a box (a pair).
(define (extend env names values)
  (cons (list (map cons names values)) env))

(define (lookup-cell name env)
  (if (null? env)
      (error "unbound variable" name)
      (or (assq name (car (car env))) (lookup-cell name (cdr env)))))

(define (define! name value env)
  (let ((cell (assq name (car (car env)))))
    (if cell
        (set-cdr! cell value)
        (set-car! (car env) (cons (cons name value) (car (car env)))))))

(define (evaluate x env)
  (cond ((symbol? x) (cdr (lookup-cell x env)))
        ((not (pair? x)) x)
        (else
         (case (car x)
           ((quote) (cadr x))
           ((if) (if (evaluate (cadr x) env)
                     (evaluate (caddr x) env)
                     (if (pair? (cdddr x)) (evaluate (cadddr x) env) #f)))
           ((lambda) (make-closure (cadr x) (cddr x) env))
           ((define)
            (if (pair? (cadr x))
                (define! (car (cadr x)) (make-closure (cdr (cadr x)) (cddr x) env) env)
                (define! (cadr x) (evaluate (caddr x) env) env))
            (cadr x))
           ((set!) (set-cdr! (lookup-cell (cadr x) env) (evaluate (caddr x) env)))
           ((begin) (evaluate-body (cdr x) env))
           ((let) (evaluate (cons (cons 'lambda (cons (map car (cadr x)) (cddr x)))
                                  (map cadr (cadr x)))
                            env))
           (else (apply-procedure (evaluate (car x) env)
                                  (map (lambda (arg) (evaluate arg env)) (cdr x))))))))

(define (evaluate-body body env)
  (if (null? (cdr body))
      (evaluate (car body) env)
      (begin (evaluate (car body) env) (evaluate-body (cdr body) env))))

(define (apply-procedure f args)
  (if (closure? f)
      (evaluate-body (closure-body f) (extend (closure-env f) (closure-params f) args))
      (apply f args)))

(define global
  (extend '()
          '(+ - * = < car cdr cons null? list display)
          (list + - * = < car cdr cons null? list display)))

(define (run program)
  (let loop ((forms program) (result #f))
    (if (null? forms) result (loop (cdr forms) (evaluate (car forms) global)))))

(define programs
  '(((define (fact n) (if (< n 2) 1 (* n (fact (- n 1)))))
     (fact 20))
    ((define (make-counter)
       (let ((n 0)) (lambda () (set! n (+ n 1)) n)))
     (define c (make-counter))
     (c) (c)
     (c))
    ((define (my-map f l) (if (null? l) (quote ()) (cons (f (car l)) (my-map f (cdr l)))))
     (my-map (lambda (x) (* x x)) (list 1 2 3 4 5)))
    ((define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
     (fib 20))))

(for-each (lambda (program)
            (write (car (reverse program)))
            (display " => ")
            (write (run program))
            (newline))
          programs)
