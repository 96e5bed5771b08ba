#!/bin/bash
# run.sh: runs the Lisp benchmarks on mpslisp and on Guile 3.0 and prints
# wall time and peak resident memory side by side.
#
#   tests/bench/lisp/run.sh [--repeat N] [--mpslisp PATH] [--guile-compiled] [PROGRAM...]
#
# Each program runs N times (default 3) on each implementation; the table
# shows the median wall seconds, the mpslisp/guile ratio, and the median peak
# RSS (from /usr/bin/time -f "%e %M").  The first run's output of each
# implementation must be identical, else the program is marked MISMATCH and
# the script exits 1.
#
# The peer.  The "guile" column is `guile --no-auto-compile`: Guile loads the
# source and runs it in its evaluator, as mpslisp compiles the source to
# bytecode at load and interprets it; neither keeps compiled code between
# runs.  That is the like-for-like comparison and the one the targets refer
# to.  With --guile-compiled a second column shows Guile running code its
# optimising compiler produced (CPS compiler, inlining, JIT; compiled once
# into a private cache before timing, so compile time is excluded): a much
# faster reference point for what a native-code compiler buys.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
repeat=3
mpslisp="$root/build/release/vm/mpslisp"
compiled=0
programs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --mpslisp) mpslisp=$2; shift 2 ;;
    --guile-compiled) compiled=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) programs+=("$1"); shift ;;
  esac
done
[ ${#programs[@]} -gt 0 ] || programs=(fib tak nqueens string-build binary-trees)
[ -x /usr/bin/time ] || { echo "run.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
command -v guile >/dev/null || { echo "run.sh: guile not found" >&2; exit 2; }
have_mpslisp=1
if [ ! -x "$mpslisp" ]; then
  echo "run.sh: no mpslisp at $mpslisp; timing Guile only" >&2
  have_mpslisp=0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cache="$work/guile-cache"

# run_n LABEL N COMMAND...: runs COMMAND N times; leaves the first run's
# stdout in $work/LABEL.out and prints "median-seconds median-kb", or
# "FAIL" if any run exits non-zero.
run_n() {
  local label=$1 n=$2; shift 2
  local secs=() kbs=() i
  for ((i = 0; i < n; i++)); do
    if ! /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/$label.run" 2>"$work/$label.err"; then
      echo FAIL; return
    fi
    [ $i -eq 0 ] && cp "$work/$label.run" "$work/$label.out"
    read -r s k <"$work/time"
    secs+=("$s"); kbs+=("$k")
  done
  local ms mk
  ms=$(printf '%s\n' "${secs[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mk=$(printf '%s\n' "${kbs[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$ms $mk"
}

status=0
header="program         mpslisp s  guile s   ratio   mpslisp MB  guile MB"
[ $compiled -eq 1 ] && header="$header  guile-compiled s"
echo "$header   (median of $repeat runs)"
for p in "${programs[@]}"; do
  src="$here/$p.scm"
  [ -f "$src" ] || { echo "run.sh: no program $src" >&2; status=1; continue; }
  # An empty cache: --no-auto-compile stops Guile compiling, but it still
  # loads a fresh .go for the file from ~/.cache/guile if one exists.
  g=$(XDG_CACHE_HOME="$work/no-cache" run_n guile "$repeat" guile --no-auto-compile "$src")
  if [ $have_mpslisp -eq 1 ]; then
    m=$(run_n mpslisp "$repeat" "$mpslisp" "$src")
  else
    m="- -"
  fi
  note=""
  if [ "$g" = FAIL ]; then note="guile failed: $(head -c 200 "$work/guile.err")"; g="- -"; status=1; fi
  if [ "$m" = FAIL ]; then note="$note mpslisp failed: $(head -c 200 "$work/mpslisp.err")"; m="- -"; status=1; fi
  if [ $have_mpslisp -eq 1 ] && [ -z "$note" ] && ! cmp -s "$work/guile.out" "$work/mpslisp.out"; then
    note="MISMATCH: outputs differ"; status=1
  fi
  c=""
  if [ $compiled -eq 1 ]; then
    # Warm the cache (compiles), then time cached runs.
    XDG_CACHE_HOME="$cache" guile --auto-compile "$src" >/dev/null 2>&1
    c=$(XDG_CACHE_HOME="$cache" run_n compiled "$repeat" guile --auto-compile "$src")
    c=${c%% *}
  fi
  read -r ms mk <<<"$m"
  read -r gs gk <<<"$g"
  ratio=$(awk -v a="$ms" -v b="$gs" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }')
  mmb=$(awk -v k="$mk" 'BEGIN { if (k == "-") print "-"; else printf "%.1f", k / 1024 }')
  gmb=$(awk -v k="$gk" 'BEGIN { if (k == "-") print "-"; else printf "%.1f", k / 1024 }')
  printf "%-15s %9s  %7s  %6s  %10s  %8s" "$p" "$ms" "$gs" "$ratio" "$mmb" "$gmb"
  [ $compiled -eq 1 ] && printf "  %16s" "$c"
  [ -n "$note" ] && printf "  %s" "$note"
  printf "\n"
done
exit $status
