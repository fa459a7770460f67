# Bir Tereze — the entry points. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-year chaos protos lint format migrate clean help

help:
	@echo "make run     set up (venv, migrations, demo accounts) and start the six services; gateway on http://127.0.0.1:8080"
	@echo "make test    the whole test suite (tox: lint + pytest; PostgreSQL tests skip with a message when no server answers)"
	@echo "make bench   the suite under load against this machine's limits (bench-results/: JSON, Markdown, PNG)"
	@echo "make bench-year   600,000 applications through the suite on PostgreSQL (YEAR=n for a part, projected)"
	@echo "make chaos   kill -9 every service, take the database away, break the network; report lost/duplicated"
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

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# BENCH_ARGS, e.g. --db sqlite --clerks 1,8,32 --seconds 20
bench: $(BENCH_STAMP)
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)

# The national-year replay on PostgreSQL; YEAR=30000 replays a part and projects the year from its rate.
YEAR ?= 600000
bench-year: $(BENCH_STAMP)
	$(BIN)/python -m tests.bench.run --db postgres --clerks 32 --year $(YEAR) $(BENCH_ARGS)

# CHAOS_ARGS, e.g. --db postgres --rounds 2 --clerks 8
chaos: $(STAMP)
	$(BIN)/python -m tests.chaos.run $(CHAOS_ARGS)

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
