;;; deep-recursion.scm: non-tail recursion a million calls deep (the value
;;; stack grows on demand), building long lists non-tail-recursively, deep
;;; recursion through map-like user code and through apply, and unwinding
;;; out of a deep recursion with an error.  Under --stress (a full collection
;;; at every allocation-point refill, each scanning the whole deep value
;;; stack) the recursions that allocate go 10,000 deep rather than a million;
;;; the million-deep calls that allocate nothing stay.

;; The length of the lists built and walked non-tail-recursively.
(define long (scaled 1000000 10000))

(define (count n) (if (= n 0) 0 (+ 1 (count (- n 1)))))

(define (build n) (if (= n 0) '() (cons n (build (- n 1)))))

(define (my-map f l) (if (null? l) '() (cons (f (car l)) (my-map f (cdr l)))))

(define (sum-list l) (if (null? l) 0 (+ (car l) (sum-list (cdr l)))))

(define (deep-apply n) (if (= n 0) 0 (+ 1 (apply deep-apply (list (- n 1))))))

(define (deep-error n) (if (= n 0) (error "at the bottom" n) (+ 1 (deep-error (- n 1)))))

(test-group "a million nested calls"
  (check (count 1000000) => 1000000)
  (check (count 10) => 10))

(test-group "long lists built non-tail-recursively"
  (let ((l (build long)))
    (check (length l) => long)
    (check (car l) => long)
    (check (sum-list l) => (quotient (* long (+ long 1)) 2))
    (check (length (my-map (lambda (x) (* 2 x)) l)) => long)
    ;; The stdlib's map is iterative, and fine on long lists too.
    (check (apply + (map (lambda (x) 1) l)) => long)))

(test-group "deep recursion through apply"
  (let ((depth (scaled 100000 20000)))
    (check (deep-apply depth) => depth)))

(test-group "errors unwind a deep stack"
  (check (guard (e (#t (error-object-message e))) (deep-error 500000)) => "at the bottom")
  ;; And the stack is usable again afterwards.
  (check (count 1000000) => 1000000))

(test-summary)
