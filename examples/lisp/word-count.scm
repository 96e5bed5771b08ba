;;; word-count.scm: word frequencies with a hash table.  Reads a text file
;;; (the first command-line argument, or a built-in paragraph), splits it
;;; into lower-case words, counts them in an equal? hash table, and prints
;;; the twelve most frequent words with their counts.
;;;
;;;   mpslisp examples/lisp/word-count.scm [FILE]
(define sample-text
  "The Memory Pool System is a flexible and adaptable memory manager.
Among its many advantages are an incremental garbage collector with very
low latency, good support for internal pointers, and support for
finalization.  The garbage collector moves objects, so the memory it
manages stays compact; the pools of the system may be mixed, and the
collector works with the pools the client chooses.")

(define (read-whole-file path)
  (let ((in (open-input-file path)) (out (open-output-string)))
    (let loop ()
      (let ((line (read-line in)))
        (unless (eof-object? line)
          (write-string line out)
          (newline out)
          (loop))))
    (close-port in)
    (get-output-string out)))

;; The words of text: maximal runs of letters, lower-cased.
(define (words text)
  (let ((n (string-length text)))
    (let loop ((i 0) (start #f) (acc '()))
      (cond ((= i n)
             (reverse (if start (cons (string-downcase (substring text start n)) acc) acc)))
            ((char-alphabetic? (string-ref text i))
             (loop (+ i 1) (or start i) acc))
            (start (loop (+ i 1) #f (cons (string-downcase (substring text start i)) acc)))
            (else (loop (+ i 1) #f acc))))))

(define (count-words ws)
  (let ((table (make-hash-table equal?)))
    (for-each (lambda (w) (hash-table-update!/default table w (lambda (n) (+ n 1)) 0)) ws)
    table))

(define (main)
  (let* ((args (command-line))
         (text (if (> (length args) 1) (read-whole-file (cadr args)) sample-text))
         (ws (words text))
         (table (count-words ws))
         ;; Most frequent first; ties in alphabetical order.
         (ranked (sort (hash-table->alist table)
                       (lambda (a b) (or (> (cdr a) (cdr b))
                                         (and (= (cdr a) (cdr b)) (string<? (car a) (car b))))))))
    (display (length ws)) (display " words, ")
    (display (hash-table-count table)) (display " different") (newline)
    (for-each (lambda (entry)
                (display (string-pad-left (number->string (cdr entry)) 5))
                (display "  ")
                (display (car entry))
                (newline))
              (if (> (length ranked) 12) (list-head ranked 12) ranked))))

(define (list-head l k) (if (= k 0) '() (cons (car l) (list-head (cdr l) (- k 1)))))

(main)
