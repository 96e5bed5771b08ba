;;; closures.scm: closures capture variables, not values: counters, several
;;; closures sharing one captured variable, set! on captured variables and
;;; on parameters, closures created in loops, and deep nesting.

(define (make-counter)
  (let ((n 0))
    (lambda () (set! n (+ n 1)) n)))

(define (make-account balance)
  (define (deposit! x) (set! balance (+ balance x)) balance)
  (define (withdraw! x)
    (if (> x balance) (error "insufficient funds" x))
    (set! balance (- balance x))
    balance)
  (lambda (op . args)
    (case op
      ((deposit) (apply deposit! args))
      ((withdraw) (apply withdraw! args))
      ((balance) balance))))

(define (make-adder k) (lambda (x) (+ x k)))
(define (compose f g) (lambda (x) (f (g x))))

(test-group "counters"
  (let ((c1 (make-counter)) (c2 (make-counter)))
    (check (c1) => 1)
    (check (c1) => 2)
    (check (c2) => 1)
    (check (c1) => 3)))

(test-group "shared captured variables"
  (let* ((x 0)
         (get (lambda () x))
         (inc! (lambda () (set! x (+ x 1))))
         (reset! (lambda () (set! x 0))))
    (inc!) (inc!)
    (check (get) => 2)
    (reset!)
    (check (get) => 0)
    (set! x 40)
    (inc!) (inc!)
    (check (get) => 42))
  (let ((acct (make-account 100)))
    (check (acct 'deposit 50) => 150)
    (check (acct 'withdraw 30) => 120)
    (check (acct 'balance) => 120)
    (check-error (acct 'withdraw 500) "insufficient funds")
    (check (acct 'balance) => 120)))

(test-group "set! on parameters"
  (check ((lambda (a) (set! a (* a 2)) a) 21) => 42)
  (check (let ((f (lambda (a) (lambda () (set! a (+ a 1)) a))))
           (let ((g (f 10))) (g) (g)))
         => 12))

(test-group "closures in loops"
  ;; Each iteration of a named let binds a fresh i.
  (check (let loop ((i 0) (fs '()))
           (if (= i 5)
               (map (lambda (f) (f)) (reverse fs))
               (loop (+ i 1) (cons (lambda () (* i 10)) fs))))
         => '(0 10 20 30 40))
  ;; do rebinds its variables on every step, too.
  (check (let ((fs '()))
           (do ((i 0 (+ i 1))) ((= i 3))
             (set! fs (cons (lambda () i) fs)))
           (map (lambda (f) (f)) fs))
         => '(2 1 0))
  (check (map (lambda (f) (f 1)) (map make-adder '(1 2 3))) => '(2 3 4)))

(test-group "higher-order and nesting"
  (check ((compose (make-adder 1) (make-adder 10)) 0) => 11)
  (check (procedure? (((lambda (a) (lambda (b) (lambda (c) (list a b c)))) 1) 2)) => #t)
  (check ((((lambda (a) (lambda (b) (lambda (c) (list a b c)))) 1) 2) 3) => '(1 2 3))
  (check (let ((x 1))
           (let ((f (lambda () x)))
             (set! x 2)
             (f)))
         => 2)
  ;; Many closures alive across collections keep their own state.
  (check (let ((counters (map (lambda (i) (make-counter)) (iota 1000))))
           (for-each (lambda (c) (c) (c)) counters)
           (gc)
           (apply + (map (lambda (c) (c)) counters)))
         => 3000))

(test-summary)
