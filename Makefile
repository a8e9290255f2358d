# Minka: the two quick-start commands are `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: serve site validate test format linkcheck bench schema chromium vnu citation-js clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

serve: $(STAMP)  ## build both languages and serve on http://127.0.0.1:8000 with live reload
	$(BIN)/minka serve --host 127.0.0.1 --port 8000

site: $(STAMP)  ## build the whole site into site/
	$(BIN)/minka build --strict

validate: $(STAMP)  ## check every record and vocabulary
	$(BIN)/minka validate

schema: $(STAMP)  ## refresh the JSON Schemas in schema/
	$(BIN)/minka schema

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The Nu HTML Checker, for tests/test_html_valid.py: npm and Java are on every machine of the
# project. Install scripts are not run: the jar is all we need (its script fetches a Java
# runtime when none is found).
VNU_VERSION := 26.9.27
VNU_STAMP := $(VENV)/npm/.vnu-$(VNU_VERSION)

$(VNU_STAMP):
	npm install --silent --no-audit --no-fund --ignore-scripts --prefix $(VENV)/npm vnu-jar@$(VNU_VERSION)
	touch $@

vnu: $(VNU_STAMP)

# citation-js, for tests/test_cite.py: an independent citation processor reads every citation
# the site publishes and formats it in APA, to compare with the pages.
CITEJS_VERSION := 0.8.2
CITEJS_STAMP := $(VENV)/npm/.citation-js-$(CITEJS_VERSION)

$(CITEJS_STAMP):
	npm install --silent --no-audit --no-fund --ignore-scripts --prefix $(VENV)/npm \
	  $(foreach p,core plugin-bibtex plugin-csl plugin-ris,@citation-js/$(p)@$(CITEJS_VERSION))
	touch $@

citation-js: $(CITEJS_STAMP)

test: $(TEST_STAMP) chromium vnu citation-js  ## format and lint check, then the whole test suite, browser tests included
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .
	$(BIN)/python -m pytest -n 2 -q

format: $(TEST_STAMP)  ## rewrite the code the way `make test` checks it
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

linkcheck: site  ## check the site's external links over the network (not part of `make test`)
	$(BIN)/python tests/linkcheck_external.py site

# Lighthouse, for the bench's page figures (bench/lighthouse.py); 13 needs a newer Node.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_STAMP := $(VENV)/npm/.lighthouse-$(LIGHTHOUSE_VERSION)

$(LIGHTHOUSE_STAMP):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/npm lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

bench: $(TEST_STAMP) chromium $(LIGHTHOUSE_STAMP)  ## synthetic catalogs of 100, 1,000, 5,000 records against DESIGN.md budgets (long)
	$(BIN)/python bench/run.py --sizes 100 1000 5000

clean:
	rm -rf site .pytest_cache
