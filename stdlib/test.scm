;;; test.scm: the test helpers every tests/vm/*.scm file uses.
;;;
;;;   (check EXPR => EXPECTED)         passes if EXPR's value is equal? to EXPECTED
;;;   (check-error EXPR)               passes if evaluating EXPR raises anything
;;;   (check-error EXPR "substring")   ... and the error's text contains substring
;;;   (test-group "name" BODY ...)     prints the name, then runs BODY
;;;   (test-summary)                   prints "N passed, M failed"; exits 1 on failures
;;;   (scaled NORMAL STRESSED)         NORMAL, or STRESSED under --stress (see below)
;;;
;;; A check whose EXPR raises an error counts as a failure (it does not stop
;;; the file).  Failures print the expression, the expected and the actual
;;; value; passes print nothing, so a run's output is the list of groups,
;;; the failures and the summary.  The same helpers are defined for Guile by
;;; tests/vm/guile/prelude.scm, which loads this file.

(define %tests-passed 0)
(define %tests-failed 0)

;; True in mpslisp; the Guile prelude redefines it as false.  Tests use it to
;; guard the few checks where mpslisp legitimately differs from Guile.
(define (mpslisp?) #t)

;; The text an error is matched against: the message of an error object
;; followed by its irritants as written (R7RS puts the details there), or
;; the written form of any other raised object.
(define (%error-text e)
  (let ((out (open-output-string)))
    (if (error-object? e)
        (begin
          (display (error-object-message e) out)
          (for-each (lambda (x) (display " " out) (write x out))
                    (error-object-irritants e)))
        (write e out))
    (get-output-string out)))

(define (%string-contains? s sub)
  (and (string-contains s sub) #t))

;; Long printed values are cut to this many characters in failure reports.
(define %report-width 400)

(define (%clip s)
  (if (> (string-length s) %report-width)
      (string-append (substring s 0 %report-width) " ...")
      s))

(define (%written x)
  (let ((o (open-output-string)))
    (write x o)
    (%clip (get-output-string o))))

(define (%test-fail expr-datum what expected-label expected actual-label actual)
  (set! %tests-failed (+ %tests-failed 1))
  (display "FAIL: ") (display (%written expr-datum)) (newline)
  (display "  ") (display what) (newline)
  (display "  ") (display expected-label) (display (%written expected)) (newline)
  (display "  ") (display actual-label) (display (%clip actual)) (newline))

(define (%check datum thunk expected)
  (let ((result (guard (e (#t (cons '%raised e)))
                  (list (thunk)))))
    (cond ((and (pair? result) (eq? (car result) '%raised))
           (%test-fail datum "raised an error" "expected: " expected
                       "error:    " (%error-text (cdr result))))
          ((equal? (car result) expected)
           (set! %tests-passed (+ %tests-passed 1)))
          (else
           (%test-fail datum "wrong value" "expected: " expected
                       "actual:   " (%written (car result)))))))

(define (%check-error datum thunk substring)
  (let ((result (guard (e (#t (cons '%raised e)))
                  (list (thunk)))))
    (cond ((not (and (pair? result) (eq? (car result) '%raised)))
           (%test-fail datum "raised no error" "expected an error containing: "
                       (or substring "") "returned: " (%written (car result))))
          ((or (not substring) (%string-contains? (%error-text (cdr result)) substring))
           (set! %tests-passed (+ %tests-passed 1)))
          (else
           (%test-fail datum "raised an error with another message"
                       "expected text containing: " substring
                       "error: " (%error-text (cdr result)))))))

(define-syntax check
  (syntax-rules (=>)
    ((_ expr => expected) (%check 'expr (lambda () expr) expected))))

(define-syntax check-error
  (syntax-rules ()
    ((_ expr) (%check-error 'expr (lambda () expr) #f))
    ((_ expr substring) (%check-error 'expr (lambda () expr) substring))))

(define-syntax test-group
  (syntax-rules ()
    ((_ name body ...)
     (begin (display "-- ") (display name) (newline) body ...))))

;; A size for a heavy test: NORMAL in an ordinary run, STRESSED when the
;; collector is in stress mode (mpslisp --stress), where every allocation-point
;; refill runs a full collection and a heap check, so allocation costs about a
;; thousand times more.  STRESSED should still allocate enough to cross many
;; collections while the structures the test keeps live are in use.
(define (scaled normal stressed)
  (if (stress-mode?) stressed normal))

(define (test-summary)
  (display %tests-passed)
  (display " passed, ")
  (display %tests-failed)
  (display " failed")
  (newline)
  (if (> %tests-failed 0) (exit 1)))
