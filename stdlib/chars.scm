;;; chars.scm: character utilities not provided natively: the
;;; case-insensitive orderings (R7RS, any number of arguments) and
;;; char-foldcase.  Characters are code points 0..255 (see docs/vm.md), so
;;; folding is char-downcase.

(define (char-foldcase c)
  (if (not (char? c)) (%arg-error 'char-foldcase 1 "a character" c))
  (char-downcase c))

;; Applies the native ordering `cmp' to the folded characters, pairwise.
(define (%char-ci-chain who cmp a b rest)
  (let loop ((a a) (b b) (rest rest) (n 1))
    (if (not (char? a)) (%arg-error who n "a character" a))
    (if (not (char? b)) (%arg-error who (+ n 1) "a character" b))
    (and (cmp (char-downcase a) (char-downcase b))
         (or (null? rest)
             (loop b (car rest) (cdr rest) (+ n 1))))))

(define (char-ci<? a b . rest) (%char-ci-chain 'char-ci<? char<? a b rest))
(define (char-ci>? a b . rest) (%char-ci-chain 'char-ci>? char>? a b rest))
(define (char-ci<=? a b . rest) (%char-ci-chain 'char-ci<=? char<=? a b rest))
(define (char-ci>=? a b . rest) (%char-ci-chain 'char-ci>=? char>=? a b rest))
