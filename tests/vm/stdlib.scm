;;; stdlib.scm: the higher-order list helpers (map and for-each over
;;; several lists, filter, remove, partition, the folds, reduce,
;;; append-map, filter-map, find, any, every, count, list-index), argument
;;; checking, the control helpers (assert, receive, let-values,
;;; let*-values, promises) and the hash-table helpers.  The long lists and
;;; the promise chain are a fiftieth as long under --stress.

(test-group "map and for-each"
  (check (map (lambda (x) (* x x)) '(1 2 3)) => '(1 4 9))
  (check (map + '(1 2 3) '(10 20 30)) => '(11 22 33))
  (check (map + '(1 2 3) '(10 20)) => '(11 22))
  (check (map list '(a b) '(1 2) '("x" "y")) => '((a 1 "x") (b 2 "y")))
  (check (map car '()) => '())
  (check (let ((acc '())) (for-each (lambda (x) (set! acc (cons x acc))) '(1 2 3)) acc) => '(3 2 1))
  (check (let ((acc '())) (for-each (lambda (a b) (set! acc (cons (- a b) acc))) '(5 6) '(1 2 3)) acc) => '(4 4))
  (let ((n (scaled 200000 4000)))
    (check (length (map (lambda (x) x) (iota n))) => n))
  (check-error (map car 5) "map: argument 2 must be a list")
  (check-error (map (lambda (x) x) '(1 . 2)) "must be a list")
  (check-error (for-each car 5) "for-each: argument 2 must be a list")
  (check-error (map 5 '(1 2)) "must be a procedure")
  (check-error (map + '(1 2) 7) "map: argument 3 must be a list"))

(test-group "filters and folds"
  (check (filter odd? '(1 2 3 4 5)) => '(1 3 5))
  (check (remove odd? '(1 2 3 4 5)) => '(2 4))
  (check (call-with-values (lambda () (partition even? '(1 2 3 4))) list) => '((2 4) (1 3)))
  (check (fold cons '() '(1 2 3)) => '(3 2 1))
  (check (fold + 0 '(1 2 3)) => 6)
  (check (fold cons* '() '(a b c) '(1 2 3)) => '(c 3 b 2 a 1))
  (check (fold-left cons '() '(1 2 3)) => '(((() . 1) . 2) . 3))
  (check (fold-left + 0 '(1 2) '(10 20)) => 33)
  (check (fold-right cons '() '(1 2 3)) => '(1 2 3))
  (check (fold-right list 'end '(1 2) '(a b)) => '(1 a (2 b end)))
  (let ((n (scaled 300000 6000)))
    (check (length (fold-right cons '() (iota n))) => n))
  (check (reduce + 0 '(1 2 3 4)) => 10)
  (check (reduce + 0 '()) => 0)
  (check (reduce max 'none '(3 9 2)) => 9)
  (check (append-map (lambda (x) (list x x)) '(1 2)) => '(1 1 2 2))
  (check (filter-map (lambda (x) (and (even? x) (* x 10))) '(1 2 3 4)) => '(20 40))
  (check (find even? '(1 3 4 5 6)) => 4)
  (check (find even? '(1 3)) => #f)
  (check (find-tail even? '(1 4 5)) => '(4 5))
  (check (any even? '(1 3 4)) => #t)
  (check (any (lambda (x) (and (> x 2) x)) '(1 3 4)) => 3)
  (check (any even? '()) => #f)
  (check (any < '(5 1) '(2 3)) => #t)
  (check (every odd? '(1 3 5)) => #t)
  (check (every odd? '(1 2 5)) => #f)
  (check (every (lambda (x) x) '(1 2 3)) => 3)
  (check (every odd? '()) => #t)
  (check (count even? '(1 2 4)) => 2)
  (check (count < '(1 5 2) '(2 3 4)) => 2)
  (check (list-index even? '(1 3 4)) => 2)
  (check (list-index even? '(1 3)) => #f)
  (check-error (filter odd? 5) "filter: argument 2 must be a list")
  (check-error (fold + 0 'x) "must be a list"))

(define (stream-loop n)
  (delay-force (if (= n 0) (delay 'bottom) (stream-loop (- n 1)))))

(test-group "control helpers"
  (check (assert (= 1 1)) => #t)
  (check-error (assert (= 1 2)) "assertion failed")
  (check (receive (a b . rest) (values 1 2 3 4) (list a b rest)) => '(1 2 (3 4)))
  (check (let-values (((a b) (values 1 2)) ((c) (values 3))) (list a b c)) => '(1 2 3))
  (check (let ((a 'outer)) (let-values (((a) (values 1)) ((b) (values a))) (list a b))) => '(1 outer))
  (check (let-values (((a . rest) (values 1 2 3)) (all (values 4 5))) (list a rest all)) => '(1 (2 3) (4 5)))
  (check (let*-values (((a) (values 1)) ((b) (values (+ a 1)))) (list a b)) => '(1 2))
  (check (force (delay (+ 1 2))) => 3)
  (check (let* ((n 0) (p (delay (begin (set! n (+ n 1)) n)))) (force p) (force p) n) => 1)
  (check (force 5) => 5)
  (check (force (make-promise 7)) => 7)
  (check (promise? (delay 1)) => #t)
  ;; A long chain of delay-force runs in constant space (R7RS's stream loop).
  (check (force (stream-loop (scaled 100000 2000))) => 'bottom))

(test-group "hash-table helpers"
  (let ((t (alist->hash-table '((a . 1) (b . 2)) eq?)))
    (check (sort (map symbol->string (hash-table-fold t (lambda (k v acc) (cons k acc)) '())) string<?) => '("a" "b"))
    (check (sort (hash-table-fold t (lambda (k v acc) (cons v acc)) '()) <) => '(1 2))
    (check (hash-table-ref/default (alist->hash-table '(("k" . v))) "k" #f) => 'v)))

(test-summary)
