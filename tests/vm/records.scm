;;; records.scm: define-record-type: constructors (all or some fields),
;;; predicates, accessors, modifiers, distinct types with the same field
;;; names, several types of different sizes, wrong-type errors, records as
;;; hash keys and across collections (with a fifth to a tenth of the
;;; records under --stress, a full collection at every allocation-point
;;; refill).

(define-record-type point
  (make-point x y)
  point?
  (x point-x set-point-x!)
  (y point-y set-point-y!))

(define-record-type <node>
  (make-node value)          ; `next' is not set by the constructor
  node?
  (value node-value)
  (next node-next set-node-next!))

(define-record-type other
  (make-other x)
  other?
  (x other-x))

(test-group "basics"
  (let ((p (make-point 1 2)))
    (check (point? p) => #t)
    (check (point-x p) => 1)
    (check (point-y p) => 2)
    (set-point-x! p 10)
    (check (point-x p) => 10)
    (check (point? 5) => #f)
    (check (point? (vector 1 2)) => #f)
    (check (vector? p) => #f)
    (check (pair? p) => #f)
    (check (procedure? p) => #f)
    (check (eq? p p) => #t)
    (check (eq? (make-point 1 2) (make-point 1 2)) => #f)))

(test-group "partial constructors and linking"
  (let ((a (make-node 'a)) (b (make-node 'b)))
    (set-node-next! a b)
    (set-node-next! b '())
    (check (node-value (node-next a)) => 'b)
    (check (node-next b) => '())))

;; Regression: each define-record-type must bind its own type.  A rewrite
;; that named every type with the same generated global made the last type
;; defined (other, 1 field) the one make-point built, so make-point failed
;; with "other has 1 fields, given 2".  These types of different sizes are
;; defined one after another, at top level and in a body.
(define-record-type pair3 (make-pair3 a b c) pair3? (a pair3-a) (b pair3-b) (c pair3-c))
(define-record-type single (make-single a) single? (a single-a))

(test-group "several record types"
  (check (point-x (make-point 1 2)) => 1)
  (check (point-y (make-point 1 2)) => 2)
  (check (other-x (make-other 7)) => 7)
  (check (pair3-c (make-pair3 1 2 3)) => 3)
  (check (single-a (make-single 'a)) => 'a)
  (check (pair3? (make-single 1)) => #f)
  (check (single? (make-pair3 1 2 3)) => #f)
  (check (eq? point other) => #f)
  (check (eq? pair3 single) => #f)
  (check (let ()
           (define-record-type two (make-two a b) two? (a two-a) (b two-b))
           (define-record-type one (make-one a) one? (a one-a))
           (list (two-b (make-two 1 2)) (one-a (make-one 3)) (two? (make-one 3))))
         => '(2 3 #f)))

(test-group "type errors"
  (check (other? (make-point 1 2)) => #f)
  (check (point? (make-other 1)) => #f)
  (check-error (point-x (make-other 1)))
  (check-error (point-x 'not-a-record))
  (check-error (set-point-y! (make-other 1) 5))
  (check-error (apply make-point '(1))))

(test-group "records in lists, tables and across collections"
  (let* ((n (scaled 10000 2000))
         (points (map (lambda (i) (make-point i (* i i))) (iota n)))
         (t (make-hash-table eq?)))
    (for-each (lambda (p) (hash-table-set! t p (point-y p))) points)
    (gc)
    (check (apply + (map point-x points)) => (quotient (* n (- n 1)) 2))
    (check (every (lambda (p) (= (hash-table-ref/default t p -1) (* (point-x p) (point-x p)))) points) => #t)
    ;; A linked list of 100000 nodes (10000 under --stress) survives a
    ;; collection intact.
    (let ((head (make-node 0)) (n-nodes (scaled 100000 10000)))
      (let loop ((i 1) (tail head))
        (if (< i n-nodes)
            (let ((n (make-node i)))
              (set-node-next! tail n)
              (loop (+ i 1) n))
            (set-node-next! tail '())))
      (gc)
      (check (let loop ((n head) (sum 0))
               (if (null? n) sum (loop (node-next n) (+ sum (node-value n)))))
             => (quotient (* n-nodes (- n-nodes 1)) 2)))))

(test-summary)
