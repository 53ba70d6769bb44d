# Two commands on a fresh machine (see README): `make run` and `make test`.
# Everything they need is installed here, from PyPI, npm and Debian.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

# Debian packages: WeasyPrint's text engine and the PDF's fonts (to run),
# Chromium, pdftoppm, nginx, openssl and curl (to test). Installed only when missing.
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-inter fonts-dejavu-core \
	fonts-wqy-microhei fonts-noto-color-emoji
TEST_DEBS := chromium poppler-utils nginx openssl curl

.PHONY: run test setup system-deps system-test-deps lint translations bench screenshots mutation mutation-sample clean

run: setup
	$(BIN)/atelier serve --host $(HOST) --port $(PORT)

test: setup system-test-deps
	$(BIN)/ruff check .
	$(BIN)/pytest

setup: system-deps $(VENV)/.installed node_modules/.installed translations

system-deps:
	@$(call apt_install,$(RUNTIME_DEBS))

system-test-deps:
	@$(call apt_install,$(TEST_DEBS))

# apt-get install the packages of $(1) that dpkg does not know yet (as root,
# or through sudo).
define apt_install
	missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi
endef

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

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the catalogue after changing user-visible strings.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k Np_:1,2 -k Nc_:1c,2 -o atelier/translations/messages.pot .
	$(BIN)/pybabel update -i atelier/translations/messages.pot -d atelier/translations --no-fuzzy-matching --ignore-obsolete --no-wrap

bench: setup
	$(BIN)/python -m bench.broadcast

# Every face at every step, French and English, into screenshots/ (git-ignored):
# to look at before calling a change to what people see done.
screenshots: setup system-test-deps
	$(BIN)/python -m tests.screenshots --out screenshots
	$(BIN)/python -m tests.screenshots --out screenshots --size large --face screen

# Mutation testing of the rules (docs/testing.md), not part of `make test`:
# slow, so one test process at a time, niced. MUTANTS narrows it to some
# modules, e.g. MUTANTS='atelier.domain.*'; results stay in mutants/
# (git-ignored) and a second run tests only what changed.
# MUTATION_BUDGET=45 stops a mutant no test has killed after 45 s of tests
# ("unsettled", to settle by hand: tests/mutation_order.py).
MUTANTS ?=
MUTATION_JOBS ?= 1
MUTATION_BUDGET ?=
mutation: setup
	MUTATION_BUDGET=$(MUTATION_BUDGET) nice -n 10 $(BIN)/mutmut run --max-children $(MUTATION_JOBS) $(foreach m,$(MUTANTS),'$(m)')
	$(BIN)/python -m tests.mutation_report

# When there is no time for all: a uniform random sample (seeded) of the
# mutants not run yet, e.g. SAMPLE=0.25 PREFIXES='atelier.services.views.'
SAMPLE ?= 0.25
PREFIXES ?= atelier.
mutation-sample: setup
	names=$$($(BIN)/python -m tests.mutation_sample $(SAMPLE) $(PREFIXES)) || exit 1; \
	MUTATION_BUDGET=$(MUTATION_BUDGET) nice -n 10 $(BIN)/mutmut run --max-children $(MUTATION_JOBS) $$names
	$(BIN)/python -m tests.mutation_report

clean:
	rm -rf $(VENV) node_modules
