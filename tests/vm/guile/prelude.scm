;;; prelude.scm: lets the Lisp test files (tests/vm/*.scm) run unchanged on
;;; Guile 3.0, to validate the tests themselves against an independent
;;; Scheme while our VM is built.  Used by run.sh:
;;;
;;;   guile --no-auto-compile -l tests/vm/guile/prelude.scm FILE
;;;
;;; It imports the R7RS libraries and SRFI 69 hash tables, defines the few
;;; native mpslisp procedures Guile lacks, and then loads our stdlib
;;; (stdlib/*.scm) so the tests exercise our Lisp code on Guile too.  With
;;; the environment variable MPSLISP_GUILE_REFERENCE=1 it afterwards puts back
;;; Guile's own definition of every standard name our stdlib redefined (map,
;;; member, sort, string-join, ...), so the tests are checked against
;;; Guile's implementation as the reference.
;;;
;;; (mpslisp?) is #f here: tests use it to skip the few checks where mpslisp
;;; legitimately differs (fixnum overflow is an error, call/cc is
;;; escape-only, / of fixnums gives a flonum, error message wording).

;; Quiet the "imported module overrides core binding" warnings.
(default-duplicate-binding-handler '(replace last))

(use-modules (scheme base) (scheme char) (scheme write) (scheme read)
             (scheme file) (scheme cxr) (scheme inexact) (scheme eval)
             (scheme process-context) (scheme time) (scheme lazy)
             (srfi srfi-1) (srfi srfi-69))

;; R7RS string syntax: "\x41;" escapes and "\<newline>" skipping the next
;; line's leading whitespace.
(read-enable 'r6rs-hex-escapes)
(read-enable 'hungry-eol-escapes)

;; ---- native mpslisp procedures that Guile lacks ----
(define (make-eq-hash-table) (make-hash-table eq?))
(define (hash-table-count t) (hash-table-size t))
(define (hash-table-contains? t k) (hash-table-exists? t k))
(define (hash-table-clear! t)
  (for-each (lambda (k) (hash-table-delete! t k)) (hash-table-keys t)))
(define (void . args) (if #f #f))
;; mpslisp's collector stress mode has no Guile counterpart: full sizes.
(define (stress-mode?) #f)
(define (void? x) (unspecified? x))

;; ---- our stdlib ----
(define *stdlib-dir*
  (let ((here (dirname (current-filename))))
    (canonicalize-path (string-append here "/../../../stdlib"))))

;; The standard names (Guile has them) that our stdlib also defines.
(define %reference-names
  '(map for-each filter remove partition fold fold-right reduce append-map
    filter-map find find-tail any every count list-index make-list iota last-pair
    last append! cons* member assoc delete delete! delete-duplicates append-reverse
    assoc-ref sort merge char-foldcase char-ci<? char-ci>? char-ci<=? char-ci>=?
    string-map string-for-each string-join string-split string-pad-right
    string-trim string-trim-right string-trim-both string-prefix?
    string-suffix? string-reverse string-foldcase string-ci<? string-ci>?
    string-ci<=? string-ci>=? vector-map vector-for-each hash-table-fold
    alist->hash-table))

(define %guile-values
  (filter-map (lambda (name)
                (and (defined? name) (cons name (module-ref (current-module) name))))
              %reference-names))

(load (string-append *stdlib-dir* "/init.scm"))

(define (mpslisp?) #f)

(if (equal? (getenv "MPSLISP_GUILE_REFERENCE") "1")
    (for-each (lambda (entry) (module-define! (current-module) (car entry) (cdr entry)))
              %guile-values))
