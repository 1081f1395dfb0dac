# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RAW ?= data/raw
OUT ?= data/processed

# Offline and private: no telemetry from the Prefect client or server.
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: install run test lint format bench serve docs dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The lock pins every package with its sha256 (incl. the spaCy model wheel): a fresh
# install is the install we tested. Regenerate with `make lock` after editing requirements.in.
# Then the project itself, editable and with nothing more (its build backend, setuptools, is in
# the lock): `flows` and `tasks` import from anywhere, as they do on a Dask worker.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python -m flows.wire_etl --raw-dir $(RAW) --out-dir $(OUT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

# Scheduled runs on this machine: local server on 127.0.0.1:$(PORT), pool, deployments of
# prefect.yaml, a worker (Ctrl-C stops it). PREFECT_API_URL=... uses an existing server instead.
# See docs/scheduling.md.
PORT ?= 4200
serve: $(VENV)/.installed
	WIRECOPY_PREFECT_PORT=$(PORT) BIN=$(BIN) scripts/serve.sh

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

docs: $(VENV)/.installed
	$(BIN)/python -m tasks.store.schema_doc > docs/schema.md

bench: $(VENV)/.installed
	$(BIN)/python bench/parse_accuracy.py
	$(BIN)/python bench/ner_eval.py
	$(BIN)/python bench/entity_catalog.py
	$(BIN)/python bench/quotes.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/incremental.py
	$(BIN)/python bench/dedup.py

# A wheel of the project (flows + tasks) for machines that run shards: install it beside the
# lock on every Dask worker (docs/scale-out.md).
dist: $(VENV)/.installed
	$(BIN)/pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w dist .

lock:
	$(BIN)/pip install --quiet uv && $(BIN)/uv pip compile requirements.in --generate-hashes --python-version 3.11 -o requirements.lock
	$(BIN)/python scripts/pin_model_hash.py requirements.lock

clean:
	rm -rf $(OUT)/stories $(OUT)/quotes $(OUT)/entities $(OUT)/rejects $(OUT)/_*
