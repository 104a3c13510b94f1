# Verbinder: `make demo` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := libgraphviz-dev pkg-config libsqlite3-dev chromium chromium-driver python3-selenium python3-venv curl slurm-wlm munge

.PHONY: demo test build release bench bench-peers system-packages clean fuzz

## Install the system packages the build needs (Graphviz through pkg-config, SQLite for the result store) and the tests use (Chromium for the report, chromium-driver and python3-selenium for the mengpaneel's browser tests, curl, Slurm and munge for the local cluster), when missing.
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: system-packages
	$(SWIFT) build

release: system-packages
	$(SWIFT) build -c release

## The main job on a shipped scenario, then the mengpaneel with Katwijk loaded (Ctrl-C stops it).
demo: release
	mkdir -p out
	.build/release/verbinder simulate scenarios/katwijk.yaml --out out/katwijk --render
	@echo "Starting the mengpaneel; open the address below in a browser (Ctrl-C stops it)."
	.build/release/verbinder serve --scenarios scenarios --open katwijk.yaml --store out/mengpaneel.sqlite

## All tests; the end-to-end ones run the freshly built binary. Then the mengpaneel in headless Chromium
## (Debian's python3-selenium) and schemathesis against its OpenAPI document (from PyPI, in .venv-test).
TEST_VENV := .venv-test
test: system-packages
	$(SWIFT) build --build-tests
	VERBINDER_BINARY=$(CURDIR)/.build/debug/verbinder $(SWIFT) test --skip-build
	VERBINDER_BINARY=$(CURDIR)/.build/debug/verbinder /usr/bin/python3 Tests/browser/mengpaneel_test.py
	[ -x $(TEST_VENV)/bin/schemathesis ] || { /usr/bin/python3 -m venv $(TEST_VENV) && $(TEST_VENV)/bin/pip install -q -r Tests/browser/requirements.txt; }
	VERBINDER_BINARY=$(CURDIR)/.build/debug/verbinder SCHEMATHESIS=$(CURDIR)/$(TEST_VENV)/bin/schemathesis /usr/bin/python3 Tests/browser/schemathesis_test.py

## Fuzzing: every reader (scenario, CSV, GraphML, outcome graph, result store, summary) for FUZZ_SECONDS
## seconds each with seeded mutants of Tests/Fuzz/corpus; crashing inputs are kept in Tests/Fuzz/crashes,
## which make test reads on every run. See docs/fuzzing.md.
FUZZ_SECONDS ?= 300
fuzz: system-packages
	$(SWIFT) build -c release --product verbinder-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) Tests/Fuzz/run.sh

## Benchmarks (never part of the tests), about an hour on 2 cores: Verbinder's suite (its own package and
## build folder, benchmarks/.build; its `process` benchmark runs .build/release/verbinder), then the Python
## peers on the same graphs and scenarios and the mengpaneel over HTTP (Python stdlib), then
## benchmarks/RESULTS.md assembled from all of them (intermediate results in benchmarks/results/); a failing
## step still leaves the report written, and then make fails. Hand measurements: benchmarks/HISTORY.md.
PYTHON ?= python3
PEERS_VENV := benchmarks/.venv
BENCH := benchmarks/.build/release/verbinder-benchmarks
bench: release
	cd benchmarks && $(SWIFT) build -c release
	$(BENCH) all
	rm -f benchmarks/results/mengpaneel/section.md
	status=0; $(MAKE) bench-peers || status=$$?; \
	$(PYTHON) benchmarks/mengpaneel/bench.py --binary .build/release/verbinder || status=$$?; \
	$(BENCH) report && exit $$status

## The peers only (after `verbinder-benchmarks all`): Mesa/SimPy ports and NetworkX/igraph, pinned in a venv;
## both scripts run even if the first fails (e.g. ports not faithful), and then make fails.
bench-peers: release
	[ -x $(PEERS_VENV)/bin/python ] || $(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install -q -r benchmarks/peers/requirements.txt
	status=0; \
	$(PEERS_VENV)/bin/python benchmarks/peers/simulation/compare.py --verbinder .build/release/verbinder || status=$$?; \
	$(PEERS_VENV)/bin/python benchmarks/peers/analysis/bench.py || status=$$?; \
	exit $$status

clean:
	rm -rf .build
