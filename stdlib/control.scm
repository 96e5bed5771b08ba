;;; control.scm: small control helpers written in Lisp: argument-error
;;; reporting shared by the whole stdlib, assert, multiple-value binding forms
;;; (let-values, let*-values, receive, define-values is not provided), and
;;; promises (delay, delay-force, make-promise, force).

;; Raises "WHO: argument N must be WHAT" with the offending value as the
;; irritant.  Every stdlib procedure reports bad arguments through this, so
;; (map car 5) says "map: argument 2 must be a list" rather than failing
;; somewhere inside the loop with a message about car or cdr.
(define (%arg-error who n what value)
  (error (string-append (symbol->string who) ": argument " (number->string n)
                        " must be " what)
         value))

(define (%check-procedure who n f)
  (if (not (procedure? f)) (%arg-error who n "a procedure" f)))

(define (%check-list who n l)
  (if (not (list? l)) (%arg-error who n "a list" l)))

(define (%check-index who n k)
  (if (not (and (exact-integer? k) (>= k 0)))
      (%arg-error who n "a non-negative integer" k)))

;; (assert EXPR) or (assert EXPR MESSAGE IRRITANT ...): raises an error naming
;; the failed expression when EXPR is false; otherwise returns #t.
(define-syntax assert
  (syntax-rules ()
    ((_ expr) (if expr #t (error "assertion failed" 'expr)))
    ((_ expr message irritant ...) (if expr #t (error message irritant ...)))))

;; (receive FORMALS EXPR BODY ...): binds the values EXPR returns (SRFI 8).
(define-syntax receive
  (syntax-rules ()
    ((_ formals expr body ...)
     (call-with-values (lambda () expr) (lambda formals body ...)))))

;; (let-values (((a b) EXPR) ((c . rest) EXPR2)) BODY ...): every EXPR is
;; evaluated outside the scope of all the bindings, as R7RS requires; the
;; helper collects the bindings as it goes through the clauses.
(define-syntax let-values
  (syntax-rules ()
    ((_ () body ...) (let () body ...))
    ((_ (binding ...) body ...) (%let-values (binding ...) () body ...))))

(define-syntax %let-values
  (syntax-rules ()
    ((_ () ((var tmp) ...) body ...) (let ((var tmp) ...) body ...))
    ((_ ((formals expr) rest ...) collected body ...)
     (%let-values-formals formals () expr (rest ...) collected body ...))))

;; Renames each variable of one clause's formals to a fresh temporary
;; (a b . c) -> (t1 t2 . t3), so the clause's values are bound without
;; shadowing the expressions of the later clauses.
(define-syntax %let-values-formals
  (syntax-rules ()
    ((_ () temps expr rest collected body ...)
     (call-with-values (lambda () expr)
       (lambda temps (%let-values rest collected body ...))))
    ((_ (var . more) (temp ...) expr rest (c ...) body ...)
     (%let-values-formals more (temp ... t) expr rest (c ... (var t)) body ...))
    ((_ var (temp ...) expr rest (c ...) body ...)
     (call-with-values (lambda () expr)
       (lambda (temp ... . t) (%let-values rest (c ... (var t)) body ...))))))

(define-syntax let*-values
  (syntax-rules ()
    ((_ () body ...) (let () body ...))
    ((_ (binding rest ...) body ...)
     (let-values (binding) (let*-values (rest ...) body ...)))))

;; Promises.  A promise is a mutable box holding (done? . value-or-thunk);
;; delay-force chains are forced iteratively, so a long chain of
;; delay-force promises (a lazy stream loop) runs in constant stack.
(define-record-type %promise
  (%make-promise-box state)
  promise?
  (state %promise-state %set-promise-state!))

(define (make-promise v)
  (if (promise? v) v (%make-promise-box (cons #t v))))

(define (%make-lazy thunk) (%make-promise-box (cons #f thunk)))

(define-syntax delay-force
  (syntax-rules () ((_ expr) (%make-lazy (lambda () expr)))))

(define-syntax delay
  (syntax-rules () ((_ expr) (delay-force (make-promise expr)))))

(define (force p)
  (if (not (promise? p))
      p
      (let loop ()
        (let ((state (%promise-state p)))
          (if (car state)
              (cdr state)
              (let ((p2 ((cdr state))))
                ;; The thunk may have forced p itself meanwhile: keep the first answer.
                (if (not (car (%promise-state p)))
                    (let ((s2 (%promise-state p2)))
                      (set-car! state (car s2))
                      (set-cdr! state (cdr s2))
                      (%set-promise-state! p2 state)))
                (loop)))))))
