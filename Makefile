# Two commands do everything: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
PORT ?= 8501
# DEMO=0 starts without demo data (use a new store: make clean-db run DEMO=0).
DEMO ?= 1

.PHONY: run test stress bench lint format init demo clean-db screenshots system-deps

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(STAMP_RUN)

init: $(STAMP_RUN)
	$(PY) -m nap_data init $(if $(filter 1,$(DEMO)),--demo,)

run: init
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP_DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

system-deps:
	bash tools/system_deps.sh

# The whole suite on SQLite (tests marked postgres also run on a throw-away PostgreSQL
# server), then the store, import, service, review and page tests again with every
# store on PostgreSQL (skipped with the reason when its binaries are missing).
PG_AGAIN := tests/test_returns_import.py tests/test_review_queue.py tests/test_version_diff.py \
	tests/test_returns_page.py tests/test_app_pages.py tests/test_framework.py \
	tests/test_audit_log.py tests/test_admin_page.py tests/test_identity.py

test: lint system-deps
	$(PY) -m pytest
	NAP_TEST_ENGINE=postgres $(PY) -m pytest -m "not e2e" $(PG_AGAIN)

# Long runs that do not belong in every test run, printing their figures: T3 with 60
# killed imports per engine (120 in all), T4 with 10 importers and 20 readers per engine.
stress: $(STAMP_DEV) system-deps
	NAP_KILL_RUNS=60 NAP_STRESS=1 $(PY) -m pytest -s tests/test_crash_safety.py \
		tests/test_concurrency_processes.py

# The benchmark of issue 14 (several minutes: it builds a store of a million activity
# reports): one table of every figure against its target, and bench.json. BENCH_ARGS
# passes options, e.g. make bench BENCH_ARGS="--scale 0.1 --only load,pipeline".
BENCH_ARGS ?=
bench: $(STAMP_DEV) system-deps
	$(PY) -m nap_data.bench --json bench.json $(BENCH_ARGS)

# Every page and every slide, Dutch and English, 1920x1080, on a new demo store: docs/screenshots/.
screenshots: $(STAMP_DEV) system-deps
	$(PY) tools/screenshots.py

clean-db:
	rm -f data/nap.db data/nap.db-wal data/nap.db-shm
