# Two commands matter: `make book` and `make test`. Both build .venv from the lock file first.
# System packages (browser, CJK fonts, poppler): .ci/system-packages.txt, via .ci/install-system-packages.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed

.PHONY: venv test check lint typecheck pytest quick-tests book pdf bench package clean

venv: $(STAMP)

# The stamp depends on the lock, so editing the lock re-syncs; `uv pip sync` removes strays too.
# Bytecode is compiled once here: uv installs none, and where PYTHONDONTWRITEBYTECODE is set no
# process writes it, so every interpreter (each kernel, each Jupyter Book run) would compile
# Sphinx, pandas and the rest from source again: a third of a build's time.
$(STAMP): requirements.lock pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q -j 0 src
	touch $@

# axe-core for the browser tests, pinned by package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --silent
	touch $@

PY_CODE := src tests benchmarks book/_ext .ci/check-wheel
lint: $(STAMP)
	$(BIN)/ruff check $(PY_CODE)
	$(BIN)/ruff format --check $(PY_CODE)
	@# The notebooks' code cells, as .ipynb copies ruff reads cell by cell (imports atop a cell),
	@# written by one interpreter: a jupytext process per notebook took 9 s of lint's 10.
	@cells=$$(mktemp -d) && trap 'rm -rf "$$cells"' EXIT && \
	$(BIN)/python -c 'import jupytext, pathlib, sys; out = pathlib.Path(sys.argv[1]); \
	  [jupytext.write(jupytext.read(md), out / f"{pathlib.Path(md).stem}.ipynb") for md in sys.argv[2:]]' \
	  "$$cells" book/*.md && echo "ruff check book/*.md (code cells)" && \
	$(BIN)/ruff check --config pyproject.toml "$$cells"

typecheck: $(STAMP)
	$(BIN)/mypy

# On every core (pytest-xdist). The built books are made once and shared by every worker
# (conftest.shared_build); the tests that share one browser visit of each page, or one module's
# build, run on one worker (conftest.SHARED_WORKER).
pytest: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# Lint and types run beside pytest rather than before it, so both cores are busy from the start
# instead of one waiting on mypy (about 8 s of a run); their few lines land among pytest's.
test: $(STAMP) $(NODE_STAMP)
	@$(MAKE) --no-print-directory -j3 lint typecheck pytest

# The inner loop: lint, types and every test that needs no book build or browser, on every core
# (pytest-xdist): these tests share no built book, so each worker needs none. As in `test`, lint
# and types run beside pytest: a cold mypy alone takes half a minute of one core.
check: $(STAMP)
	@$(MAKE) --no-print-directory -j3 lint typecheck quick-tests

quick-tests: $(STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not slow and not browser" $(PYTEST_ARGS)

# Both editions into _build/html, with their PDFs when a browser is found; without one the site
# is still published, with a one-line notice. BOOK_PDF=--pdf (.ci/book) requires the PDFs.
# The build writes only _build/html (a link) and its own _build/.html.baicheng-build folder.
BOOK_PDF ?= --pdf-if-browser
book: $(STAMP)
	$(BIN)/baicheng-report build $(BOOK_PDF)

# The PDFs alone, over the chapters `make book` executed: none is executed again (the site is
# rendered again, to link them).
pdf: $(STAMP)
	$(BIN)/baicheng-report build --pdf --executed-only

# bench_pages measures the published book: build it first (a no-op when it is current).
bench: book
	$(BIN)/python benchmarks/run_all.py

package: $(STAMP)
	$(BIN)/baicheng-report package

clean:
	rm -rf _build .pytest_cache .mypy_cache .ruff_cache dist
