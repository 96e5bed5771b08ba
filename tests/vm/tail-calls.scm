;;; tail-calls.scm: proper tail calls in every tail position.  Each loop runs
;;; 10 million iterations: named let, do, mutual recursion, apply, and one
;;; loop whose every iteration goes round through a different special form
;;; (if, cond, cond =>, case, and, or, when, unless, let, let*, letrec,
;;; begin, a local closure, a rest-argument procedure), so each form's tail
;;; position carries over a million calls.  (The value stack grows on demand,
;;; so a missing tail call shows up as memory growth and, past the stack
;;; limit, a stack-overflow error rather than a crash.)  Under --stress the
;;; loops run 100,000 iterations: the ones that allocate (apply's argument
;;; lists, closures, rest lists) still cross a full collection every few
;;; thousand iterations.

(define n (scaled 10000000 100000))

(define (my-even? k) (if (= k 0) #t (my-odd? (- k 1))))
(define (my-odd? k) (if (= k 0) #f (my-even? (- k 1))))

(define (apply-loop k) (if (= k 0) 'done (apply apply-loop (list (- k 1)))))

;; Each step of `mixed' picks a form by k mod 11 and reaches the next step
;; only through that form's tail position.
(define (mixed k)
  (if (= k 0)
      'done
      (let ((next (- k 1)))
        (case (remainder k 11)
          ((0) (cond ((odd? k) (mixed next)) (else (mixed next))))
          ((1) (cond (next => mixed)))
          ((2) (and #t (mixed next)))
          ((3) (or #f (mixed next)))
          ((4) (when #t (mixed next)))
          ((5) (unless #f (mixed next)))
          ((6) (let* ((i next)) (letrec ((z i)) (begin (mixed z)))))
          ((7) (let ((f (lambda (j) (mixed j)))) (f next)))
          ((8) (rest-step next 'x 'y))
          ((9) (if (odd? k) (mixed next) (mixed next)))
          (else (mixed next))))))

(define (rest-step k . ignored) (mixed k))

(test-group "named let and do"
  (check (let loop ((i 0)) (if (< i n) (loop (+ i 1)) i)) => n)
  (check (do ((i 0 (+ i 1))) ((= i n) i)) => n))

(test-group "mutual recursion"
  (check (my-even? n) => #t)
  (check (my-odd? (+ n 1)) => #t))

(test-group "tails through special forms"
  (check (mixed n) => 'done))

(test-group "apply in tail position"
  (check (apply-loop n) => 'done))

(test-summary)
