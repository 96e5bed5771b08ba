;;; nqueens.scm: counts all solutions of the 8-queens problem, 50 times.
;;; List-heavy: builds candidate lists and checks diagonals.  Prints 92.
(define (iota1 n)
  (let loop ((i n) (l '()))
    (if (= i 0) l (loop (- i 1) (cons i l)))))

(define (ok? row dist placed)
  (or (null? placed)
      (and (not (= (car placed) (+ row dist)))
           (not (= (car placed) (- row dist)))
           (ok? row (+ dist 1) (cdr placed)))))

(define (try-it x y z)
  (if (null? x)
      (if (null? y) 1 0)
      (+ (if (ok? (car x) 1 z)
             (try-it (append (cdr x) y) '() (cons (car x) z))
             0)
         (try-it (cdr x) (cons (car x) y) z))))

(define (queens n) (try-it (iota1 n) '() '()))

(define (repeat k)
  (let loop ((i 1) (r (queens 8)))
    (if (= i k) r (loop (+ i 1) (queens 8)))))

(display (repeat 50))
(newline)
