# Two commands on a fresh machine (see README): `make run` and `make test`.
# Everything they need is installed here, from PyPI, npm and Debian.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup system-test-deps lint translations bench clean

run: setup
	$(BIN)/atelier serve --host $(HOST) --port $(PORT)

test: setup system-test-deps
	$(BIN)/ruff check .
	$(BIN)/pytest

setup: $(VENV)/.installed node_modules/.installed translations

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# French and English catalogues, compiled from atelier/translations/*.po.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d atelier/translations

# Debian's Chromium for the browser tests, and the fonts the PDF embeds.
system-test-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the catalogue after changing user-visible strings.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k Np_:1,2 -o atelier/translations/messages.pot .
	$(BIN)/pybabel update -i atelier/translations/messages.pot -d atelier/translations --no-fuzzy-matching

bench: setup
	$(BIN)/python -m bench.broadcast

clean:
	rm -rf $(VENV) node_modules
