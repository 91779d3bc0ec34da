# COP Workshops. `make run` sets everything up and serves the demo; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-setup test-fast install lint format messages migrate demo clean loadtest chromium audit node-verifier pdf-libs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

.env:
	@echo "Creating .env for development (DEBUG=1); see .env.example for production settings."
	@printf 'DEBUG=1\n' > .env

# compilemessages needs GNU gettext's msgfmt; install it from Debian when it is missing.
messages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null) \
		|| { echo "Install GNU gettext (msgfmt) to compile the translations."; exit 1; }
	@if [ -d locale ]; then DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi

# WeasyPrint subsets the embedded fonts with HarfBuzz's subset library (from version 70 it warns
# without it, and later versions will require it); install it from Debian when it is missing.
pdf-libs:
	@ldconfig -p | grep -q libharfbuzz-subset || (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0 >/dev/null) \
		|| echo "No libharfbuzz-subset0 (apt-get install libharfbuzz-subset0): PDFs embed their fonts unsubsetted."

migrate: install .env messages pdf-libs
	$(BIN)/python manage.py migrate --no-input -v 0

demo: migrate
	$(BIN)/python manage.py seed_demo

# The web server, the task worker and the periodic tick (deploy/scheduler.sh) run together; a worker
# or tick that exits is started again (deploy/supervise.sh); Ctrl-C stops them all.
run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (staff area: /staff/, admin: /admin/). Ctrl-C stops."
	@trap 'kill 0' INT TERM EXIT; export PATH="$(CURDIR)/$(BIN):$$PATH"; \
	deploy/supervise.sh worker python manage.py db_worker --no-reload & \
	deploy/supervise.sh scheduler deploy/scheduler.sh & \
	python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used);
# without one they skip and say why.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "No Chromium (apt-get install chromium): the browser tests will be skipped."

# The independent credential verifier of the tests (Digital Bazaar's VC libraries on Node), at the
# versions of its lock file; installed once, again when the lock changes. Without Node the test
# that uses it skips and says why.
NODE_VERIFIER := tests/credentials/node
node-verifier:
	@if command -v npm >/dev/null; then \
		stamp=$(NODE_VERIFIER)/node_modules/.installed-$$(sha256sum $(NODE_VERIFIER)/package-lock.json | cut -c1-16); \
		[ -e $$stamp ] || { (cd $(NODE_VERIFIER) && npm ci --no-audit --no-fund --prefer-offline -s) && touch $$stamp; }; \
	else echo "No Node.js (apt-get install nodejs npm): the independent credential verifier test will be skipped."; fi

# What the tests need besides Python (.ci/run does it once before its two suites run side by side).
test-setup: install messages pdf-libs chromium node-verifier

test: test-setup
	$(BIN)/pytest $(PYTEST_ARGS)

# Everything but the browser, concurrency and worker-process tests: the quick loop (under a minute).
test-fast: install messages pdf-libs
	$(BIN)/pytest -m "not browser and not concurrency and not worker" $(PYTEST_ARGS)

# Known vulnerabilities in the installed dependencies (the project itself is skipped).
# pip-audit reads PyPI's JSON API; where a machine's package mirror lacks it, every dependency is
# "not found" and nothing is audited: say so plainly instead of reporting a clean result.
audit: install
	@mkdir -p var; $(BIN)/pip-audit --skip-editable --progress-spinner off 2>&1 | tee var/pip-audit.txt; \
	status=$${PIPESTATUS[0]}; \
	skipped=$$(grep -c "could not be audited" var/pip-audit.txt || true); \
	if [ "$$skipped" -gt 0 ]; then echo "WARNING: pip-audit could not audit $$skipped dependencies (no vulnerability data reachable from this machine)."; fi; \
	exit $$status

# Load test against gunicorn on a throwaway PostgreSQL database (bench/loadtest.sh; ~3 minutes):
# each page with wrk, installed from Debian when missing. SCALE=1 adds the scale dataset.
loadtest: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) \
		|| { echo "Install wrk (apt-get install wrk) to run the load test."; exit 1; }
	SCALE=$(SCALE) bench/loadtest.sh $(LOADTEST_ARGS)

# ruff, then the apps' layers (import-linter's contracts in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
