# Bir Tereze — the entry points. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test protos protos-check lint format migrate clean help

help:
	@echo "make run     set up (venv, migrations, demo accounts) and start the six services; gateway on http://127.0.0.1:8080"
	@echo "make test    the whole test suite (tox: lint + pytest; PostgreSQL tests skip with a message when no server answers)"
	@echo "make protos  regenerate services/birtereze from protos/ with the pinned toolchain"
	@echo "make lint    ruff over services/ and tests/"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tereze run

test: $(STAMP)
	$(BIN)/tox -e lint,test

protos: $(STAMP)
	$(BIN)/python protos/generate.py

lint: $(STAMP)
	$(BIN)/ruff check services tests protos helm

format: $(STAMP)
	$(BIN)/ruff check --fix services tests protos helm

migrate: $(STAMP)
	TEREZE_VAR_DIR=var $(BIN)/python -c "from tereze.devrun import Suite; Suite('var').prepare(seed=True)"

clean:
	rm -rf $(VENV) .tox var .pytest_cache .ruff_cache
