# careerkit: two commands on a fresh machine with Python 3.11+ and make.
#
#   make lab    JupyterLab on this folder (creates .venv on first use)
#   make test   ruff + the whole pytest suite, notebooks included
#   make app    the app (careerkit app: the widgets in a browser) on sample_data/ (a copy)
#
# Everything runs from .venv; nothing is installed outside it.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamps: touched after a successful install, redone when pyproject.toml changes.
DEV_STAMP := $(VENV)/.installed
LAB_STAMP := $(VENV)/.installed-lab
APP_STAMP := $(VENV)/.installed-app

# Extra arguments, e.g. make test PYTEST_ARGS="-x -k rates" or make lab LAB_ARGS="--port 9999"
PYTEST_ARGS ?=
LAB_ARGS ?=
# make app APP_ARGS="--port 9000" (see careerkit app --help)
APP_ARGS ?=
LAB_HOST ?= 127.0.0.1
# JupyterLab refuses to run as root unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Open a browser tab only where there is a desktop (a text browser would take the terminal).
NO_BROWSER := $(if $(filter Darwin,$(shell uname -s)),,$(if $(or $(DISPLAY),$(WAYLAND_DISPLAY)),,--no-browser))

# pip here prints many harmless "Location ... is ignored" lines: keep the output readable.
PIP := $(BIN)/python -m pip
PIP_QUIET := -q --progress-bar off
PIP_FILTER := { grep -v -E 'Location .* is ignored' || true; }

.PHONY: help venv install browser lab app test lint bench bench-scale strip-notebooks clean distclean

help:  ## list the commands
	@echo "careerkit: make <command>"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18 | sed 's/^/  /'

# --- the environment ---------------------------------------------------------------------

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  found=$$(command -v $(PYTHON) >/dev/null && $(PYTHON) --version 2>&1 || echo "not found"); \
	  echo "careerkit needs Python 3.11 or newer, but '$(PYTHON)' is $$found."; \
	  echo "Install Python 3.11+ and run again, or point make at it: make $(or $(MAKECMDGOALS),help) PYTHON=python3.12"; \
	  exit 1; }
	@echo "Creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create $(VENV). On Debian or Ubuntu: apt-get install python3-venv"; exit 1; }
	@{ $(PIP) install $(PIP_QUIET) --upgrade pip 2>&1 | $(PIP_FILTER); } || \
	  echo "(could not upgrade pip; going on with $$($(PIP) --version | cut -d' ' -f1-2))"

venv: $(BIN)/python  ## create .venv (nothing installed yet)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing careerkit with its development tools into $(VENV) (first time: a few minutes)"
	@$(PIP) install $(PIP_QUIET) -e '.[dev]' 2>&1 | $(PIP_FILTER)
	@touch $@ $(LAB_STAMP) $(APP_STAMP)

