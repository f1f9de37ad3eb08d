# Two entry points for a new machine (Python 3.11 and pip only):
#   make run   - create .venv, install, build the index if needed, start the app on http://localhost:8501
#   make test  - create .venv, install, run the linters and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501

.PHONY: install run index test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# CPU build of PyTorch first (a local wheel on these machines); the constraints keep it pinned.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Incremental: embeds only new or changed documents (a no-op taking about a second when nothing changed).
index: install
	$(BIN)/assistant ingest

run: index
	$(BIN)/streamlit run ui/app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false --client.toolbarMode minimal

lint: install
	$(BIN)/ruff check assistant ui tests evals
	$(BIN)/ruff format --check assistant ui tests evals
	$(BIN)/mypy

test: install lint
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python evals/retrieval/run.py

clean:
	rm -rf $(VENV) data/chroma .pytest_cache .ruff_cache
