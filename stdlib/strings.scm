;;; strings.scm: string utilities written in Lisp: string-map and
;;; string-for-each (R7RS, any number of strings), string-join,
;;; string-split, padding, trimming, prefix/suffix tests, string-reverse,
;;; string-foldcase and the case-insensitive orderings.  Names and argument
;;; orders follow Guile where Guile has the procedure, so the same programs
;;; run on both.

(define (%check-string who n s)
  (if (not (string? s)) (%arg-error who n "a string" s)))

;; The shortest length among the strings, checking that each is a string.
(define (%min-string-length who strings)
  (let loop ((ss strings) (n 2) (m #f))
    (if (null? ss)
        m
        (begin
          (%check-string who n (car ss))
          (let ((len (string-length (car ss))))
            (loop (cdr ss) (+ n 1) (if (or (not m) (< len m)) len m)))))))

(define (string-map f s . more)
  (%check-procedure 'string-map 1 f)
  (if (null? more)
      (begin
        (%check-string 'string-map 2 s)
        (let* ((n (string-length s)) (out (make-string n)))
          (do ((i 0 (+ i 1))) ((= i n) out)
            (let ((c (f (string-ref s i))))
              (if (not (char? c)) (error "string-map: procedure must return a character" c))
              (string-set! out i c)))))
      (let* ((strings (cons s more))
             (n (%min-string-length 'string-map strings))
             (out (make-string n)))
        (do ((i 0 (+ i 1))) ((= i n) out)
          (let ((c (apply f (map (lambda (str) (string-ref str i)) strings))))
            (if (not (char? c)) (error "string-map: procedure must return a character" c))
            (string-set! out i c))))))

(define (string-for-each f s . more)
  (%check-procedure 'string-for-each 1 f)
  (if (null? more)
      (begin
        (%check-string 'string-for-each 2 s)
        (let ((n (string-length s)))
          (do ((i 0 (+ i 1))) ((= i n))
            (f (string-ref s i)))))
      (let* ((strings (cons s more))
             (n (%min-string-length 'string-for-each strings)))
        (do ((i 0 (+ i 1))) ((= i n))
          (apply f (map (lambda (str) (string-ref str i)) strings)))))
  (if #f #f))

;; (string-join list [delimiter]): the strings with delimiter (default " ")
;; between them.  Written to a string port, so it is linear in the output.
(define (string-join strings . opt)
  (let ((delim (if (pair? opt) (car opt) " ")))
    (%check-list 'string-join 1 strings)
    (%check-string 'string-join 2 delim)
    (if (null? strings)
        ""
        (let ((out (open-output-string)))
          (%check-string 'string-join 1 (car strings))
          (write-string (car strings) out)
          (for-each (lambda (s)
                      (%check-string 'string-join 1 s)
                      (write-string delim out)
                      (write-string s out))
                    (cdr strings))
          (get-output-string out)))))

;; (string-split string char): the pieces between occurrences of char;
;; empty pieces are kept, so (string-split "a,,b" #\,) => ("a" "" "b").
(define (string-split s ch)
  (%check-string 'string-split 1 s)
  (if (not (char? ch)) (%arg-error 'string-split 2 "a character" ch))
  ;; Scan from the end so the pieces come out in order without a reverse.
  (let loop ((i (- (string-length s) 1)) (end (string-length s)) (acc '()))
    (cond ((< i 0) (cons (substring s 0 end) acc))
          ((char=? (string-ref s i) ch)
           (loop (- i 1) i (cons (substring s (+ i 1) end) acc)))
          (else (loop (- i 1) end acc)))))

;; (string-pad-left s n [char]): s right-aligned in a field of n characters,
;; padded with char (default space) on the left; if s is longer, its
;; rightmost n characters.  (string-pad-right s n [char]) is the mirror image.
(define (string-pad-left s n . opt)
  (%check-string 'string-pad-left 1 s)
  (%check-index 'string-pad-left 2 n)
  (let ((len (string-length s))
        (c (if (pair? opt) (car opt) #\space)))
    (if (>= len n)
        (substring s (- len n) len)
        (string-append (make-string (- n len) c) s))))

(define (string-pad-right s n . opt)
  (%check-string 'string-pad-right 1 s)
  (%check-index 'string-pad-right 2 n)
  (let ((len (string-length s))
        (c (if (pair? opt) (car opt) #\space)))
    (if (>= len n)
        (substring s 0 n)
        (string-append s (make-string (- n len) c)))))

;; Trimming whitespace, Guile's names: string-trim (left), string-trim-right,
;; string-trim-both.
(define (%trim-start s)
  (let ((n (string-length s)))
    (let loop ((i 0))
      (if (and (< i n) (char-whitespace? (string-ref s i))) (loop (+ i 1)) i))))

(define (%trim-end s start)
  (let loop ((i (string-length s)))
    (if (and (> i start) (char-whitespace? (string-ref s (- i 1)))) (loop (- i 1)) i)))

(define (string-trim s)
  (%check-string 'string-trim 1 s)
  (substring s (%trim-start s) (string-length s)))

(define (string-trim-right s)
  (%check-string 'string-trim-right 1 s)
  (substring s 0 (%trim-end s 0)))

(define (string-trim-both s)
  (%check-string 'string-trim-both 1 s)
  (let ((start (%trim-start s)))
    (substring s start (%trim-end s start))))

;; (string-prefix? prefix s) and (string-suffix? suffix s), as in Guile/SRFI 13.
(define (string-prefix? prefix s)
  (%check-string 'string-prefix? 1 prefix)
  (%check-string 'string-prefix? 2 s)
  (let ((n (string-length prefix)))
    (and (<= n (string-length s))
         (string=? prefix (substring s 0 n)))))

(define (string-suffix? suffix s)
  (%check-string 'string-suffix? 1 suffix)
  (%check-string 'string-suffix? 2 s)
  (let ((n (string-length suffix)) (len (string-length s)))
    (and (<= n len)
         (string=? suffix (substring s (- len n) len)))))

(define (string-reverse s)
  (%check-string 'string-reverse 1 s)
  (let* ((n (string-length s)) (out (make-string n)))
    (do ((i 0 (+ i 1))) ((= i n) out)
      (string-set! out i (string-ref s (- n i 1))))))

(define (string-foldcase s)
  (%check-string 'string-foldcase 1 s)
  (string-downcase s))

;; Case-insensitive orderings (R7RS, two or more strings).
(define (%string-ci-chain who cmp a b rest)
  (let loop ((a a) (b b) (rest rest) (n 1))
    (%check-string who n a)
    (%check-string who (+ n 1) b)
    (and (cmp (string-downcase a) (string-downcase b))
         (or (null? rest)
             (loop b (car rest) (cdr rest) (+ n 1))))))

(define (string-ci<? a b . rest) (%string-ci-chain 'string-ci<? string<? a b rest))
(define (string-ci>? a b . rest) (%string-ci-chain 'string-ci>? string>? a b rest))
(define (string-ci<=? a b . rest) (%string-ci-chain 'string-ci<=? string<=? a b rest))
(define (string-ci>=? a b . rest) (%string-ci-chain 'string-ci>=? string>=? a b rest))
