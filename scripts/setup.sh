#!/bin/sh
# Checks that the Debian packages the build needs are installed.  As root it
# installs the missing ones with apt-get; otherwise it prints the command to
# run and exits non-zero.  Called by every Makefile target that builds.
set -eu

packages="g++ cmake ninja-build pkg-config libunwind-14-dev libfmt-dev doctest-dev libgc-dev libedit-dev guile-3.0"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  echo "setup: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing
else
  echo "setup: missing Debian packages:$missing" >&2
  echo "setup: run: sudo apt-get install -y$missing" >&2
  exit 1
fi
