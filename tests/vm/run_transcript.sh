#!/bin/sh
# run_transcript.sh MPSLISP INPUT EXPECTED: pipes INPUT into the REPL (no
# prompts on piped input) and compares its standard output with EXPECTED.
# The REPL reports errors on standard output, so they are part of the
# transcript.
set -u
mpslisp=$1
input=$2
expected=$3
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$mpslisp" < "$input" > "$actual" 2>&1
if ! diff -u "$expected" "$actual"; then
  echo "transcript $(basename "$input") differs from $(basename "$expected")" >&2
  exit 1
fi
