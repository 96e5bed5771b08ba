;;; vectors.scm: vector utilities written in Lisp: vector-map and
;;; vector-for-each (R7RS, any number of vectors), and from SRFI 133
;;; vector-fold, vector-count, vector-index, vector-swap!,
;;; vector-binary-search; plus vector-grow and subvector.

(define (%check-vector who n v)
  (if (not (vector? v)) (%arg-error who n "a vector" v)))

(define (%min-vector-length who vectors)
  (let loop ((vs vectors) (n 2) (m #f))
    (if (null? vs)
        m
        (begin
          (%check-vector who n (car vs))
          (let ((len (vector-length (car vs))))
            (loop (cdr vs) (+ n 1) (if (or (not m) (< len m)) len m)))))))

(define (vector-map f v . more)
  (%check-procedure 'vector-map 1 f)
  (if (null? more)
      (begin
        (%check-vector 'vector-map 2 v)
        (let* ((n (vector-length v)) (out (make-vector n)))
          (do ((i 0 (+ i 1))) ((= i n) out)
            (vector-set! out i (f (vector-ref v i))))))
      (let* ((vs (cons v more))
             (n (%min-vector-length 'vector-map vs))
             (out (make-vector n)))
        (do ((i 0 (+ i 1))) ((= i n) out)
          (vector-set! out i (apply f (map (lambda (x) (vector-ref x i)) vs)))))))

(define (vector-for-each f v . more)
  (%check-procedure 'vector-for-each 1 f)
  (if (null? more)
      (begin
        (%check-vector 'vector-for-each 2 v)
        (let ((n (vector-length v)))
          (do ((i 0 (+ i 1))) ((= i n))
            (f (vector-ref v i)))))
      (let* ((vs (cons v more))
             (n (%min-vector-length 'vector-for-each vs)))
        (do ((i 0 (+ i 1))) ((= i n))
          (apply f (map (lambda (x) (vector-ref x i)) vs)))))
  (if #f #f))

;; (vector-fold kons knil v): SRFI 133 order, (kons state element).
(define (vector-fold kons knil v)
  (%check-procedure 'vector-fold 1 kons)
  (%check-vector 'vector-fold 3 v)
  (let ((n (vector-length v)))
    (let loop ((i 0) (acc knil))
      (if (= i n) acc (loop (+ i 1) (kons acc (vector-ref v i)))))))

(define (vector-count pred v)
  (%check-procedure 'vector-count 1 pred)
  (vector-fold (lambda (n x) (if (pred x) (+ n 1) n)) 0 v))

;; The index of the first element satisfying pred, or #f.
(define (vector-index pred v)
  (%check-procedure 'vector-index 1 pred)
  (%check-vector 'vector-index 2 v)
  (let ((n (vector-length v)))
    (let loop ((i 0))
      (cond ((= i n) #f)
            ((pred (vector-ref v i)) i)
            (else (loop (+ i 1)))))))

(define (vector-swap! v i j)
  (%check-vector 'vector-swap! 1 v)
  (let ((x (vector-ref v i)))
    (vector-set! v i (vector-ref v j))
    (vector-set! v j x)))

;; (vector-binary-search v value cmp): v is sorted by cmp, where (cmp a b)
;; is negative, zero or positive; returns the index of an element for
;; which (cmp element value) is zero, or #f.
(define (vector-binary-search v value cmp)
  (%check-vector 'vector-binary-search 1 v)
  (%check-procedure 'vector-binary-search 3 cmp)
  (let loop ((lo 0) (hi (- (vector-length v) 1)))
    (if (> lo hi)
        #f
        (let* ((mid (quotient (+ lo hi) 2))
               (c (cmp (vector-ref v mid) value)))
          (cond ((zero? c) mid)
                ((negative? c) (loop (+ mid 1) hi))
                (else (loop lo (- mid 1))))))))

;; (vector-grow v n): a new vector of length n >= (vector-length v) whose
;; first elements are v's; the rest are unspecified.
(define (vector-grow v n)
  (%check-vector 'vector-grow 1 v)
  (if (not (and (exact-integer? n) (>= n (vector-length v))))
      (%arg-error 'vector-grow 2 "an integer not less than the vector's length" n))
  (let ((out (make-vector n)))
    (vector-copy! out 0 v)
    out))

;; (subvector v start end): the same as (vector-copy v start end).
(define (subvector v start end)
  (%check-vector 'subvector 1 v)
  (vector-copy v start end))
