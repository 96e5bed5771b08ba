# Drives the CMake presets; all configuration lives in CMakePresets.json.
#   make repl   build everything (release) and start the Lisp REPL (mpslisp)
#   make test   build everything (debug: cool variety) and run the whole test suite
.PHONY: all setup release debug asan tsan repl test test-release test-asan test-tsan bench clean

all: release

setup:
	@sh scripts/setup.sh

release debug asan: setup
	@cmake --preset $@ >/dev/null
	@cmake --build --preset $@

repl: release
	@./build/release/vm/mpslisp

test: debug
	@ctest --preset debug

test-release: release
	@ctest --preset release

test-asan: asan
	@ctest --preset asan

# ThreadSanitizer: the thread tests and every collector API test's
# .parallel run (CMakePresets.json says which; docs/design/thread.md,
# ThreadSanitizer), so only the API tests' and unit tests' targets are built.
TSAN_TARGETS = $(patsubst tests/mps/api/test_%.c,api_%,$(wildcard tests/mps/api/test_gc_*.c)) mps_unit_tests
test-tsan: setup
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan --target $(TSAN_TARGETS)
	@ctest --preset tsan

bench: release
	@./build/release/tests/bench/manual_pools_bench --repeat 3
	@./build/release/tests/bench/gc_bench --repeat 3
	@./build/release/tests/bench/gc_threads_bench --repeat 3
	@bash tests/bench/lisp/run.sh --repeat 3 --mpslisp build/release/vm/mpslisp

clean:
	rm -rf build
