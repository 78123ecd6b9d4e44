# Samskab: `make run` serves a demo on http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run run-cluster test bench messages migrate lint venv clean screenshots

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# .mo files are built here, never committed (Babel compiles without GNU gettext).
messages: venv
	$(BIN)/pybabel compile --domain django --directory locale --statistics

migrate: venv messages
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

run: migrate
	DEBUG=1 PORT=$(PORT) $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/daphne --bind 127.0.0.1 --port $(PORT) --websocket_connect_timeout 30 --no-server-name samskab.asgi:application

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: venv messages lint
	$(BIN)/python -m pytest

# Issue 7's scenarios against 1 and 2 Daphne processes (PostgreSQL, Redis, nginx for 2), each
# with the bare-websockets baseline; one JSON line per run. Sizes: CLIENTS=200,1000 VOTERS=1000
# RUSH_CLIENTS=1000 STORM_CLIENTS=1000 PROCESSES=1,2 SCENARIOS=ideas,... BENCH_ARGS="--label x"
# (bench/README.md).
bench: venv messages
	$(BIN)/python bench/run.py suite $(BENCH_ARGS)

# Several Daphne processes on PostgreSQL and Redis behind nginx on one port (deploy/cluster.py).
run-cluster: venv messages
	@test -x /usr/sbin/nginx || command -v nginx >/dev/null || apt-get install -y nginx
	$(BIN)/python deploy/cluster.py --processes $(or $(PROCESSES),2) --port $(PORT)

# PNGs of every main screen (phones at 320 and 390 px, console, projector, staff, catalogue) in
# da, sv and en into docs/screenshots/ (tools/screenshots.py; needs Debian's chromium).
screenshots: venv messages
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
	find locale -name '*.mo' -delete
