#!/bin/sh
# Installs the library into a scratch prefix, then builds a client against
# it twice: with find_package(mps) (static and shared targets) and with
# pkg-config.  Usage: install_test.sh BUILD_DIR SOURCE_DIR SCRATCH_DIR
set -eu
build=$1 source=$2 scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
cmake -S "$source/tests/install/consumer" -B "$scratch/consumer" -G Ninja \
      -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/consumer" >/dev/null
"$scratch/consumer/consumer_static"
pcdir=$(dirname "$(find "$scratch/prefix" -name mps.pc | head -n 1)")
libdir=$(dirname "$pcdir")
LD_LIBRARY_PATH="$libdir" "$scratch/consumer/consumer_shared"
# shellcheck disable=SC2046
cc -o "$scratch/consumer_pc" "$source/tests/install/consumer/consumer.c" \
   $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs --static mps)
LD_LIBRARY_PATH="$libdir" "$scratch/consumer_pc"
echo "install: find_package (static, shared) and pkg-config clients built and ran"
