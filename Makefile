# Weimin: `make run` starts the whole platform, `make test` runs every test.
# Both set up everything they need on a fresh machine (Python 3.11, Node 20, apt for Chromium).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3.11
PY := .venv/bin/python
PYTHON_PACKAGES := weimin_kit weimin_events weimin_democity weimin_launcher weimin_org_registry weimin_grid \
                   weimin_wishes weimin_volunteers weimin_notifications weimin_gateway weimin_partner_simulator \
                   weimin_channel_simulator weimin_push_service
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts \
                      frontend/tsconfig.json frontend/openapi.json -type f 2>/dev/null)

.PHONY: help run test lint typecheck test-python test-frontend test-integration test-browser bench openapi \
        openapi-check frontend clean partner-demo

help:
	@echo "make run    start the platform at http://localhost:8000 (demo city, SQLite;"
	@echo "            DEMO_SIZE=city for the full million residents)"
	@echo "make test   lint, type checks, every test (WEIMIN_TEST_DATABASE=postgresql for PostgreSQL)"
	@echo "make lint   ruff, ESLint and vue-tsc"
	@echo "make bench  benchmarks, results in bench/results/"
	@echo "make partner-demo  with \`make run\` going: the public-security system's simulator"
	@echo "            exchanging data and incident webhooks with it (tools/partner_simulator)"

$(UV):
	python3.11 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: uv.lock pyproject.toml $(wildcard */pyproject.toml */*/pyproject.toml) | $(UV)
	$(UV) sync --frozen --all-packages
	touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json frontend/package.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

frontend: frontend/dist/index.html

# `make run DEMO_SIZE=city` loads the full million-resident city (see README); `none` loads
# nothing. The size only matters on the run that fills empty databases.
DEMO_SIZE ?= demo

run: .venv/.synced frontend
	$(PY) -m weimin_launcher run --demo-size $(DEMO_SIZE)

# Needs `make run` going in another terminal (it says so if not): creates a partner client
# on the org-registry's database and runs the simulator for PARTNER_DEMO_SECONDS while two
# incidents are reported as grid001 (tools/partner_simulator/README.md).
PARTNER_DEMO_SECONDS ?= 45

partner-demo: .venv/.synced
	$(PY) -m weimin_partner_simulator demo --seconds $(PARTNER_DEMO_SECONDS)

lint: .venv/.synced frontend/node_modules/.package-lock.json
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	cd frontend && npm run lint && npm run typecheck

typecheck: .venv/.synced
	$(UV) run --frozen mypy $(addprefix -p ,$(PYTHON_PACKAGES))

# Each service exports its own spec (services/<name>/openapi.json); the gateway merges those
# files without importing any service into the one the SPA's client is generated from.
SERVICES := org-registry grid wishes volunteers notifications

openapi: .venv/.synced frontend/node_modules/.package-lock.json
	for service in $(SERVICES); do \
	  $(PY) -m weimin_$${service//-/_} openapi > services/$$service/openapi.json; \
	done
	$(PY) -m weimin_gateway openapi-offline --services-dir services > frontend/openapi.json
	cd frontend && npm run api:gen

openapi-check: .venv/.synced frontend/node_modules/.package-lock.json
	mkdir -p $(TOOLS)/openapi
	for service in $(SERVICES); do \
	  $(PY) -m weimin_$${service//-/_} openapi > $(TOOLS)/openapi/$$service.json; \
	  diff -q $(TOOLS)/openapi/$$service.json services/$$service/openapi.json >/dev/null || \
	    { echo "services/$$service/openapi.json is stale: run 'make openapi' and commit"; exit 1; }; \
	done
	$(PY) -m weimin_gateway openapi-offline --services-dir services > $(TOOLS)/openapi.json
	@diff -q $(TOOLS)/openapi.json frontend/openapi.json >/dev/null || \
	  { echo "frontend/openapi.json is stale: run 'make openapi' and commit"; exit 1; }
	cd frontend && npm run api:check

# The packages' suites run on pytest-xdist workers, one per core (`PYTEST_WORKERS=0` for one
# process). Each worker has its own databases; a test file stays on one worker, and the
# tests sharing a started platform stay together (weimin_kit.testing.plugin). The
# cross-service suite runs in one process: each platform it starts is five busy processes
# already, and two started side by side on two cores took 366 s against 233 s one by one.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup
# CI's PostgreSQL pass narrows this to the suites that reach a database (see .ci/run).
PYTHON_SUITES ?= libs services gateway tools

test-python: .venv/.synced
	tools/ensure-system-packages.sh
	tools/ensure-nats.sh
	$(UV) run --frozen pytest $(PYTEST_PARALLEL) --durations=15 $(PYTHON_SUITES)

# The SPA's unit tests; its type check (vue-tsc) is part of `make lint`, which `make test`
# runs first, so it is not done twice.
test-frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm test

test-integration: .venv/.synced frontend
	tools/ensure-system-packages.sh
	tools/ensure-nats.sh
	$(UV) run --frozen pytest -p no:xdist --durations=15 tests --ignore=tests/browser

# Browser journeys (frontend/e2e/journeys) in Debian's Chromium against the real platform.
test-browser: .venv/.synced frontend
	tools/ensure-system-packages.sh
	$(UV) run --frozen pytest -p no:xdist --durations=0 tests/browser

test: lint typecheck openapi-check test-python test-frontend test-integration test-browser

bench: .venv/.synced
	tools/ensure-nats.sh
	$(PY) -m bench

clean:
	rm -rf .venv $(TOOLS) frontend/node_modules frontend/dist
