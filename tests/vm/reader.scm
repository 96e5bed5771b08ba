;;; reader.scm: the reader: literals of every type, comments (line, block,
;;; nested block, datum), quote forms, strings with escapes, characters by
;;; name, dotted pairs, and reading from string ports with `read`.

(define (read-all text)
  (let ((port (open-input-string text)))
    (let loop ((acc '()))
      (let ((x (read port)))
        (if (eof-object? x) (reverse acc) (loop (cons x acc)))))))

(test-group "numbers"
  (check 42 => 42)
  (check -17 => (- 0 17))
  (check +5 => 5)
  (check 0 => (- 1 1))
  (check 1.5 => (/ 3.0 2.0))
  (check -0.25 => (- 0.0 0.25))
  (check .5 => 0.5)
  (check 1e3 => 1000.0)
  (check 2.5e-3 => 0.0025)
  (check (exact? 12) => #t)
  (check (inexact? 12.0) => #t)
  (check 4611686018427387903 => (+ 4611686018427387902 1))
  (check -4611686018427387904 => (- -4611686018427387903 1)))

(test-group "booleans, characters, strings"
  (check #t => (not #f))
  (check #true => #t)
  (check #false => #f)
  (check (char->integer #\a) => 97)
  (check (char->integer #\A) => 65)
  (check (char->integer #\space) => 32)
  (check (char->integer #\newline) => 10)
  (check (char->integer #\tab) => 9)
  (check (char->integer #\return) => 13)
  (check (char->integer #\null) => 0)
  (check (char->integer #\alarm) => 7)
  (check (char->integer #\backspace) => 8)
  (check (char->integer #\delete) => 127)
  (check (char->integer #\escape) => 27)
  (check (char->integer #\x41) => 65)
  (check (char->integer #\() => 40)
  (check (char->integer #\;) => 59)
  (check (string-length "") => 0)
  (check (string->list "a\nb") => (list #\a #\newline #\b))
  (check (string->list "\t\\\"") => (list #\tab #\\ #\"))
  (check (string->list "\a\r") => (list #\alarm #\return))
  (check "\x41;\x62;c" => "Abc")
  (check (string-length "line one
line two") => 17)
  (check "a\
      b" => "ab"))

(test-group "symbols"
  (check (symbol? 'abc) => #t)
  (check (eq? 'abc 'ABC) => #f)
  (check (symbol->string 'hello-world!) => "hello-world!")
  (check (symbol->string '<=?) => "<=?")
  (check (symbol->string '->x) => "->x")
  (check (symbol->string '...) => "...")
  (check (symbol? '+) => #t)
  (check (symbol? '-) => #t)
  (check (symbol? '+a) => #t)
  (check (eq? 'abc (string->symbol "abc")) => #t))

(test-group "lists, vectors, bytevectors"
  (check '() => (list))
  (check '(1 2 3) => (list 1 2 3))
  (check '(1 . 2) => (cons 1 2))
  (check '(1 2 . 3) => (cons 1 (cons 2 3)))
  (check '(a (b (c))) => (list 'a (list 'b (list 'c))))
  (check '[1 2] => '(1 2))
  (check '#(1 a "s") => (vector 1 'a "s"))
  (check #(1 2) => (vector 1 2))
  (check '#() => (vector))
  (check (bytevector-u8-ref #u8(1 2 255) 2) => 255)
  (check (bytevector-length #u8()) => 0))

(test-group "quote forms"
  (check ''x => (list 'quote 'x))
  (check '`x => (list 'quasiquote 'x))
  (check ',x => (list 'unquote 'x))
  (check ',@x => (list 'unquote-splicing 'x))
  (check (car ''x) => 'quote))

(test-group "comments"
  (check (+ 1 ; a line comment
            2) => 3)
  (check (+ 1 #| a block
              comment |# 2) => 3)
  (check (+ 1 #| outer #| nested |# still comment |# 2) => 3)
  (check (+ 1 #;(this is ignored) 2) => 3)
  (check '(a #;b c) => '(a c))
  (check '(a #; #;b c d) => '(a d))
  (check (read-all "1 ; comment\n 2 #| x |# 3 #;4") => '(1 2 3)))

(test-group "read from string ports"
  (check (read-all "") => '())
  (check (read-all "foo (1 . 2) #(a b) \"s\\n\" #\\x") => (list 'foo (cons 1 2) (vector 'a 'b) "s\n" #\x))
  (check (read-all "'a `(b ,c ,@d)") => '((quote a) (quasiquote (b (unquote c) (unquote-splicing d)))))
  (check (read-all "-12 3.5 #t #f") => (list -12 3.5 #t #f))
  (check (eof-object? (read (open-input-string "   "))) => #t)
  (check-error (read (open-input-string "(1 2")))
  (check-error (read (open-input-string "\"unterminated")))
  (check-error (read (open-input-string "#(1 2"))))

(test-summary)
