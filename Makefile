# Lindung: two commands do everything on a fresh machine.
#   make demo   install, migrate, load regions and demo data, start the task worker, serve on :8000
#   make test   lint, type-check, architecture contracts and the whole test suite
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
PORT ?= 8000
HOST ?= 127.0.0.1
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install demo test lint typecheck contracts pytest check lock messages clean

help:
	@echo "make demo    set up everything and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test    ruff, mypy, import-linter and pytest (PostgreSQL when DATABASE_URL is set)"
	@echo "make lock    re-resolve requirements.lock from pyproject.toml"
	@echo "make messages  extract new UI texts into the Indonesian catalog and compile it"

$(BIN)/python:
	@python=$$(scripts/find-python.sh); echo "Using $$python"; "$$python" -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

install: $(VENV)/.installed

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 -o requirements.lock

# Extract the UI texts into the Indonesian catalog (translate the new and fuzzy entries in
# src/lindung/locale/id/LC_MESSAGES/django.po, then run it again to compile).
messages: install
	cd src/lindung && DEBUG=true ../../$(BIN)/lindung makemessages -l id --ignore "rules/*"
	sed -i '/^#| /d' src/lindung/locale/id/LC_MESSAGES/django.po
	cd src/lindung && DEBUG=true ../../$(BIN)/lindung compilemessages -l id
	msgfmt --statistics -o /dev/null src/lindung/locale/id/LC_MESSAGES/django.po

demo: install
	@bash scripts/demo.sh "$(BIN)" "$(HOST)" "$(PORT)"

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy src tests

contracts: install
	$(BIN)/lint-imports

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck contracts pytest

check: test

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
