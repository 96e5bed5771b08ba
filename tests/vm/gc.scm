;;; gc.scm: allocation-heavy work.  Builds and drops big structures of every
;;; kind of object (pairs, vectors, strings, flonums, bytevectors, closures,
;;; records, hash tables), runs full collections with (gc), and checks that
;;; what is still referenced kept its contents exactly.  Under --stress (a
;;; full collection and a heap check at every allocation-point refill) the
;;; structures are a tenth to a fiftieth of the size, which still spans over
;;; a hundred collections.

;; A count of garbage rounds, a fiftieth under --stress.
(define (rounds n) (scaled n (max 1 (quotient n 50))))

(define-record-type cell (make-cell value next) cell? (value cell-value) (next cell-next))

;; A tree of depth d whose leaves hold strings and flonums.
(define (make-tree d)
  (if (= d 0)
      (vector (number->string d) (exact->inexact d) (make-bytevector 3 d))
      (cons (make-tree (- d 1)) (make-tree (- d 1)))))

(define (tree-leaves t)
  (if (pair? t) (+ (tree-leaves (car t)) (tree-leaves (cdr t))) 1))

(define (leftmost t) (if (pair? t) (leftmost (car t)) t))

(define (garbage rounds)
  ;; Short-lived objects of every kind, dropped at once.
  (do ((i 0 (+ i 1))) ((= i rounds))
    (let ((junk (list (make-vector 50 i) (make-string 100 #\g) (exact->inexact i)
                      (make-bytevector 64 1) (lambda () i) (make-cell i #f)
                      (make-hash-table))))
      (hash-table-set! (list-ref junk 6) i junk))))

(test-group "a long-lived structure among garbage"
  (let* ((n (scaled 20000 1000))
         (keep (map (lambda (i) (list i (number->string i) (exact->inexact i) (make-vector 3 i)))
                    (iota n))))
    (garbage (rounds 20000))
    (gc)
    (garbage (rounds 20000))
    (check (every (lambda (entry)
                    (let ((i (car entry)))
                      (and (equal? (cadr entry) (number->string i))
                           (= (caddr entry) i)
                           (equal? (cadddr entry) (make-vector 3 i)))))
                  keep)
           => #t)
    (gc)
    (check (length keep) => n)
    (check (apply + (map car keep)) => (quotient (* n (- n 1)) 2))))

(test-group "trees built and dropped"
  (do ((round 0 (+ round 1))) ((= round 10))
    (make-tree (scaled 12 8)))
  (let* ((depth (scaled 14 9))
         (t (make-tree depth)))
    (gc)
    (garbage (rounds 5000))
    (gc)
    (check (tree-leaves t) => (expt 2 depth))
    (check (vector-ref (leftmost t) 0) => "0")
    (check (bytevector-u8-ref (vector-ref (leftmost (cdr t)) 2) 0) => 0)))

(test-group "closures and records survive"
  (let* ((n-adders (scaled 5000 500))
         (n-cells (scaled 50000 2000))
         (adders (map (lambda (i) (lambda (x) (+ x i))) (iota n-adders)))
         (chain (let loop ((i 0) (c '())) (if (= i n-cells) c (loop (+ i 1) (make-cell i c))))))
    (garbage (rounds 10000))
    (gc)
    (check (apply + (map (lambda (f) (f 1)) adders))
           => (+ n-adders (quotient (* n-adders (- n-adders 1)) 2)))
    (check (let loop ((c chain) (n 0)) (if (null? c) n (loop (cell-next c) (+ n (cell-value c)))))
           => (quotient (* n-cells (- n-cells 1)) 2))))

(test-group "strings built up and compared after collections"
  (define n (scaled 2000 400))
  (let loop ((i 0) (acc ""))
    (if (< i n)
        (loop (+ i 1) (if (= (remainder i 100) 0)
                          (begin (gc) (string-append acc "|"))
                          (string-append acc (string (integer->char (+ 97 (remainder i 26)))))))
        (begin
          (check (string-length acc) => n)
          (check (substring acc 0 5) => "|bcde")))))

(test-group "many collections"
  (do ((i 0 (+ i 1))) ((= i 20)) (garbage (rounds 500)) (gc))
  (check 'still-running => 'still-running))

(test-summary)
