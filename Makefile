# The README's two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
ARGS ?=
# Test processes (pytest-xdist): one per core by default; WORKERS=0 runs in this process.
WORKERS ?= auto

.PHONY: run test setup migrate dataset lint format bench loadtest-proxy postgres-settings clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

dataset: migrate
	$(BIN)/python manage.py load_dataset

run: dataset
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	mkdir -p var
	$(BIN)/python -m pytest -n $(WORKERS) $(ARGS)

BENCH_DATABASE_URL ?= postgres://root@127.0.0.1:5432/chinadebate_bench
SIZES ?= 10000,50000,200000

bench: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py --sizes $(SIZES)

# nginx (deploy/nginx/) in front of gunicorn on the bench database, measured with wrk.
loadtest-proxy: setup
	command -v nginx >/dev/null && command -v wrk >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/loadtest_proxy.py

# deploy/postgresql/ into this machine's Debian PostgreSQL cluster (the bench's database host).
PG_CLUSTER ?= $(shell ls /etc/postgresql 2>/dev/null | sort -n | tail -1)/main

postgres-settings:
	install -m 644 deploy/postgresql/chinadebate.conf /etc/postgresql/$(PG_CLUSTER)/conf.d/95-chinadebate.conf
	pg_ctlcluster $(subst /, ,$(PG_CLUSTER)) restart

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
