# The two commands: `make run` serves the portal with demo content; `make test` runs the suite.
# Both set everything up from a fresh clone. See the README.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# django-stubs loads the settings, which need these; mypy only reads them (nothing connects).
TYPECHECK_ENV := SECRET_KEY=type-check DATABASE_URL=postgres://localhost/type-check REDIS_URL=redis://localhost/0

.PHONY: run test lint audit format bench setup test-tools clean lock screenshots lighthouse

run: setup
	$(PY) -m qportal.devservices run

test: setup test-tools
	$(PY) -m qportal.devservices test $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(TYPECHECK_ENV) $(BIN)/mypy
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

# requirements.in and requirements-dev.in name what the portal uses; the .txt files pin every
# package with its hashes, and setup installs them with hash checking.
lock: $(VENV)/.installed
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements-dev.txt requirements-dev.in

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: $(VENV)/.installed static/build/portal.css

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# The pinned pip first, checked against its hashes: the one a new venv comes with (23.2 with
	@# Python 3.11) refuses the hashed requirements once a dependency asks for an extra.
	sed -n '/^pip==/,/^    # via/p' requirements-dev.txt > $(VENV)/pip-requirement.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(VENV)/pip-requirement.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/portal.css: node_modules/.installed frontend/build.mjs $(wildcard static/scss/*.scss)
	npm run --silent build

# What the tests drive besides Python, from Debian's packages, installed where missing: Chromium for
# the browser tests, Java for the Nu HTML Checker (npm's vnu-jar) in the URL walk, SpamAssassin to
# score every email (tests/outbox/test_every_email.py) and khal to import every calendar.
test-tools:
	@missing=""; \
	for tool in chromium:chromium java:default-jre-headless spamassassin:spamassassin khal:khal; do \
	  command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; \
	done; \
	[ -z "$$missing" ] || { \
	  echo "Installing Debian's$$missing for the tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; }

# The benchmark loads the site with wrk from Debian; install it where it is missing.
# BENCH_SCALE=0.1 is a quick run; see bench/README.md for the other knobs.
bench: setup
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the benchmark"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	$(PY) -m bench run

# Full-page screenshots of the main pages for each role, at 1280 and 390 wide, into screenshots/.
screenshots: setup test-tools
	$(PY) -m tools.screenshots screenshots

# Lighthouse scores of the main pages from the production-style demo site (reports in .data/lighthouse/).
lighthouse: setup test-tools
	$(PY) -m tools.lighthouse

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
