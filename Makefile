# The two commands: `make run` serves the portal with demo content; `make test` runs the suite.
# Both set everything up from a fresh clone. See the README.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test lint audit format bench setup browser java clean

run: setup
	$(PY) -m qportal.devservices run

test: setup browser java
	$(PY) -m qportal.devservices test $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@$(MAKE) --no-print-directory audit

# pip-audit asks PyPI's vulnerability service about every pinned requirement. Where that service
# cannot be reached nothing has been audited, so the target says so and fails rather than pass.
audit: $(VENV)/.installed
	@out=$$($(BIN)/pip-audit --strict --progress-spinner off -r requirements-dev.txt 2>&1); status=$$?; \
	echo "$$out"; \
	if [ $$status -ne 0 ] && echo "$$out" | grep -qiE "could not be audited|connection|resolve|timed out"; then \
	  echo "make audit: pip-audit could not reach PyPI's vulnerability service, so the requirements were NOT audited."; \
	  echo "make audit: run 'make audit' on a machine that can reach https://pypi.org."; \
	fi; \
	exit $$status

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: $(VENV)/.installed static/build/portal.css

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/portal.css: node_modules/.installed frontend/build.mjs $(wildcard static/scss/*.scss)
	npm run --silent build

# Browser tests drive Debian's Chromium; install it where it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# The URL walk checks every page with the Nu HTML Checker (npm's vnu-jar), which runs on Debian's Java.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Debian's Java for the Nu HTML Checker"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

# The benchmark loads the site with wrk from Debian; install it where it is missing.
# BENCH_SCALE=0.1 is a quick run; see bench/README.md for the other knobs.
bench: setup
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the benchmark"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	$(PY) -m bench run

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
