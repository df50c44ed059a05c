# dropstep: a terminal notebook that teaches dropout by running it.
#   make run    set up (libedit-dev), build, and open the REPL
#   make test   set up, build, and run every test (unit, lessons, web pages, format lint)
#   make html-check  export every lesson as a web page and check it in headless Chromium
#   make bench  release build, then time dropstep against numpy in one run

SWIFT ?= swift
BIN_DEBUG = .build/debug/dropstep
BIN_RELEASE = .build/release/dropstep

.PHONY: setup setup-browser build release run test unit lessons html-check lint format bench fixtures clean

# libedit's header is the one system piece we need; install it only when missing.
setup:
	@if [ ! -f /usr/include/histedit.h ]; then \
		echo "Installing libedit-dev (line editing for the REPL)..."; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y libedit-dev || { apt-get update && apt-get install -y libedit-dev; }; \
		else sudo apt-get install -y libedit-dev || { sudo apt-get update && sudo apt-get install -y libedit-dev; }; fi; \
	fi

# The web-page check needs a browser and a validator: Debian's chromium and tidy, installed
# only when missing.
setup-browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v tidy >/dev/null 2>&1; then \
		echo "Installing chromium and tidy (the browser check of the HTML export)..."; \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$sudo apt-get install -y --no-install-recommends chromium tidy \
			|| { $$sudo apt-get update && $$sudo apt-get install -y --no-install-recommends chromium tidy; }; \
	fi

# First prove the check catches planted faults, then check every lesson's page; one
# screenshot per lesson is kept in .build/html-check/.
HTML_CHECK = python3 scripts/check_html.py --self-test && python3 scripts/check_html.py --dropstep $(BIN_DEBUG)

build: setup
	$(SWIFT) build --product dropstep

release: setup
	$(SWIFT) build -c release --product dropstep

run: build
	@$(BIN_DEBUG) $(ARGS)

test: setup setup-browser
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(BIN_DEBUG) check lessons/
	$(HTML_CHECK)
	$(SWIFT) format lint -r --strict Sources Tests Benchmarks Package.swift

unit: setup
	$(SWIFT) test

lessons: build
	$(BIN_DEBUG) check lessons/

html-check: build setup-browser
	$(HTML_CHECK)

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
