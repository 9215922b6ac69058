# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo .venv-uv/bin/uv)
PY := .venv/bin/python
FAZHI := .venv/bin/fazhi

.PHONY: run test bench lint install assets openapi clean

# Install, build assets, migrate SQLite in ./var (or $FAZHI_VAR_DIR), build the demo city when
# the database has no agencies, print the demo logins and serve on http://127.0.0.1:8000 (PORT=…) with
# DEBUG off, as in production (the Chinese error pages; whitenoise still serves the static
# files, from the finders); FAZHI_DEBUG=1 make run turns Django's debug pages back on.
run: install assets
	mkdir -p "$${FAZHI_VAR_DIR:-var}"
	FAZHI_DEBUG="$${FAZHI_DEBUG:-0}" $(FAZHI) demo --serve --host 127.0.0.1 --port $${PORT:-8000}

# Lint (ruff, then the import-linter contracts of pyproject.toml: ADR 0023), the whole
# suite on SQLite; again on PostgreSQL when FAZHI_TEST_DATABASE_URL is set (CI),
# there without the browser tests, which exercise no database-specific code.
# One pytest-xdist worker per core (each with its own test database); PYTEST_WORKERS=0
# runs the suite in one process. PYTEST_ARGS="-p randomly" runs the tests in a random
# order (pytest-randomly, off by default: ADR 0028; --randomly-seed=N repeats an order).
PYTEST_WORKERS ?= auto
test: install assets
	$(PY) -m ruff check .
	.venv/bin/lint-imports
	mkdir -p var
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)
	@if [ -n "$$FAZHI_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL"; \
	  FAZHI_DATABASE_URL="$$FAZHI_TEST_DATABASE_URL" $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal -m "not browser" $(PYTEST_ARGS); \
	fi

bench: install assets
	$(PY) -m bench $(BENCH_ARGS)

lint: install
	$(PY) -m ruff check .
	.venv/bin/lint-imports

openapi: install
	$(FAZHI) openapi --write

# uv from PyPI when the machine does not have it; the venv from the lock file.
install: $(UV)
	$(UV) sync --frozen --quiet

.venv-uv/bin/uv:
	python3 -m venv .venv-uv
	.venv-uv/bin/pip install --quiet uv

# Front-end assets from the npm registry (lock file), copied into static/vendor, and the
# compiled translation catalogues, every language under fazhi/locale (built, not committed:
# Babel's output is not byte-stable).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard fazhi/locale/*/LC_MESSAGES/django.po))
assets: fazhi/static/vendor/.stamp $(CATALOGUES)

fazhi/locale/%/LC_MESSAGES/django.mo: fazhi/locale/%/LC_MESSAGES/django.po
	.venv/bin/pybabel compile --statistics -d fazhi/locale -D django -l $*

fazhi/static/vendor/.stamp: package.json package-lock.json scripts/vendor_assets.sh
	npm ci --silent --no-audit --no-fund
	bash scripts/vendor_assets.sh
	touch $@

clean:
	rm -rf .venv .venv-uv node_modules fazhi/static/vendor var
