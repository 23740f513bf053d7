# The book's commands. `make build` and `make test` are all a fresh machine needs.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export BRIEFING_CORPUS ?= $(wildcard ../shared/corpus)

.PHONY: build site pdf test check lint serve bench scaffold system-packages clean

build: site pdf  ## The site (site/) and the PDF briefing (site/briefing.pdf)

site: $(STAMP)  ## Also the offline copy (site/offline/): opens from files, search included
	$(VENV)/bin/mkdocs build --strict
	BRIEFING_OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir site/offline

pdf: $(STAMP) system-packages
	$(PY) -m macros.pdf site site/briefing.pdf
	test ! -d site/offline || cp site/briefing*.pdf site/offline/  # the offline copy links them too

test: $(STAMP) system-packages $(if $(wildcard package.json),node_modules)  ## Every test, including the real build, the PDF and the browser
	$(PY) -m pytest $(PYTEST_ARGS)

node_modules: package.json package-lock.json  ## axe-core for the browser tests, at the locked version
	npm ci --silent
	touch $@

check: $(STAMP)  ## Editorial and citation checks without a build: run before each commit
	$(PY) -m macros.check

lint: $(STAMP)  ## ruff and mypy over the code, with the rule sets of pyproject.toml: both must report nothing
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

serve: $(STAMP)  ## Preview at http://127.0.0.1:8000, rebuilding on every edit to docs/, sources/ or macros/
	$(VENV)/bin/mkdocs serve --livereload

bench: $(STAMP) system-packages  ## Build-time benchmark: prints figures and appends them to bench/results/
	$(PY) bench/run.py

scaffold: $(STAMP)  ## make scaffold KEY=rahman2023 (add BIB=path/to/entry.bib to start from an entry)
	$(PY) -m macros.scaffold $(KEY) $(if $(BIB),--bib $(BIB))

system-packages:
	@bash scripts/system-packages.sh

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

clean:
	rm -rf site .cache
