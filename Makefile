# The two commands of README.md. Everything a fresh machine needs is installed here.
PYTHON ?= python3

.PHONY: run test install install-test system-deps yasgui mutate

## Install szkg and build the graph on the embedded default store (no server).
run: install
	szkg build

install:
	$(PYTHON) -m pip install --quiet -e .

## Install szkg with its test dependencies (and the Debian packages below), run the suite, then
## print the extraction scores (leave-one-document-out) and the quick benchmark ratios into the log.
test: system-deps install-test
	$(PYTHON) -m pytest
	szkg eval --no-errors
	$(PYTHON) bench/run --quick

install-test:
	$(PYTHON) -m pip install --quiet -e ".[test]"

# Debian packages the tests use: chromium (explorer browser tests) with CJK fonts for its
# screenshots, and virtuoso-opensource (the remote-store integration test's server).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -d /usr/share/fonts/opentype/noto ] || missing="$$missing fonts-noto-cjk"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# The YASGUI that `szkg serve` ships (graph/query/static/yasgui/), refreshed from its npm package.
YASGUI_VERSION ?= 4.6.2
yasgui:
	bash scripts/vendor-yasgui.sh $(YASGUI_VERSION)

## Mutation testing of the modules that carry the promises (not in CI; docs/testing.md): one
## module at a time against its own test files, the endpoint last. MUTATE="graph.quantity.*"
## runs one group; the table of killed/survived per module is printed at the end.
mutate:
	$(PYTHON) -m pip install --quiet -e ".[test,mutate]"
	$(PYTHON) tests/mutate.py $(MUTATE)
