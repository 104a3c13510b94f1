# Verbinder: `make demo` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := libgraphviz-dev pkg-config

.PHONY: demo test build release bench system-packages clean

## Install the system packages the build needs (Graphviz through pkg-config), when missing.
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
	.build/release/verbinder simulate scenarios/katwijk.yaml --out out/katwijk --render

## All tests; the end-to-end ones run the freshly built binary.
test: system-packages
	$(SWIFT) build --build-tests
	VERBINDER_BINARY=$(CURDIR)/.build/debug/verbinder $(SWIFT) test --skip-build

## Benchmarks (never part of the tests).
bench: release
	cd benchmarks && $(SWIFT) run -c release verbinder-benchmarks

clean:
	rm -rf .build
