;;; tak.scm: the Takeuchi function, (tak 18 12 6), run 40 times: calls and
;;; comparisons, no allocation.  Prints 7.
(define (tak x y z)
  (if (not (< y x))
      z
      (tak (tak (- x 1) y z)
           (tak (- y 1) z x)
           (tak (- z 1) x y))))

(define (repeat n)
  (let loop ((i 1) (r (tak 18 12 6)))
    (if (= i n) r (loop (+ i 1) (tak 18 12 6)))))

(display (repeat 40))
(newline)
