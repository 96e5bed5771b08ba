;;; init.scm: the start-up file of the standard library.  The VM loads
;;; <stdlib-dir>/init.scm when it starts and defines *stdlib-dir*; this file
;;; loads the other stdlib files in dependency order.  Each file only defines
;;; procedures and macros, so a later file may freely call an earlier one and
;;; procedures may refer to names defined in later files (globals are looked
;;; up when called).
(load (string-append *stdlib-dir* "/control.scm"))      ; assert, let-values, receive, promises
(load (string-append *stdlib-dir* "/higher-order.scm")) ; map, for-each, filter, folds, any, every
(load (string-append *stdlib-dir* "/lists.scm"))        ; member, assoc, delete, iota, sort, ...
(load (string-append *stdlib-dir* "/chars.scm"))        ; char-ci comparisons, char-foldcase
(load (string-append *stdlib-dir* "/strings.scm"))      ; string-map, string-join, string-split, ...
(load (string-append *stdlib-dir* "/vectors.scm"))      ; vector-map, vector-for-each, vector-fold, ...
(load (string-append *stdlib-dir* "/hash-tables.scm"))  ; hash-table-fold, alist->hash-table
(load (string-append *stdlib-dir* "/test.scm"))         ; check, check-error, test-group, test-summary
