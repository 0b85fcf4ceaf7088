# Two commands do everything on a fresh clone (Python >= 3.11 and pip only):
#   make run    open newsdesk on the bundled seeds
#   make test   lint, then run the whole test suite
#   make lint   ruff on everything, mypy on tui/core (configs in pyproject.toml)
# Each builds .venv by itself on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench mutate mutate-sample clean

$(STAMP): pyproject.toml
	@echo "First run: building $(VENV) with newsdesk, its libraries and the spaCy model (a minute or two, once)"
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)
	@echo "$(VENV) is ready"

run: $(STAMP)
	$(BIN)/newsdesk

test: lint
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

# Mutation testing of the save path (yaml_io, store, sync, edits, anchor): on demand, not
# in CI; hours on 2 cores. `make mutate MUTANTS='tui.core.anchor*'` runs one file.
# Results stay in mutants/ (a re-run checks only what changed); tests/tools/mutation_score.py
# prints the kill rate per file, `.venv/bin/mutmut browse` shows each survivor.
# `make mutate-sample SAMPLE=40 SEED=1 ROUND=0` checks a seeded random sample of each file
# and prints its rate with a 95% interval; write tests against one ROUND's survivors, then
# measure on the next ROUND (disjoint), so the figure is not biased by the targeting.
mutate: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,mutate]'
	mkdir -p mutants
	nice -n 10 $(BIN)/mutmut run --max-children 2 $(MUTANTS) > mutants/run.log || (tail -c 4000 mutants/run.log; exit 1)
	$(BIN)/python tests/tools/mutation_score.py

SAMPLE ?= 40
SEED ?= 1
ROUND ?= 0
mutate-sample: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,mutate]'
	mkdir -p mutants
	nice -n 10 $(BIN)/python tests/tools/mutation_sample.py --sample $(SAMPLE) --seed $(SEED) --round $(ROUND) --max-children 2

clean:
	rm -rf $(VENV) build *.egg-info mutants
