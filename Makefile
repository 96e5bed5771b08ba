# Drives the CMake presets; all configuration lives in CMakePresets.json.
#   make repl   build everything (release) and start the project's main program
#   make test   build everything (debug: cool variety) and run the whole test suite
.PHONY: all setup release debug asan repl test test-release test-asan bench clean

all: release

setup:
	@sh scripts/setup.sh

release debug asan: setup
	@cmake --preset $@ >/dev/null
	@cmake --build --preset $@

repl: release
	@./build/release/examples/mps_demo

test: debug
	@ctest --preset debug

test-release: release
	@ctest --preset release

test-asan: asan
	@ctest --preset asan

bench: release
	@./build/release/tests/bench/manual_pools_bench --repeat 3
	@./build/release/tests/bench/gc_bench --repeat 3

clean:
	rm -rf build
