# Banshi — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
# Rasa 3.6 in its own environment: its pins (TensorFlow 2.12, pydantic 1, SQLAlchemy 1.4) clash
# with the rest, and it declares Python < 3.11. The lock was resolved for Python 3.10
# (bot/rasa-requirements.in, with uv) and installs on 3.11 without dependency resolution.
RASA_VENV  := .venv-rasa
RASA_STAMP := $(RASA_VENV)/.installed-$(shell cat bot/rasa-requirements.lock | cksum | cut -d' ' -f1)
# The CPU build of PyTorch: from the local wheel folder when the machine has one, else from
# PyTorch's CPU index (PyPI's default torch is a multi-GB CUDA build).
TORCH  := torch==2.13.0
TORCH_SOURCE := $(if $(wildcard /opt/wheels/torch-*.whl),--find-links /opt/wheels,--index-url https://download.pytorch.org/whl/cpu)

.PHONY: install run test test-fast bench lint eval eval-prereview index clean

install: $(STAMP) $(RASA_STAMP)
	@bash scripts/install-fonts.sh || echo "warning: no Chinese font for the PDF checklists (see above); everything else works"

# rasa-sdk (the action executor that runs inside the API) matches the Rasa server's 3.6 line;
# it is pure Python but declares Python < 3.11, so it is installed on its own; its
# dependencies are in the lock.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "$(TORCH)" $(TORCH_SOURCE)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python rasa-sdk==3.6.2
	$(BIN)/pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

$(RASA_STAMP): bot/rasa-requirements.lock
	@test -x $(RASA_VENV)/bin/python || $(PYTHON) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install --quiet --upgrade pip
	$(RASA_VENV)/bin/pip install --quiet --no-deps --ignore-requires-python -r bot/rasa-requirements.lock
	@rm -f $(RASA_VENV)/.installed-*
	@touch $@

## Start the product on its embedded default (SQLite, sample knowledge base, Rasa) at http://127.0.0.1:8000/
run: install
	$(BIN)/banshi serve

## The whole test suite (CI runs this through .ci/run); the exhaustive evaluations are `make eval`.
## The slowest tests are listed at the end, so that the next slow one is seen.
test: install
	$(BIN)/ruff check .
	$(BIN)/mypy knowledge nlu banshi api bot prereview tools
	$(BIN)/pytest -m "not eval" --durations=30

## Unit tests only (no evaluation, no service processes)
test-fast: install
	$(BIN)/pytest -m "not slow and not integration and not postgres and not eval"

## Pre-review evaluation: generate the fictitious cases (once) and score recall per defect code
## and false alarms on clean cases (the full set takes about an hour on 2 cores)
eval-prereview: install
	@test -f var/prereview-fixtures/manifest.json || $(BIN)/python -m tools.prereview_synthetic var/prereview-fixtures --per-code 20 --clean 60
	$(BIN)/python -m prereview.evaluation var/prereview-fixtures $(EVAL_ARGS)
	@bash scripts/install-eval-fonts.sh
	@test -f var/prereview-independent/manifest.json || $(BIN)/python -m tools.prereview_independent var/prereview-independent
	$(BIN)/python -m prereview.evaluation var/prereview-independent --split report $(EVAL_ARGS)

## Benchmarks: search latency, index build time and memory vs a plain BM25 baseline; chat-turn
## latency and throughput through /api/v1/chat vs bare Rasa; pre-review time for an ID-card photo
## and a 5-page PDF vs bare OCR
bench: install
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/chat_bench.py
	$(BIN)/python bench/prereview_bench.py
	$(BIN)/python bench/rate_limit_bench.py

## The exhaustive evaluations: retrieval quality on the evaluation set, and the bot's intent F1
## on a held-out split of its training data (trains a second Rasa model: ~10 minutes on 2 cores)
eval: install
	$(BIN)/banshi eval
	$(BIN)/pytest -m eval -s

index: install
	$(BIN)/banshi index build

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy knowledge nlu banshi api bot prereview tools

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
