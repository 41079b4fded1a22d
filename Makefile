# Two commands on a fresh machine: `make site` and `make test`. Both install what they need.
PYTHON ?= python3
# The site generator: mkdocs (Material for MkDocs, with the policytrack plugin) or zensical (its successor,
# which skips plugins: `policytrack pages` writes the pages and its configuration first).
GENERATOR ?= mkdocs
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install shell site test lint typecheck unit browser bench bench-check schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## A shell with the environment activated, so that `policytrack` and `mkdocs` are on the PATH ('exit' leaves it).
shell: install
	@echo "A shell with $(VENV) activated: policytrack and mkdocs are on the PATH; 'exit' leaves it." >&2
	@. $(BIN)/activate && exec "$${SHELL:-/bin/sh}" -i

## The main job: check the repository (findings are printed, never hidden), then build the status site.
site: install
	-$(BIN)/policytrack check .
ifeq ($(GENERATOR),zensical)
	rm -rf build/pages site zensical.yml
	$(BIN)/policytrack pages build/pages . --config zensical.yml --site-dir site
	$(BIN)/zensical build --clean -f zensical.yml
else ifeq ($(GENERATOR),mkdocs)
	$(BIN)/mkdocs build --clean --site-dir site
else
	$(error GENERATOR must be mkdocs or zensical, not $(GENERATOR))
endif
	@echo "Status site written to site/index.html"

## Headless Chromium for the browser tests (Debian's package; installed once).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check src tests benchmarks

typecheck: install
	$(BIN)/mypy src

## Both cores: pytest-xdist runs the tests in two processes (a test file stays on one worker, so its
## module-wide fixtures such as a built site are made once).
unit: install browser
	$(BIN)/pytest -n auto --dist loadfile

test: lint typecheck unit

schema: install
	$(BIN)/policytrack schema schemas

## Benchmarks (minutes, not part of the tests): the checker against a plain parse, then the status site.
bench: install
	$(BIN)/python benchmarks/run.py --site

bench-check: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site bench-out test-artifacts .pytest_cache .mypy_cache .ruff_cache
