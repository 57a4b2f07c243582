# CWSP: `make run` sets up and starts the demo; `make test` sets up and runs the suite.
# With DATABASE_URL / CELERY_BROKER_URL set, both use PostgreSQL and Redis.
#
# Two environments share .venv: `make run` installs only what the app runs on
# (`uv sync --no-dev`); `make test` adds the test tools (pytest, Playwright, schemathesis...),
# Chromium, poppler, a Java runtime and the Nu HTML Checker. Each has its own marker, so
# neither reinstalls anything until pyproject.toml or uv.lock changes.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
# uv: the one on PATH if there is one, else put into .tools by pip.
UV := $(or $(shell command -v uv 2>/dev/null),$(TOOLS)/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Trust the system's certificate store (where a machine's proxy or mirror CA is installed).
export UV_SYSTEM_CERTS := 1

.PHONY: run test setup setup-run system-deps system-deps-run lint format schema clean worker beat

# pip --target needs no virtualenv of its own (creating one costs ~10 s of a first start);
# where that is refused, a virtualenv it is.
$(TOOLS)/bin/uv:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target $(TOOLS) uv \
	  || { rm -rf $(TOOLS) && $(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv; }

# The app alone. --inexact leaves the test tools in place if `make test` installed them.
$(VENV)/.synced-run: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON)
	@touch $@

# The app and the dev group (the test tools and ruff).
$(VENV)/.synced-test: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@ $(VENV)/.synced-run

# The Nu HTML Checker (vnu.jar, pinned in package-lock.json). Its install script, which would
# download a Java of its own, is skipped: Debian's Java runs it.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

system-deps-run:
	@bash scripts/system-deps.sh

system-deps:
	@bash scripts/system-deps.sh test

setup-run: system-deps-run $(VENV)/.synced-run

setup: system-deps $(VENV)/.synced-test node_modules/.installed

# The demo's environment (SQLite, jobs in-process, no HTTPS).
DEMO_ENV := CWSP_DEMO=1

# migrate has run the system checks already: the server skips them.
run: setup-run
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo --force
	@echo ""
	@echo "CWSP is starting on http://$(HOST):$(PORT)/ (Ctrl-C stops it)."
	$(DEMO_ENV) exec $(BIN)/python manage.py runserver --noreload --skip-checks $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.synced-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: setup-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

worker: setup-run
	$(BIN)/celery -A config worker --loglevel=INFO --pool=solo

beat: setup-run
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) $(TOOLS) node_modules staticfiles .pytest_cache .ruff_cache
