# Two commands set everything up on a fresh machine:
#   make run    install, build, migrate, load the demo partnership and serve it
#   make test   install what the tests need, then lint, type-check and run every test
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON = $(shell scripts/find-python)
UV := .tools/bin/uv
UV_VERSION := 0.13.9
MANAGE := .venv/bin/python manage.py
DEMO := DJANGO_DEBUG=1

.PHONY: run test install lint typecheck pytest demo-codes bench clean

.tools/bin/uv:
	@test -n "$(PYTHON)" || exit 1
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.installed: pyproject.toml uv.lock .tools/bin/uv
	$(UV) sync --frozen --python $(PYTHON)
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

run: install
	$(DEMO) $(MANAGE) migrate --no-input
	$(DEMO) $(MANAGE) load_demo
	@echo "Serving the demo partnership on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(DEMO) scripts/serve

demo-codes: install
	$(DEMO) $(MANAGE) demo_codes

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck: install
	.venv/bin/mypy safeguarding tests bench

# Speed targets, printed beside their baselines; not part of make test.
bench: install
	.venv/bin/python bench/governance_pages.py
	.venv/bin/python bench/returns_validation.py
	.venv/bin/python bench/insight_queries.py

pytest: install
	scripts/install-chromium
	scripts/install-java
	$(MANAGE) makemigrations --check --dry-run
	.venv/bin/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

clean:
	rm -rf .venv .tools node_modules build .pytest_cache .mypy_cache .ruff_cache
