;;; primes.scm: the sieve of Eratosthenes on a vector.  Prints the number of
;;; primes below one million, the last ten of them, and the twin-prime
;;; pairs below 200.
;;;
;;;   mpslisp examples/lisp/primes.scm
(define (sieve n)
  ;; flags[i] is #t while i may be prime.
  (let ((flags (make-vector n #t)))
    (vector-set! flags 0 #f)
    (vector-set! flags 1 #f)
    (let loop ((i 2))
      (when (< (* i i) n)
        (when (vector-ref flags i)
          (do ((j (* i i) (+ j i))) ((>= j n))
            (vector-set! flags j #f)))
        (loop (+ i 1))))
    ;; Collect from the top down so the list comes out ascending.
    (let collect ((i (- n 1)) (acc '()))
      (cond ((< i 0) acc)
            ((vector-ref flags i) (collect (- i 1) (cons i acc)))
            (else (collect (- i 1) acc))))))

(define primes (sieve 1000000))

(display "primes below 1000000: ")
(display (length primes))
(newline)
(display "the last ten: ")
(display (list-tail primes (- (length primes) 10)))
(newline)
(display "twin primes below 200: ")
(display (let loop ((ps (sieve 200)) (acc '()))
           (if (or (null? ps) (null? (cdr ps)))
               (reverse acc)
               (loop (cdr ps)
                     (if (= (cadr ps) (+ (car ps) 2))
                         (cons (list (car ps) (cadr ps)) acc)
                         acc)))))
(newline)