$(LAB_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing careerkit and JupyterLab into $(VENV) (first time: a few minutes)"
	@$(PIP) install $(PIP_QUIET) -e '.[lab]' 2>&1 | $(PIP_FILTER)
	@touch $@

$(APP_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing careerkit and Voilà into $(VENV) (first time: a few minutes)"
	@$(PIP) install $(PIP_QUIET) -e '.[app]' 2>&1 | $(PIP_FILTER)
	@touch $@

install: $(DEV_STAMP)  ## install careerkit and the development tools into .venv

# --- the two commands --------------------------------------------------------------------

lab: $(LAB_STAMP)  ## start JupyterLab on this folder (open the URL it prints)
	@echo "Starting JupyterLab on $(CURDIR): open notebooks/01_quickstart.ipynb. Ctrl+C stops it."
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --ServerApp.ip=$(LAB_HOST) \
	  $(NO_BROWSER) $(ROOT_FLAG) $(LAB_ARGS)

# The app saves into the folder it serves: it gets a copy of sample_data/ (made once, in
# build/; make clean removes it), so the repository's sample data (which the tests and
# examples read) stays as committed.
APP_DATA := build/app_sample_data
app: $(APP_STAMP)  ## start the app (careerkit app) on a copy of sample_data/ (open the URL it prints)
	@[ -d $(APP_DATA) ] || { mkdir -p build && cp -R sample_data $(APP_DATA); }
	@echo "Starting careerkit app on $(APP_DATA) (a copy of sample_data/; saves go there)."
	$(BIN)/careerkit app $(APP_DATA) $(APP_ARGS)

# Two workers (the machine's two cores); each test module and notebook stays in one worker.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest --nbval-lax --nbval-current-env \
  $(if $(filter-out 0 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadscope,) \
  tests notebooks $(PYTEST_ARGS)

# The browser tests (tests/browser) drive Debian's Chromium: Playwright cannot download its
# own browsers here. As root, a missing one is installed with apt-get; otherwise the browser
# tests are skipped with a loud message, except under CI=true, where that is a failure.
# CAREERKIT_CHROMIUM=/path/to/chromium uses another one (the tests read it too).
export CAREERKIT_CHROMIUM ?= /usr/bin/chromium
CHROMIUM := $(CAREERKIT_CHROMIUM)
IS_CI := $(filter true True TRUE 1 yes,$(CI))
browser:  ## install Chromium for the browser tests (apt-get, as root) when it is missing
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium for the browser tests: apt-get update && apt-get install -y chromium"; \
	  { apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || true; \
	fi; \
	if [ -x $(CHROMIUM) ]; then echo "Installed $$($(CHROMIUM) --version 2>/dev/null)"; exit 0; fi; \
	echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	echo "!! No Chromium at $(CHROMIUM): the browser tests (tests/browser) cannot run."; \
	echo "!! Install it as root: apt-get update && apt-get install -y chromium"; \
	if [ -n "$(IS_CI)" ]; then echo "!! CI=$(CI): a missing browser is a failure."; else \
	  echo "!! The browser tests will be SKIPPED."; fi; \
	echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	if [ -n "$(IS_CI)" ]; then exit 1; fi

# pytest runs even when ruff complains, so one run shows both; either failing fails the target.
test: $(DEV_STAMP) browser  ## ruff, then every test: unit, property, notebooks, browser
	@echo "$(BIN)/ruff check ."; lint=0; $(BIN)/ruff check . || lint=$$?; \
	echo "$(PYTEST)"; $(PYTEST) || exit $$?; \
	if [ $$lint -ne 0 ]; then echo "make test: the tests pass, but ruff found problems (above)"; fi; \
	exit $$lint

# --- more --------------------------------------------------------------------------------

lint: $(DEV_STAMP)  ## ruff only
	$(BIN)/ruff check .

# make bench BENCH_SIZES=10000 BENCH_REPEAT=5 BENCH_PARTS="core dashboard": a subset.
BENCH_SIZES ?= 10000 100000
BENCH_REPEAT ?= 3
BENCH_PARTS ?= core scattered analytics dashboard dashboard-browser report workbook
bench: $(DEV_STAMP)  ## run the benchmarks; tables go into benchmarks/README.md
	$(if $(filter core,$(BENCH_PARTS)),$(BIN)/python benchmarks/run.py \
	  --sizes $(BENCH_SIZES) --repeat $(BENCH_REPEAT))
	$(if $(filter scattered,$(BENCH_PARTS)),$(BIN)/python benchmarks/scattered_reads.py \
	  --clients $(BENCH_SIZES))
	$(if $(filter analytics,$(BENCH_PARTS)),$(BIN)/python benchmarks/analytics.py \
	  --clients $(BENCH_SIZES) --repeat $(BENCH_REPEAT))
	$(if $(filter dashboard,$(BENCH_PARTS)),$(BIN)/python benchmarks/dashboard.py)
	$(if $(filter dashboard-browser,$(BENCH_PARTS)),$(BIN)/python benchmarks/dashboard_browser.py)
	$(if $(filter report,$(BENCH_PARTS)),$(BIN)/python benchmarks/report.py)
	$(if $(filter workbook,$(BENCH_PARTS)),$(BIN)/python benchmarks/workbook.py)

# make bench-scale BENCH_SCALE_CLIENTS=100000: a smaller caseload (the issue's size is 1,000,000;
# the in-memory path runs on 100,000 clients beside it).
BENCH_SCALE_CLIENTS ?= 1000000
bench-scale: $(DEV_STAMP)  ## Parquet + Dask LocalCluster benchmark; table into benchmarks/README.md
	$(BIN)/python benchmarks/scale.py --clients $(BENCH_SCALE_CLIENTS) \
	  --in-memory $(if $(filter 1000000,$(BENCH_SCALE_CLIENTS)),100000,$(BENCH_SCALE_CLIENTS)) --write

# Outputs, execution counts and run metadata go; cell ids, tags and the kernel stay.
define STRIP_NOTEBOOKS
import sys, nbformat
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata["language_info"] = {"name": nb.metadata.get("language_info", {}).get("name", "python")}
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
endef
export STRIP_NOTEBOOKS

strip-notebooks: $(DEV_STAMP)  ## remove outputs from notebooks/*.ipynb before committing
	$(BIN)/python -c "$$STRIP_NOTEBOOKS" notebooks/*.ipynb

clean:  ## remove caches and build output (keeps .venv)
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
	  -type d -print0 | xargs -0 rm -rf

distclean: clean  ## also remove .venv (the next make recreates it)
	rm -rf $(VENV)
