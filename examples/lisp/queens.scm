;;; queens.scm: solves the n-queens problem by backtracking and prints the
;;; boards.  Prints the first two solutions for 8 queens as boards, then
;;; the number of solutions for 4..10 queens.
;;;
;;;   mpslisp examples/lisp/queens.scm
;; A solution is a list of column numbers, one per row, last row first.
(define (safe? col placed)
  (let loop ((rest placed) (distance 1))
    (or (null? rest)
        (and (not (= (car rest) col))
             (not (= (abs (- (car rest) col)) distance))
             (loop (cdr rest) (+ distance 1))))))

;; All solutions for an n x n board.
(define (queens n)
  (let place ((row 0) (placed '()))
    (if (= row n)
        (list placed)
        (append-map (lambda (col)
                      (if (safe? col placed) (place (+ row 1) (cons col placed)) '()))
                    (iota n)))))

(define (print-board solution n)
  (for-each (lambda (col)
              (do ((c 0 (+ c 1))) ((= c n))
                (display (if (= c col) " Q" " .")))
              (newline))
            (reverse solution))
  (newline))

(let ((solutions (queens 8)))
  (print-board (car solutions) 8)
  (print-board (cadr solutions) 8))

(for-each (lambda (n)
            (display n) (display " queens: ")
            (display (length (queens n))) (display " solutions")
            (newline))
          '(4 5 6 7 8 9 10))
