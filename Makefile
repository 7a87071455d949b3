# The two commands of README.md. Everything a fresh machine needs is installed here.
PYTHON ?= python3

.PHONY: run test install install-test system-deps

## Install szkg and build the graph on the embedded default store (no server).
run: install
	szkg build

install:
	$(PYTHON) -m pip install --quiet -e .

## Install szkg with its test dependencies (and headless Chromium) and run the whole suite.
test: system-deps install-test
	$(PYTHON) -m pytest

install-test:
	$(PYTHON) -m pip install --quiet -e ".[test]"

# Debian packages the tests use: chromium (explorer browser tests) and CJK fonts for its screenshots.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing Debian packages: chromium fonts-noto-cjk"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi
