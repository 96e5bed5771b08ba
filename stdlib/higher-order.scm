;;; higher-order.scm: the list procedures that take procedures: map,
;;; for-each, filter, remove, partition, the folds, reduce, append-map,
;;; filter-map, find, find-tail, any, every, count, list-index.
;;;
;;; Conventions: the one-list case of each is a plain loop (the common case
;;; and the one that must be fast); the n-list case stops at the shortest
;;; list, as R7RS and SRFI 1 say.  Results are built by consing onto an
;;; accumulator and reversing once, so no procedure here recurses as deep
;;; as its list is long.  A list argument that turns out not to be a proper
;;; list raises "WHO: argument N must be a list".

;; The cars of every list, or #f if any list is exhausted.  `who' is for
;; error messages; argument numbers start at 2 (argument 1 is the procedure).
(define (%cars lists who)
  (let loop ((ls lists) (acc '()) (n 2))
    (cond ((null? ls) (reverse acc))
          ((pair? (car ls)) (loop (cdr ls) (cons (car (car ls)) acc) (+ n 1)))
          ((null? (car ls)) #f)
          (else (%arg-error who n "a list" (car ls))))))

(define (%cdrs lists)
  (let loop ((ls lists) (acc '()))
    (if (null? ls)
        (reverse acc)
        (loop (cdr ls) (cons (cdr (car ls)) acc)))))

(define (map f l . more)
  (%check-procedure 'map 1 f)
  (if (null? more)
      (let loop ((l l) (acc '()))
        (cond ((pair? l) (loop (cdr l) (cons (f (car l)) acc)))
              ((null? l) (reverse acc))
              (else (%arg-error 'map 2 "a list" l))))
      (let loop ((ls (cons l more)) (acc '()))
        (let ((cars (%cars ls 'map)))
          (if cars
              (loop (%cdrs ls) (cons (apply f cars) acc))
              (reverse acc))))))

(define (for-each f l . more)
  (%check-procedure 'for-each 1 f)
  (if (null? more)
      (let loop ((l l))
        (cond ((pair? l) (f (car l)) (loop (cdr l)))
              ((not (null? l)) (%arg-error 'for-each 2 "a list" l))))
      (let loop ((ls (cons l more)))
        (let ((cars (%cars ls 'for-each)))
          (if cars
              (begin (apply f cars) (loop (%cdrs ls)))))))
  (if #f #f))

(define (filter pred l)
  (%check-procedure 'filter 1 pred)
  (let loop ((l l) (acc '()))
    (cond ((pair? l) (loop (cdr l) (if (pred (car l)) (cons (car l) acc) acc)))
          ((null? l) (reverse acc))
          (else (%arg-error 'filter 2 "a list" l)))))

(define (remove pred l)
  (%check-procedure 'remove 1 pred)
  (filter (lambda (x) (not (pred x))) l))

;; Returns two values: the elements satisfying pred, and the others.
(define (partition pred l)
  (%check-procedure 'partition 1 pred)
  (let loop ((l l) (in '()) (out '()))
    (cond ((pair? l)
           (if (pred (car l))
               (loop (cdr l) (cons (car l) in) out)
               (loop (cdr l) in (cons (car l) out))))
          ((null? l) (values (reverse in) (reverse out)))
          (else (%arg-error 'partition 2 "a list" l)))))

;; (fold kons knil l ...): SRFI 1, left to right, (kons elem ... acc).
(define (fold kons knil l . more)
  (%check-procedure 'fold 1 kons)
  (if (null? more)
      (let loop ((l l) (acc knil))
        (cond ((pair? l) (loop (cdr l) (kons (car l) acc)))
              ((null? l) acc)
              (else (%arg-error 'fold 3 "a list" l))))
      (let loop ((ls (cons l more)) (acc knil))
        (let ((cars (%cars ls 'fold)))
          (if cars
              (loop (%cdrs ls) (apply kons (append cars (list acc))))
              acc)))))

;; (fold-left f init l ...): R6RS, left to right, (f acc elem ...).
(define (fold-left f init l . more)
  (%check-procedure 'fold-left 1 f)
  (if (null? more)
      (let loop ((l l) (acc init))
        (cond ((pair? l) (loop (cdr l) (f acc (car l))))
              ((null? l) acc)
              (else (%arg-error 'fold-left 3 "a list" l))))
      (let loop ((ls (cons l more)) (acc init))
        (let ((cars (%cars ls 'fold-left)))
          (if cars
              (loop (%cdrs ls) (apply f acc cars))
              acc)))))

;; (fold-right f init l ...): right to left, (f elem ... acc).  Works on the
;; reversed list, so it needs no stack proportional to the list's length.
(define (fold-right f init l . more)
  (%check-procedure 'fold-right 1 f)
  (if (null? more)
      (begin
        (%check-list 'fold-right 3 l)
        (let loop ((l (reverse l)) (acc init))
          (if (pair? l) (loop (cdr l) (f (car l) acc)) acc)))
      ;; Transpose into a reversed list of argument lists, then fold.
      (let collect ((ls (cons l more)) (rows '()))
        (let ((cars (%cars ls 'fold-right)))
          (if cars
              (collect (%cdrs ls) (cons cars rows))
              (let loop ((rows rows) (acc init))
                (if (pair? rows)
                    (loop (cdr rows) (apply f (append (car rows) (list acc))))
                    acc)))))))

;; (reduce f ridentity l): SRFI 1; (f elem acc), ridentity only for '().
(define (reduce f ridentity l)
  (%check-procedure 'reduce 1 f)
  (cond ((null? l) ridentity)
        ((pair? l) (fold f (car l) (cdr l)))
        (else (%arg-error 'reduce 3 "a list" l))))

(define (append-map f l . more)
  (%check-procedure 'append-map 1 f)
  ;; Collect the pieces, then append them all at once (linear overall).
  (apply append (apply map f l more)))

(define (filter-map f l . more)
  (%check-procedure 'filter-map 1 f)
  (if (null? more)
      (let loop ((l l) (acc '()))
        (cond ((pair? l)
               (let ((v (f (car l))))
                 (loop (cdr l) (if v (cons v acc) acc))))
              ((null? l) (reverse acc))
              (else (%arg-error 'filter-map 2 "a list" l))))
      (filter (lambda (x) x) (apply map f l more))))

;; The first element satisfying pred, or #f.
(define (find pred l)
  (let ((tail (find-tail pred l)))
    (and tail (car tail))))

;; The first pair of l whose car satisfies pred, or #f.
(define (find-tail pred l)
  (%check-procedure 'find-tail 1 pred)
  (let loop ((l l))
    (cond ((pair? l) (if (pred (car l)) l (loop (cdr l))))
          ((null? l) #f)
          (else (%arg-error 'find-tail 2 "a list" l)))))

;; The first true value of (pred elem ...), or #f.  The last call is a tail call.
(define (any pred l . more)
  (%check-procedure 'any 1 pred)
  (if (null? more)
      (let loop ((l l))
        (cond ((pair? l)
               (if (null? (cdr l))
                   (pred (car l))
                   (or (pred (car l)) (loop (cdr l)))))
              ((null? l) #f)
              (else (%arg-error 'any 2 "a list" l))))
      (let loop ((ls (cons l more)))
        (let ((cars (%cars ls 'any)))
          (and cars (or (apply pred cars) (loop (%cdrs ls))))))))

;; #t for empty lists, else the value of the last (pred elem ...) if all are true.
(define (every pred l . more)
  (%check-procedure 'every 1 pred)
  (if (null? more)
      (let loop ((l l))
        (cond ((pair? l)
               (if (null? (cdr l))
                   (pred (car l))
                   (and (pred (car l)) (loop (cdr l)))))
              ((null? l) #t)
              (else (%arg-error 'every 2 "a list" l))))
      (let loop ((ls (cons l more)) (last #t))
        (let ((cars (%cars ls 'every)))
          (if cars
              (let ((v (apply pred cars)))
                (and v (loop (%cdrs ls) v)))
              last)))))

(define (count pred l . more)
  (%check-procedure 'count 1 pred)
  (if (null? more)
      (let loop ((l l) (n 0))
        (cond ((pair? l) (loop (cdr l) (if (pred (car l)) (+ n 1) n)))
              ((null? l) n)
              (else (%arg-error 'count 2 "a list" l))))
      (let loop ((ls (cons l more)) (n 0))
        (let ((cars (%cars ls 'count)))
          (if cars
              (loop (%cdrs ls) (if (apply pred cars) (+ n 1) n))
              n)))))

;; The index of the first element satisfying pred, or #f.
(define (list-index pred l . more)
  (%check-procedure 'list-index 1 pred)
  (let loop ((ls (cons l more)) (i 0))
    (let ((cars (%cars ls 'list-index)))
      (cond ((not cars) #f)
            ((apply pred cars) i)
            (else (loop (%cdrs ls) (+ i 1)))))))
