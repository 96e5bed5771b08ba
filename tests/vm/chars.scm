;;; chars.scm: characters: conversion, comparison (case-sensitive and not),
;;; classification, case mapping and digit-value.

(test-group "conversion"
  (check (char->integer #\A) => 65)
  (check (integer->char 97) => #\a)
  (check (integer->char 0) => #\null)
  (check (char->integer (integer->char 255)) => 255)
  (check-error (char->integer "a"))
  (check-error (integer->char 'a)))

(test-group "comparison"
  (check (char=? #\a #\a) => #t)
  (check (char=? #\a #\b) => #f)
  (check (char<? #\a #\b) => #t)
  (check (char<? #\a #\b #\c) => #t)
  (check (char<? #\a #\c #\b) => #f)
  (check (char>? #\b #\a) => #t)
  (check (char<=? #\a #\a #\b) => #t)
  (check (char>=? #\b #\c) => #f)
  (check (char-ci=? #\a #\A) => #t)
  (check (char-ci<? #\a #\B) => #t)
  (check (char-ci>? #\a #\B) => #f)
  (check (char-ci<=? #\A #\a #\b) => #t)
  (check (char-ci>=? #\Z #\y #\x) => #t)
  (check-error (char<? #\a 1))
  (check-error (char-ci<? #\a "b")))

(test-group "classification"
  (check (char-alphabetic? #\a) => #t)
  (check (char-alphabetic? #\1) => #f)
  (check (char-numeric? #\7) => #t)
  (check (char-numeric? #\x) => #f)
  (check (char-whitespace? #\space) => #t)
  (check (char-whitespace? #\tab) => #t)
  (check (char-whitespace? #\newline) => #t)
  (check (char-whitespace? #\a) => #f)
  (check (char-upper-case? #\A) => #t)
  (check (char-upper-case? #\a) => #f)
  (check (char-lower-case? #\a) => #t)
  (check (char-lower-case? #\1) => #f)
  (check (char? #\a) => #t)
  (check (char? "a") => #f))

(test-group "case and digits"
  (check (char-upcase #\a) => #\A)
  (check (char-upcase #\1) => #\1)
  (check (char-downcase #\Q) => #\q)
  (check (char-foldcase #\Q) => #\q)
  (check (digit-value #\7) => 7)
  (check (digit-value #\0) => 0)
  (check (digit-value #\a) => #f)
  (check (map char-upcase (string->list "ab1")) => '(#\A #\B #\1)))

(test-summary)
