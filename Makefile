# Minka: the two quick-start commands are `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NPM_STAMP := $(VENV)/npm/.installed

.PHONY: serve site validate test linkcheck bench schema chromium npm clean

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

# Independent readers of the citations (citation-js), pinned in tests/package-lock.json and
# installed into .venv/npm, only when missing or when the pins change.
$(NPM_STAMP): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm (Node.js 18 or later) is needed for the citation tests"; exit 1; }
	mkdir -p $(VENV)/npm
	cp tests/package.json tests/package-lock.json $(VENV)/npm/
	cd $(VENV)/npm && npm ci --no-audit --no-fund --loglevel=error
	touch $@

npm: $(NPM_STAMP)  ## install the npm packages the tests use into .venv/npm

test: $(TEST_STAMP) $(NPM_STAMP) chromium  ## run the whole test suite, browser tests included
	$(BIN)/python -m pytest -n 2 -q

linkcheck: site  ## check the site's external links over the network (not part of `make test`)
	$(BIN)/python tests/linkcheck_external.py site

bench: $(TEST_STAMP) chromium  ## synthetic catalogs of 100, 1,000, 5,000 records against DESIGN.md budgets (long)
	$(BIN)/python bench/run.py --sizes 100 1000 5000

clean:
	rm -rf site .pytest_cache
