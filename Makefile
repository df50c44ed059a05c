# dropstep: a terminal notebook that teaches dropout by running it.
#   make run    set up (libedit-dev), build, and open the REPL
#   make test   set up, build, and run every test (unit, lessons, format lint)
#   make bench  release build, then time dropstep against numpy in one run

SWIFT ?= swift
BIN_DEBUG = .build/debug/dropstep
BIN_RELEASE = .build/release/dropstep

.PHONY: setup build release run test unit lessons lint format bench fixtures clean

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

fixtures:
	python3 scripts/make_fixtures.py

clean:
	rm -rf .build
