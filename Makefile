# The two commands: `make run` serves the portal with demo content; `make test` runs the suite.
# Both set everything up from a fresh clone. See the README.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test lint audit format bench setup browser test-tools clean

run: setup
	$(PY) -m qportal.devservices run

test: setup browser test-tools
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

# The email tests score every email with Debian's SpamAssassin (tests/outbox/test_every_email.py)
# and the calendar tests import every .ics into Debian's khal; install them where they are missing.
test-tools:
	@for tool in spamassassin khal; do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	[ -z "$$missing" ] || { \
	  echo "Installing Debian's$$missing for the email and calendar tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; }

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
