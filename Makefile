# GFMD Roundtable Portal. `make run` serves it; `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Use the active virtualenv when there is one, else the project's own .venv.
ifdef VIRTUAL_ENV
VENV := $(VIRTUAL_ENV)
else
VENV := .venv
endif
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: help venv run data test lint format migrations-check messages messages-check fixtures bench clean pg loadtest

help:
	@echo "make run     serve the portal on http://$(HOST):$(PORT)/ (SQLite, fixtures loaded)"
	@echo "make test    run the whole suite (PostgreSQL when DATABASE_URL points at one)"
	@echo "make data    migrate and load the fixtures into an empty database"
	@echo "make lint    ruff check and format check"
	@echo "make messages  update the French and Spanish catalogues and compile them (needs GNU gettext)"
	@echo "make bench   performance benchmark"
	@echo "make loadtest  Locust against gunicorn with production settings (DATABASE_URL=postgres://...)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "The portal needs Python 3.12 or newer (Django 6.1); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install Python 3.13 (e.g. 'pyenv install 3.13.0', which .python-version selects) or run"; \
	  echo "'make PYTHON=/path/to/python3.13 run'."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

data: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_data

run: data
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn gfmd_portal.wsgi:application --config gunicorn.conf.py --bind $(HOST):$(PORT)

# The suite runs on one pytest-xdist worker per core, each on its own test database;
# TEST_JOBS=0 runs it in this process (for pdb), PYTEST_ARGS passes anything else.
TEST_JOBS ?= auto
test: venv
	$(VENV)/bin/pytest -n $(TEST_JOBS) $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: venv
	$(MANAGE) makemigrations --check --dry-run

# The interface's French and Spanish catalogues (locale/*/LC_MESSAGES). Extraction needs GNU gettext;
# the compiled .mo files are committed, so serving the portal does not.
messages: venv
	$(MANAGE) catalogues

messages-check: venv
	$(MANAGE) catalogues --check

fixtures: venv
	$(MANAGE) build_fixtures

# N synthetic recommendations on SQLite (bench/bench.sqlite3) and PostgreSQL (BENCH_DATABASE_URL,
# else a gfmd_bench database on DATABASE_URL's server, else the local one), then Datasette beside
# the portal on the SQLite data; BENCH_ARGS="--results FILE", "--databases sqlite",
# "--side-by-side-only" or "--no-side-by-side".
N ?= 100000
$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@touch $@

bench: venv $(VENV)/.bench-installed
	$(PY) bench/run.py --count $(N) $(BENCH_ARGS)

clean:
	rm -rf staticfiles .pytest_cache

pg: ## start the local PostgreSQL 15 cluster with a `gfmd` role and database (root)
	@bash -c 'source .ci/postgres.sh && start_postgres'
	@echo 'export DATABASE_URL=postgres://gfmd:gfmd@127.0.0.1:5432/gfmd'

# Load test: gunicorn with production settings on the PostgreSQL in DATABASE_URL, Locust headless,
# a graceful reload (HUP) halfway; fails on any failed request.
LOADTEST_USERS ?= 32
LOADTEST_SECONDS ?= 60
LOADTEST_PORT ?= 8401
LOADTEST_ROWS ?= 20000
loadtest: venv
	$(PY) loadtest/run.py --users $(LOADTEST_USERS) --seconds $(LOADTEST_SECONDS) --port $(LOADTEST_PORT) --rows $(LOADTEST_ROWS)
