;;; macros.scm: define-syntax with syntax-rules: swap!, my-or (hygiene: the
;;; temporary does not capture the user's variable), while loops, literals,
;;; nested ellipses, recursive macros, macros expanding into definitions,
;;; and macros using other macros.

(define-syntax swap!
  (syntax-rules ()
    ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))

(define-syntax my-or
  (syntax-rules ()
    ((_) #f)
    ((_ e) e)
    ((_ e r ...) (let ((t e)) (if t t (my-or r ...))))))

(define-syntax while
  (syntax-rules ()
    ((_ cond body ...) (let lp () (when cond body ... (lp))))))

(define-syntax my-if
  (syntax-rules (then else)
    ((_ c then t else e) (if c t e))
    ((_ c then t) (if c t #f))))

(define-syntax my-let*
  (syntax-rules ()
    ((_ () body ...) (let () body ...))
    ((_ ((x v) rest ...) body ...) (let ((x v)) (my-let* (rest ...) body ...)))))

;; Nested ellipsis: ((name value ...) ...) -> list of (name . sum)
(define-syntax sums
  (syntax-rules ()
    ((_ (name value ...) ...) (list (cons 'name (+ value ...)) ...))))

(define-syntax flatten-pairs
  (syntax-rules ()
    ((_ (a b ...) ...) '(a ... (b ...) ...))))

(define-syntax define-getter
  (syntax-rules ()
    ((_ name value) (define (name) value))))

(define-getter get-five 5)

(define-syntax for
  (syntax-rules (in from to)
    ((_ x in lst body ...) (for-each (lambda (x) body ...) lst))
    ((_ x from a to b body ...) (do ((x a (+ x 1))) ((> x b)) body ...))))

(define-syntax count-args
  (syntax-rules ()
    ((_) 0)
    ((_ x rest ...) (+ 1 (count-args rest ...)))))

(define-syntax my-cond
  (syntax-rules (else)
    ((_ (else e ...)) (begin e ...))
    ((_ (c e ...) clause ...) (if c (begin e ...) (my-cond clause ...)))))

(define-syntax vec-pattern
  (syntax-rules ()
    ((_ #(a ...)) (list a ...))))

(define-syntax dotted
  (syntax-rules ()
    ((_ a . rest) '(a rest))))

(test-group "swap! and hygiene"
  (check (let ((x 1) (y 2)) (swap! x y) (list x y)) => '(2 1))
  ;; The macro's own `tmp' must not capture the user's variable called tmp.
  (check (let ((tmp 1) (other 2)) (swap! tmp other) (list tmp other)) => '(2 1))
  (check (my-or) => #f)
  (check (my-or #f 3) => 3)
  (check (let ((t 5)) (my-or #f t)) => 5)
  ;; A local binding of `if' does not change what my-or's expansion means.
  (check (let ((if list)) (my-or #f 7)) => 7)
  (check (let ((n 0)) (my-or (begin (set! n (+ n 1)) #f) (begin (set! n (+ n 1)) n))) => 2))

(test-group "while and literals"
  (check (let ((i 0) (acc '()))
           (while (< i 4) (set! acc (cons i acc)) (set! i (+ i 1)))
           acc)
         => '(3 2 1 0))
  (check (my-if #t then 'yes else 'no) => 'yes)
  (check (my-if #f then 'yes else 'no) => 'no)
  (check (my-if #f then 'yes) => #f)
  (check (let ((acc '())) (for x in '(1 2 3) (set! acc (cons (* x x) acc))) acc) => '(9 4 1))
  (check (let ((acc 0)) (for i from 1 to 10 (set! acc (+ acc i))) acc) => 55))

(test-group "ellipses and recursion"
  (check (my-let* ((a 1) (b (+ a 1)) (c (* b 10))) (list a b c)) => '(1 2 20))
  (check (sums (a 1 2 3) (b) (c 10)) => '((a . 6) (b . 0) (c . 10)))
  (check (flatten-pairs (x 1 2) (y 3)) => '(x y (1 2) (3)))
  (check (count-args a b c d) => 4)
  (check (my-cond (#f 1) ((= 1 1) 2) (else 3)) => 2)
  (check (my-cond (#f 1) (else 3)) => 3)
  (check (vec-pattern #(1 2 3)) => '(1 2 3))
  (check (dotted 1 2 3) => '(1 (2 3))))

(test-group "definitions from macros"
  (check (get-five) => 5)
  (check (let () (define-getter local-six 6) (local-six)) => 6))

(test-group "local macros"
  (check (let-syntax ((double (syntax-rules () ((_ e) (* 2 e)))))
           (double 21))
         => 42)
  (check (letrec-syntax ((ten (syntax-rules () ((_) 10)))
                         (twenty (syntax-rules () ((_) (+ (ten) (ten))))))
           (twenty))
         => 20))

(test-summary)
