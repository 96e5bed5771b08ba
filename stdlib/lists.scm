;;; lists.scm: list procedures that are not higher-order folds: cons*, make-list,
;;; iota, last-pair, last, append!, member and assoc (with an optional
;;; equality procedure, which is why they are here and memq/assq are
;;; native), delete, delete!, delete-duplicates, assoc-ref, and sorting
;;; (sort, list-sort, merge: a stable merge sort).

;; (cons* a b ... tail): like list, but the last argument is the tail.
(define (cons* first . rest)
  (if (null? rest)
      first
      (let loop ((acc (list first)) (rest rest))
        (if (null? (cdr rest))
            (append-reverse acc (car rest))
            (loop (cons (car rest) acc) (cdr rest))))))

(define (make-list n . fill)
  (%check-index 'make-list 1 n)
  (let ((x (if (pair? fill) (car fill) (if #f #f))))
    (let loop ((i 0) (acc '()))
      (if (= i n) acc (loop (+ i 1) (cons x acc))))))

;; (iota count [start [step]]): count numbers from start (default 0) by step (default 1).
(define (iota n . opts)
  (%check-index 'iota 1 n)
  (let ((start (if (pair? opts) (car opts) 0))
        (step (if (and (pair? opts) (pair? (cdr opts))) (cadr opts) 1)))
    (if (not (number? start)) (%arg-error 'iota 2 "a number" start))
    (if (not (number? step)) (%arg-error 'iota 3 "a number" step))
    ;; Built from the end so the list comes out in order without a reverse.
    (let loop ((i (- n 1)) (acc '()))
      (if (< i 0) acc (loop (- i 1) (cons (+ start (* i step)) acc))))))

(define (last-pair l)
  (if (not (pair? l)) (%arg-error 'last-pair 1 "a pair" l))
  (let loop ((l l))
    (if (pair? (cdr l)) (loop (cdr l)) l)))

(define (last l)
  (if (not (pair? l)) (%arg-error 'last 1 "a non-empty list" l))
  (car (last-pair l)))

;; Destructive append: links each non-empty list's last pair to the next one.
(define (append! . lists)
  (let skip ((ls lists))
    (cond ((null? ls) '())
          ((null? (car ls)) (skip (cdr ls)))
          ((null? (cdr ls)) (car ls))
          (else
           (let ((result (car ls)))
             (if (not (pair? result)) (%arg-error 'append! 1 "a list" result))
             (let link ((tail (last-pair result)) (rest (cdr ls)))
               (cond ((null? rest) result)
                     ((null? (car rest)) (link tail (cdr rest)))
                     (else
                      (set-cdr! tail (car rest))
                      (if (pair? (car rest))
                          (link (last-pair (car rest)) (cdr rest))
                          result)))))))))

;; (member x list [equal]): the first pair whose car equals x, or #f.
;; The equality procedure is called as (equal x element).
(define (member x l . opt)
  (if (null? opt)
      (let loop ((l l))
        (cond ((pair? l) (if (equal? x (car l)) l (loop (cdr l))))
              ((null? l) #f)
              (else (%arg-error 'member 2 "a list" l))))
      (let ((same? (car opt)))
        (%check-procedure 'member 3 same?)
        (let loop ((l l))
          (cond ((pair? l) (if (same? x (car l)) l (loop (cdr l))))
                ((null? l) #f)
                (else (%arg-error 'member 2 "a list" l)))))))

;; (assoc key alist [equal]): the first entry whose car equals key, or #f.
(define (assoc key alist . opt)
  (let ((same? (if (null? opt) equal? (car opt))))
    (%check-procedure 'assoc 3 same?)
    (let loop ((l alist))
      (cond ((pair? l)
             (let ((entry (car l)))
               (if (not (pair? entry)) (%arg-error 'assoc 2 "an association list" alist))
               (if (same? key (car entry)) entry (loop (cdr l)))))
            ((null? l) #f)
            (else (%arg-error 'assoc 2 "a list" alist))))))

;; (assoc-ref alist key): the value stored under key (compared with equal?), or #f.
(define (assoc-ref alist key)
  (let ((entry (assoc key alist)))
    (and entry (cdr entry))))

;; (delete x list [equal]): a copy of list without the elements equal to x.
;; The result shares the longest tail that contains no deleted element.
(define (delete x l . opt)
  (let ((same? (if (null? opt) equal? (car opt))))
    (%check-procedure 'delete 3 same?)
    (%check-list 'delete 2 l)
    (let loop ((l l) (acc '()) (keep-from l))
      ;; acc holds the kept elements before keep-from, reversed.
      (cond ((null? l) (append-reverse acc keep-from))
            ((same? x (car l)) (loop (cdr l) (%append-reverse-prefix acc keep-from l) (cdr l)))
            (else (loop (cdr l) acc keep-from))))))

;; (append-reverse rev tail) = (append (reverse rev) tail), as in SRFI 1;
;; %append-reverse-prefix pushes the elements from `from` up to (not
;; including) `upto` onto rev.
(define (append-reverse rev tail)
  (if (pair? rev) (append-reverse (cdr rev) (cons (car rev) tail)) tail))

(define (%append-reverse-prefix rev from upto)
  (if (eq? from upto) rev (%append-reverse-prefix (cons (car from) rev) (cdr from) upto)))

;; Linear-update variant of delete; this one does not reuse the list's
;; pairs, which SRFI 1 permits.
(define (delete! x l . opt) (apply delete x l opt))

;; (delete-duplicates list [equal]): keeps the first occurrence of each
;; element, in order.  With the default equal? it uses an equal? hash table
;; (linear); with another equality it compares pairwise (quadratic).
(define (delete-duplicates l . opt)
  (%check-list 'delete-duplicates 1 l)
  (if (null? opt)
      (let ((seen (make-hash-table equal?)))
        (let loop ((l l) (acc '()))
          (cond ((null? l) (reverse acc))
                ((hash-table-ref/default seen (car l) #f) (loop (cdr l) acc))
                (else (hash-table-set! seen (car l) #t)
                      (loop (cdr l) (cons (car l) acc))))))
      (let ((same? (car opt)))
        (%check-procedure 'delete-duplicates 2 same?)
        (let loop ((l l) (acc '()))
          (cond ((null? l) (reverse acc))
                ((member (car l) acc (lambda (x y) (same? y x))) (loop (cdr l) acc))
                (else (loop (cdr l) (cons (car l) acc))))))))

;;; Sorting.  A top-down merge sort on lists: %sort-prefix sorts the first n
;;; elements into fresh pairs, so the merge may relink them destructively
;;; without touching the caller's list.  Recursion depth is log2(n); the
;;; merge is a loop.  Stable: on ties the element from the earlier run wins.

;; Merges two sorted lists of fresh pairs destructively.  `a' is always the
;; earlier run, so on ties its element goes first (stability).
(define (%merge! a b less?)
  (cond ((null? a) b)
        ((null? b) a)
        ((less? (car b) (car a)) (%merge-loop! b a (cdr b) less?) b)
        (else (%merge-loop! a (cdr a) b less?) a)))

;; tail is the last pair of the merged output so far.
(define (%merge-loop! tail a b less?)
  (cond ((null? a) (set-cdr! tail b))
        ((null? b) (set-cdr! tail a))
        ((less? (car b) (car a)) (set-cdr! tail b) (%merge-loop! b a (cdr b) less?))
        (else (set-cdr! tail a) (%merge-loop! a (cdr a) b less?))))

;; Sorts the first n (>= 1) elements of l, returning a fresh sorted list;
;; the unsorted remainder is left in the vector cell `rest'.
(define (%sort-prefix l n less? rest)
  (if (= n 1)
      (begin (vector-set! rest 0 (cdr l)) (list (car l)))
      (let* ((half (quotient n 2))
             (a (%sort-prefix l half less? rest))
             (b (%sort-prefix (vector-ref rest 0) (- n half) less? rest)))
        (%merge! a b less?))))

;; (list-sort less? list) as in R6RS / SRFI 132.
(define (list-sort less? l)
  (%check-procedure 'list-sort 1 less?)
  (%check-list 'list-sort 2 l)
  (if (null? l) '() (%sort-prefix l (length l) less? (make-vector 1 '()))))

;; (sort sequence less?): sequence is a list (returns a new sorted list) or a
;; vector (returns a new sorted vector).  Stable.
(define (sort seq less?)
  (%check-procedure 'sort 2 less?)
  (cond ((vector? seq) (list->vector (list-sort less? (vector->list seq))))
        ((list? seq) (list-sort less? seq))
        (else (%arg-error 'sort 1 "a list or vector" seq))))

;; (merge list1 list2 less?): merges two sorted lists, stably.
(define (merge a b less?)
  (%check-list 'merge 1 a)
  (%check-list 'merge 2 b)
  (%merge! (list-copy a) (list-copy b) less?))
