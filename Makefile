# Samskab: `make run` serves a demo on http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test bench messages migrate lint venv clean

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
	DEBUG=1 $(BIN)/daphne --bind 127.0.0.1 --port $(PORT) samskab.asgi:application

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: venv messages lint
	$(BIN)/python -m pytest

bench: venv messages
	$(BIN)/python bench/fanout.py --clients $${CLIENTS:-200}
	$(BIN)/python bench/fanout.py --clients $${CLIENTS:-200} --redis

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
	find locale -name '*.mo' -delete
