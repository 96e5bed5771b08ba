;;; binary-trees.scm: the Computer Language Benchmarks Game's binary-trees
;;; program at depth 16: allocates many short-lived complete binary trees
;;; (pairs) and one long-lived one, and checks them by counting nodes.  The
;;; collector's program: nearly all the time is allocation and collection.
(define (make-tree depth)
  (if (= depth 0)
      (cons '() '())
      (cons (make-tree (- depth 1)) (make-tree (- depth 1)))))

(define (check-tree t)
  (if (null? (car t))
      1
      (+ 1 (check-tree (car t)) (check-tree (cdr t)))))

(define (main max-depth)
  (let* ((min-depth 4)
         (max-depth (max (+ min-depth 2) max-depth))
         (stretch (+ max-depth 1)))
    (display "stretch tree of depth ") (display stretch)
    (display "\t check: ") (display (check-tree (make-tree stretch))) (newline)
    (let ((long-lived (make-tree max-depth)))
      (do ((d min-depth (+ d 2))) ((> d max-depth))
        (let ((iterations (expt 2 (+ (- max-depth d) min-depth))))
          (let loop ((i 0) (sum 0))
            (if (< i iterations)
                (loop (+ i 1) (+ sum (check-tree (make-tree d))))
                (begin
                  (display iterations) (display "\t trees of depth ") (display d)
                  (display "\t check: ") (display sum) (newline))))))
      (display "long lived tree of depth ") (display max-depth)
      (display "\t check: ") (display (check-tree long-lived)) (newline))))

(main 16)
