#!/bin/sh
# run.sh: runs one Lisp test file on Guile 3.0 through prelude.scm.
#   tests/vm/guile/run.sh [--reference] FILE
# --reference: check against Guile's own versions of the standard procedures
# instead of our stdlib's (see prelude.scm).  Exit status: the test's.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = "--reference" ]; then
  MPSLISP_GUILE_REFERENCE=1; export MPSLISP_GUILE_REFERENCE; shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--reference] FILE" >&2; exit 2; }
# No compiled cache: a stale .go in ~/.cache/guile would be loaded instead
# of the source even with --no-auto-compile.
XDG_CACHE_HOME=/nonexistent/mpslisp-no-guile-cache; export XDG_CACHE_HOME
exec guile --no-auto-compile -l "$here/prelude.scm" "$1"
