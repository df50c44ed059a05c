# dropstep: a terminal notebook that teaches dropout by running it.
#   make run    set up (libedit-dev), build, and open the REPL
#   make test   set up, build, and run every test (unit, lessons, format lint)
#   make bench  release build, then time dropstep against numpy in one run
#   make fuzz   build the libFuzzer target and fuzz the parser, evaluator and lesson parser

SWIFT ?= swift
BIN_DEBUG = .build/debug/dropstep
BIN_RELEASE = .build/release/dropstep

.PHONY: setup build release run test unit lessons lint format bench latency fuzz fixtures clean

# libedit's header is the one system piece we need; install it only when missing.
setup:
	@if [ ! -f /usr/include/histedit.h ]; then \
		echo "Installing libedit-dev (line editing for the REPL)..."; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y libedit-dev || { apt-get update && apt-get install -y libedit-dev; }; \
		else sudo apt-get install -y libedit-dev || { sudo apt-get update && sudo apt-get install -y libedit-dev; }; fi; \
	fi

build: setup
	$(SWIFT) build --product dropstep

release: setup
	$(SWIFT) build -c release --product dropstep

run: build
	@$(BIN_DEBUG) $(ARGS)

test: setup
	python3 -m py_compile scripts/*.py
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(BIN_DEBUG) check lessons/
	$(SWIFT) format lint -r --strict Sources Tests Benchmarks Package.swift

unit: setup
	$(SWIFT) test

lessons: build
	$(BIN_DEBUG) check lessons/

lint:
	$(SWIFT) format lint -r --strict Sources Tests Benchmarks Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Benchmarks Package.swift

bench: setup
	$(SWIFT) build -c release --product dropstep-bench
	$(SWIFT) build -c release --product dropstep
	python3 scripts/bench.py

# How fast Ctrl-C is answered in the REPL for each kind of long computation.
latency: release
	python3 scripts/interrupt_latency.py

# The fuzzer: its own build folder (fuzzer coverage and AddressSanitizer, debug checks on), seeds
# from the lessons' code cells, the checked-in regression corpus, and the inputs it finds in
# .build-fuzz/corpus. A crash stops it with the input in .build-fuzz/artifacts/: fix the
# cause, then copy the input into Tests/FuzzCorpus/ so `make test` replays it.
#   make fuzz FUZZ_RUNS=1000000     a bounded run (default: until stopped)
#   make fuzz FUZZ_FLAGS=-c\ release FUZZ_SANITIZE=fuzzer   faster, without AddressSanitizer
FUZZ_RUNS ?= -1
FUZZ_FLAGS ?=
FUZZ_SANITIZE ?= fuzzer,address
FUZZ_BIN = .build-fuzz/$(if $(findstring release,$(FUZZ_FLAGS)),release,debug)/dropstep-fuzz

fuzz: setup
	$(SWIFT) build $(FUZZ_FLAGS) --scratch-path .build-fuzz --product dropstep-fuzz --sanitize fuzzer -Xswiftc -sanitize=$(FUZZ_SANITIZE)
	python3 scripts/fuzz_seeds.py .build-fuzz/seeds
	mkdir -p .build-fuzz/corpus .build-fuzz/artifacts
	SWIFT_BACKTRACE=enable=no $(FUZZ_BIN) .build-fuzz/corpus .build-fuzz/seeds Tests/FuzzCorpus \
		-dict=scripts/fuzz.dict -max_len=4096 -timeout=20 -rss_limit_mb=8192 -malloc_limit_mb=2048 \
		-artifact_prefix=.build-fuzz/artifacts/ -runs=$(FUZZ_RUNS) -print_final_stats=1

fixtures:
	python3 scripts/make_fixtures.py

clean:
	rm -rf .build .build-fuzz
