;;; hash-tables.scm: hash-table helpers written over the native SRFI 69
;;; procedures: hash-table-fold and alist->hash-table.  (To visit every
;;; entry for effect use the native hash-table-walk.)

;; (hash-table-fold table kons knil): (kons key value acc) over every entry,
;; in no particular order.
(define (hash-table-fold table kons knil)
  (if (not (hash-table? table)) (%arg-error 'hash-table-fold 1 "a hash table" table))
  (%check-procedure 'hash-table-fold 2 kons)
  (let loop ((entries (hash-table->alist table)) (acc knil))
    (if (null? entries)
        acc
        (loop (cdr entries) (kons (car (car entries)) (cdr (car entries)) acc)))))

;; (alist->hash-table alist [equal]): a new table (default equal?) holding
;; the entries; when a key occurs more than once the first entry wins, as
;; with assoc.
(define (alist->hash-table alist . opt)
  (%check-list 'alist->hash-table 1 alist)
  (let ((table (if (pair? opt) (make-hash-table (car opt)) (make-hash-table))))
    (for-each (lambda (entry)
                (if (not (pair? entry))
                    (%arg-error 'alist->hash-table 1 "an association list" alist))
                (if (not (hash-table-contains? table (car entry)))
                    (hash-table-set! table (car entry) (cdr entry))))
              alist)
    table))
