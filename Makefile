# Verbinder: `make demo` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := libgraphviz-dev pkg-config libsqlite3-dev chromium

.PHONY: demo test build release bench bench-peers system-packages clean

## Install the system packages the build needs (Graphviz through pkg-config, SQLite for the result store) and the report test uses (Chromium), when missing.
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

## The main job on a shipped scenario.
demo: release
	mkdir -p out
	.build/release/verbinder simulate scenarios/katwijk.yaml --out out/katwijk --render

## All tests; the end-to-end ones run the freshly built binary.
test: system-packages
	$(SWIFT) build --build-tests
	VERBINDER_BINARY=$(CURDIR)/.build/debug/verbinder $(SWIFT) test --skip-build

## Benchmarks (never part of the tests).
bench: release bench-peers
	cd benchmarks && $(SWIFT) run -c release verbinder-benchmarks

## Simulation peers (Mesa, SimPy): a virtual environment with the pinned versions, then compare.py.
PYTHON ?= python3
PEERS_VENV := benchmarks/.venv
bench-peers: release
	[ -x $(PEERS_VENV)/bin/python ] || $(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install -q -r benchmarks/peers/requirements.txt
	$(PEERS_VENV)/bin/python benchmarks/peers/simulation/compare.py --verbinder .build/release/verbinder \
	  --markdown benchmarks/peers/simulation/last-run.md

clean:
	rm -rf .build
