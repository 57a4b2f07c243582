# CWSP: `make run` sets up and starts the demo; `make test` sets up and runs the suite.
# With DATABASE_URL / CELERY_BROKER_URL set, both use PostgreSQL and Redis.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
UV := $(TOOLS)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Trust the system's certificate store (where a machine's proxy or mirror CA is installed).
export UV_SYSTEM_CERTS := 1

.PHONY: run test setup system-deps lint format check-deploy schema clean worker beat

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

setup: system-deps $(VENV)/.synced

system-deps:
	@bash scripts/system-deps.sh $(if $(filter test,$(MAKECMDGOALS)),test,)

run: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "CWSP is starting on http://$(HOST):$(PORT)/ (Ctrl-C stops it)."
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} exec $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: setup
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

worker: setup
	$(BIN)/celery -A config worker --loglevel=INFO --pool=solo

beat: setup
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache .ruff_cache
