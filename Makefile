# dropstep: a terminal notebook that teaches dropout by running it.
#   make run    set up (libedit-dev), build, and open the REPL
#   make test   set up, build, and run every test (unit, lessons, format lint)
#   make bench  release build, then time dropstep against numpy in one run
#   make exports every lesson exported to numpy and run (in a project-local .venv)

SWIFT ?= swift
BIN_DEBUG = .build/debug/dropstep
BIN_RELEASE = .build/release/dropstep
# A project-local Python environment for the export checks (numpy, nbformat, nbclient, ipykernel).
VENV = .venv
VENV_READY = $(VENV)/.installed

.PHONY: setup build release run test unit lessons lint format bench fixtures clean exports

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

test: setup $(VENV_READY)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(BIN_DEBUG) check lessons/
	$(VENV)/bin/python scripts/check_exports.py $(BIN_DEBUG) lessons
	$(SWIFT) format lint -r --strict Sources Tests Benchmarks Package.swift

unit: setup
	$(SWIFT) test

lessons: build
	$(BIN_DEBUG) check lessons/

# Exports: every lesson as a numpy script run with --assert, and as a notebook validated and
# executed with nbclient. Python packages live in a project-local venv, made when missing.
$(VENV_READY):
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check numpy nbformat nbclient ipykernel
	touch $(VENV_READY)

exports: build $(VENV_READY)
	$(VENV)/bin/python scripts/check_exports.py $(BIN_DEBUG) lessons

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
