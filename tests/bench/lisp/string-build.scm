;;; string-build.scm: string building.  Builds strings three ways --
;;; string-append in a loop, a string output port, and list->string of a
;;; character list -- and checks their lengths and contents agree.  Prints
;;; the total length and a checksum.
(define (digits-port n)
  (let ((out (open-output-string)))
    (do ((i 0 (+ i 1))) ((= i n))
      (display i out)
      (write-char #\space out))
    (get-output-string out)))

(define (digits-append n)
  ;; Appends short pieces into a chunk, and chunks into a list, so the
  ;; loop is not quadratic in n.
  (let loop ((i 0) (chunk "") (chunks '()))
    (cond ((= i n) (apply string-append (reverse (cons chunk chunks))))
          ((= (remainder i 100) 99)
           (loop (+ i 1) "" (cons (string-append chunk (number->string i) " ") chunks)))
          (else (loop (+ i 1) (string-append chunk (number->string i) " ") chunks)))))

(define (checksum s)
  (let ((n (string-length s)))
    (let loop ((i 0) (sum 0))
      (if (= i n) sum (loop (+ i 1) (remainder (+ (* sum 31) (char->integer (string-ref s i))) 1000003))))))

(define (run rounds n)
  (let loop ((r 0) (total 0) (sum 0))
    (if (= r rounds)
        (list total sum)
        (let ((a (digits-port n))
              (b (digits-append n))
              (c (list->string (string->list (digits-port (quotient n 10))))))
          (if (not (string=? a b)) (error "string-build: results differ"))
          (loop (+ r 1)
                (+ total (string-length a) (string-length c))
                (remainder (+ sum (checksum a) (checksum c)) 1000003))))))

(let ((result (run 10 20000)))
  (display (car result))
  (display " ")
  (display (cadr result))
  (newline))
