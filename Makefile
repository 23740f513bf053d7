# The book's commands. `make build` and `make test` are all a fresh machine needs.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export BRIEFING_CORPUS ?= $(wildcard ../shared/corpus)
# Dates in the site and the PDF are the last commit's, so a build of one commit is the same on any day.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: build site pdf test test-fast check fingerprint lint serve bench scaffold system-packages clean properdocs properdocs-test

build: site pdf  ## The site (site/) and the PDF briefing (site/briefing.pdf)

site: $(STAMP)  ## Also the offline copy (site/offline/): opens from files, search included
	$(VENV)/bin/mkdocs build --strict
	BRIEFING_OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir site/offline

pdf: $(STAMP) system-packages
	$(PY) -m macros.pdf site site/briefing.pdf
	test ! -d site/offline || cp site/brief*.pdf site/offline/  # the offline copy links them too

# On every core (pytest-xdist), a test file to a worker: the browser tests share one browser and the PDF
# tests one PDF. PYTEST_ARGS adds options; WORKERS=0 runs in one process (easier to debug).
WORKERS ?= auto
PARALLEL = $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadfile --no-loadscope-reorder)

test: $(STAMP) system-packages $(if $(wildcard package.json),node_modules)  ## Every test, including the real build, the PDF and the browser
	$(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS)

test-fast: $(STAMP)  ## While editing, in under a minute: make check and the tests that build no site
	$(PY) -m macros.check
	$(PY) -m pytest $(PARALLEL) -m "not build and not pdf and not browser" $(PYTEST_ARGS)

node_modules: package.json package-lock.json  ## axe-core for the browser tests, at the locked version
	npm ci --silent
	touch $@

check: $(STAMP)  ## Editorial and citation checks without a build: run before each commit
	$(PY) -m macros.check

fingerprint: $(STAMP)  ## With the sources' texts (BRIEFING_CORPUS): rewrite sources/fingerprints/, which checks use without them
	$(PY) -m macros.fingerprint

lint: $(STAMP)  ## ruff and mypy over the code, with the rule sets of pyproject.toml: both must report nothing
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

serve: $(STAMP)  ## Preview at http://127.0.0.1:8000, rebuilt on every edit to docs/, sources/, overrides/ (macros/*.py: restart)
	$(VENV)/bin/mkdocs serve --livereload

bench: $(STAMP) system-packages  ## Build-time benchmark: prints figures and appends them to bench/results/
	$(PY) bench/run.py

scaffold: $(STAMP)  ## make scaffold KEY=rahman2023 PARAGRAPHS=8 (BIB=path/to/entry.bib to start from an entry)
	"$(PY)" -m macros.scaffold $${BIB:+--bib "$$BIB"} $${PARAGRAPHS:+--paragraphs "$$PARAGRAPHS"} -- "$$KEY"  # from the environment: the shell never reads their text as code

# The same book on ProperDocs, in a virtual environment of its own (requirements-properdocs.txt).
PROPERDOCS_VENV ?= .venv-properdocs
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed
PROPERDOCS_TESTS ?= tests/test_engine.py tests/test_content.py tests/test_citations.py tests/test_source_page.py \
	tests/test_navigation.py tests/test_passthrough.py tests/test_graph_index.py tests/test_units.py

properdocs: $(PROPERDOCS_STAMP)  ## The site built by ProperDocs instead of MkDocs (strict), into site-properdocs/
	$(PROPERDOCS_VENV)/bin/properdocs build --strict -f mkdocs.yml --site-dir site-properdocs

properdocs-test: $(PROPERDOCS_STAMP)  ## The build and HTML tests (no PDF, no browser) with ProperDocs as the engine
	BRIEFING_ENGINE=properdocs $(PROPERDOCS_VENV)/bin/python -m pytest -m 'not browser and not pdf' $(PROPERDOCS_TESTS)

$(PROPERDOCS_STAMP): requirements-properdocs.txt pyproject.toml  ## locked with hashes, as requirements.txt
	test -x "$(PROPERDOCS_VENV)/bin/python" || python3 -m venv "$(PROPERDOCS_VENV)"
	"$(PROPERDOCS_VENV)/bin/python" -m pip install --quiet --require-hashes -r requirements-properdocs.txt
	"$(PROPERDOCS_VENV)/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PROPERDOCS_VENV)/bin/python -m pip uninstall --quiet --yes mkdocs  # so that nothing but ProperDocs can build
	touch $@

system-packages:
	@bash scripts/system-packages.sh

$(STAMP): requirements.txt pyproject.toml  ## Every package at its locked version and hash, then the book's own (no other download)
	test -x "$(PY)" || python3 -m venv "$(VENV)"
	"$(PY)" -m pip install --quiet --require-hashes -r requirements.txt
	"$(PY)" -m pip install --quiet --no-deps --no-build-isolation -e .
	touch "$@"

clean:
	rm -rf site site-properdocs .cache
