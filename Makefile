# Council: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py
LANGS := ar es fr ru zh

.PHONY: run test test-postgres install lock translations extract-messages update-catalogues migrate demo benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exact versions from the lock file, each checked against its hashes; then Council itself.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements-dev.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# After changing dependencies in pyproject.toml: refresh both lock files (keeps other pins;
# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest allowed version). Needs the network.
PIP_COMPILE = $(VENV)/lock-tools/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	test -x $(VENV)/lock-tools/bin/pip-compile || ($(PYTHON) -m venv $(VENV)/lock-tools && $(VENV)/lock-tools/bin/pip install --quiet 'pip-tools>=7.4,<8')
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --output-file requirements-dev.lock pyproject.toml

install: $(VENV)/.installed

# Compiled catalogues (.mo) are built from the .po files, never committed.
translations: install
	$(BIN)/pybabel compile -d translations >/dev/null

# Serving through wsgi.py is production unless asked otherwise: these targets ask for development.
migrate demo run: export COUNCIL_ENV ?= development
migrate demo run: export COUNCIL_PUBLIC_URL ?= http://127.0.0.1:$(PORT)

migrate: translations
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask council demo

run: demo
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: translations
	COUNCIL_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test $(BIN)/python -m pytest $(PYTEST_ARGS)

# For developers: collect new strings and merge them into every catalogue.
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -k lazy_pgettext:1c,2 -k lazy_npgettext:1c,2,3 --no-location --sort-output --omit-header -o translations/messages.pot .

update-catalogues: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

benchmark: translations
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
