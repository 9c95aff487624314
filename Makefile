# Two commands set everything up on a fresh machine:
#   make run    install, build, migrate, load the demo partnership and serve it
#   make test   install what the tests need, then lint, type-check and run every test
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON = $(shell scripts/find-python)
UV := .tools/bin/uv
UV_VERSION := 0.13.9
MANAGE := .venv/bin/python manage.py
# The demo runs as production does (DEBUG off: real error pages, WhiteNoise serving the
# static files) with the demo accounts switched on, over plain HTTP on this machine only.
DEMO := DEMO_MODE=1 DJANGO_DEBUG=0 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \
	ALLOWED_HOSTS=127.0.0.1,localhost

.PHONY: run test install dev-install lint typecheck pytest demo-codes bench clean

.tools/bin/uv:
	@test -n "$(PYTHON)" || exit 1
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Serving needs only the runtime dependencies; the test tools (pytest, Playwright, mypy,
# PySpark…) come with `make test`. --inexact keeps them once they are there.
.venv/.installed: pyproject.toml uv.lock .tools/bin/uv
	$(UV) sync --frozen --no-dev --inexact --extra embeddings --python $(PYTHON)
	@touch $@

.venv/.dev-installed: .venv/.installed
	$(UV) sync --frozen --extra embeddings --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/static/.built: node_modules/.installed $(shell find frontend -type f)
	npm run --silent build
	@touch $@

var/.system-packages:
	scripts/install-system-packages
	@mkdir -p var && touch $@

install: .venv/.installed build/static/.built var/.system-packages

dev-install: install .venv/.dev-installed

run: install
	$(DEMO) $(MANAGE) migrate --no-input
	$(DEMO) $(MANAGE) collectstatic --no-input --verbosity 0
	$(DEMO) $(MANAGE) load_demo
	@echo "Serving the demo partnership on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(DEMO) scripts/serve

demo-codes: install
	$(DEMO) $(MANAGE) demo_codes

# The same checks run before each commit once `.venv/bin/pre-commit install` is done.
lint: dev-install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

typecheck: dev-install
	.venv/bin/mypy safeguarding tests bench

# Speed and accuracy targets, printed beside their baselines; not part of make test.
bench: dev-install
	.venv/bin/python bench/governance_pages.py
	.venv/bin/python bench/returns_validation.py
	.venv/bin/python bench/insight_queries.py
	.venv/bin/python bench/staff_pages.py
	.venv/bin/python bench/assist_model.py
	.venv/bin/python bench/document_import.py
	.venv/bin/python bench/document_import_speed.py

pytest: dev-install
	scripts/install-chromium
	scripts/install-java
	$(MANAGE) makemigrations --check --dry-run
	.venv/bin/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

clean:
	rm -rf .venv .tools node_modules build .pytest_cache .mypy_cache .ruff_cache
