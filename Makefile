# dropstep: a terminal notebook that teaches dropout by running it.
#   make run    set up (libedit-dev), build, and open the REPL
#   make test   set up, build, and run every test (unit, lessons, web pages, format lint, the release packages)
#   make html-check  export every lesson as a web page and check it in headless Chromium
#   make bench  release build, then time dropstep against numpy in one run
#   make install / uninstall  the release binary, man page, completions and docs in PREFIX (~/.local)
#   make dist   dist/dropstep-VERSION-linux-ARCH.tar.gz and dist/dropstep_VERSION_ARCH.deb
#   make exports  every lesson exported to numpy and run (in a project-local .venv)
#   make fuzz   build the libFuzzer target and fuzz the parser, evaluator and lesson parser

SWIFT ?= swift
BIN_DEBUG = .build/debug/dropstep
BIN_RELEASE = .build/release/dropstep
# A project-local Python environment for the export checks (numpy, nbformat, nbclient, ipykernel).
VENV = .venv
VENV_READY = $(VENV)/.installed
# The one place the version lives; the build plugin compiles the same file into `dropstep --version`.
VERSION := $(shell cat VERSION)
PREFIX ?= $(HOME)/.local
# Release builds carry the Swift runtime and Foundation inside and no rpath into the build tree, so the
# binary runs on machines without a Swift toolchain; only libc, libstdc++ and libedit stay shared.
RELEASE_FLAGS = -c release --static-swift-stdlib --disable-local-rpath
STAGE = .build/stage
MANPAGE = .build/plugins/GenerateManual/outputs/dropstep/dropstep.1
# The man page's date: the last commit's, so one commit always makes the same page.
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null | grep . || date +%F)
INSTALLED = bin/dropstep share/man/man1/dropstep.1 share/bash-completion/completions/dropstep \
	share/zsh/site-functions/_dropstep share/fish/vendor_completions.d/dropstep.fish \
	share/doc/dropstep/README.md share/doc/dropstep/LICENSE share/doc/dropstep/install.md \
	share/doc/dropstep/language.md share/doc/dropstep/lessons.md

.PHONY: setup setup-browser build release run test unit lessons html-check exports lint format bench fixtures docs latency fuzz clean \
	man stage install install-files uninstall dist dist-setup test-dist

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
	$(SWIFT) build $(RELEASE_FLAGS) --product dropstep

run: build
	@$(BIN_DEBUG) $(ARGS)

test: setup setup-browser $(VENV_READY)
	python3 -m py_compile scripts/*.py
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(BIN_DEBUG) check lessons/
	$(VENV)/bin/python scripts/check_exports.py $(BIN_DEBUG) lessons
	$(HTML_CHECK)
	$(SWIFT) format lint -r --strict Sources Tests Benchmarks Plugins Package.swift
	$(MAKE) --no-print-directory test-dist

unit: setup
	$(SWIFT) test

lessons: build
	$(BIN_DEBUG) check lessons/

html-check: build setup-browser
	$(HTML_CHECK)

# Exports: every lesson as a numpy script run with --assert, and as a notebook validated and
# executed with nbclient. Python packages live in a project-local venv, made when missing.
$(VENV_READY):
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check numpy nbformat nbclient ipykernel
	touch $(VENV_READY)

exports: build $(VENV_READY)
	$(VENV)/bin/python scripts/check_exports.py $(BIN_DEBUG) lessons

lint:
	$(SWIFT) format lint -r --strict Sources Tests Benchmarks Plugins Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Benchmarks Plugins Package.swift

bench: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product dropstep-bench
	$(SWIFT) build $(RELEASE_FLAGS) --product dropstep
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

# The built-in reference in docs/language.md is generated from the built-ins table.
docs: build
	$(BIN_DEBUG) docs docs/language.md

clean:
	rm -rf .build dist

# The man page is the argument parser's own description of the commands (its generate-manual plugin,
# which builds every product in debug first; `make test` has built them already).
man: setup
	$(SWIFT) package plugin generate-manual --configuration debug --date $(MAN_DATE) \
		--authors "the dropstep authors"

# Everything that gets installed, laid out as a prefix in $(STAGE) (see scripts/stage.sh).
stage: release man
	scripts/stage.sh $(BIN_RELEASE) $(MANPAGE) $(STAGE)

install: stage
	@$(MAKE) --no-print-directory install-files
	@echo "Installed dropstep $(VERSION) in $(DESTDIR)$(PREFIX); make sure $(PREFIX)/bin is on your PATH."

# Copies the staged files into $(DESTDIR)$(PREFIX); `make install` stages them first.
install-files:
	@test -x $(STAGE)/bin/dropstep || { echo "nothing staged: run make install" >&2; exit 1; }
	@for file in $(INSTALLED); do \
		mode=644; if [ "$$file" = bin/dropstep ]; then mode=755; fi; \
		install -D -m $$mode "$(STAGE)/$$file" "$(DESTDIR)$(PREFIX)/$$file" || exit 1; \
	done

uninstall:
	@for file in $(INSTALLED); do rm -f "$(DESTDIR)$(PREFIX)/$$file"; done
	@rmdir "$(DESTDIR)$(PREFIX)/share/doc/dropstep" 2>/dev/null || true
	@echo "Removed dropstep from $(DESTDIR)$(PREFIX)."

# dpkg-deb comes with every Debian system; dpkg-shlibdeps (the .deb's Depends) with dpkg-dev.
dist-setup:
	@if ! command -v dpkg-shlibdeps >/dev/null; then \
		echo "Installing dpkg-dev (dpkg-shlibdeps, for the .deb's Depends)..."; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y dpkg-dev || { apt-get update && apt-get install -y dpkg-dev; }; \
		else sudo apt-get install -y dpkg-dev || { sudo apt-get update && sudo apt-get install -y dpkg-dev; }; fi; \
	fi

dist: dist-setup stage
	scripts/dist.sh $(VERSION) $(STAGE) dist

# The tarball and the .deb run without a toolchain (scripts/test_dist.sh); part of `make test`.
test-dist: dist
	scripts/test_dist.sh $(VERSION) dist

	rm -rf .build .build-fuzz
