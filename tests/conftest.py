"""Shared fixtures: the real book built once per test run."""

from __future__ import annotations

import contextlib
import fcntl
import inspect
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from browser_support import CHROMIUM_ARGS, NO_BROWSER, StaticServer, axe_source, find_chromium

ROOT = Path(__file__).resolve().parent.parent
# The engine the tests build with: MkDocs 1.6, or ProperDocs (BRIEFING_ENGINE=properdocs, make properdocs-test).
ENGINE = os.environ.get("BRIEFING_ENGINE", "mkdocs")
if ENGINE == "properdocs":
    import properdocs.replacement  # noqa: F401  (the book's modules import mkdocs.*: ProperDocs answers)
CORPUS_HINT = "no corpus given: set BRIEFING_CORPUS=/path/to/corpus (in CI: ../shared/corpus) to run this check"


# Tests that read a built site, or build one, are in the build tier; the fast tier (make test-fast) leaves
# them out. Found by the fixtures they use or the call in their code, so a new test needs no marker.
BUILD_FIXTURES = {"built_site", "html_pages", "offline_site"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        function = getattr(item, "function", None)
        builds = function is not None and "run_mkdocs(" in inspect.getsource(function)
        if builds or BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
    # The longest files first: make test gives each worker a file at a time in this order
    # (--no-loadscope-reorder), so that a browser file is not the last to start.
    items.sort(key=lambda item: [not item.get_closest_marker(kind) for kind in ("browser", "pdf", "build")])


MINIMAL_BOOK = Path(__file__).parent / "fixtures" / "minimal"


def copy_of_fixture(tmp_path: Path) -> Path:
    """A copy of the minimal book (tests/fixtures/minimal) to edit, without any cache or site it was built with."""
    root = tmp_path / "book"
    shutil.copytree(MINIMAL_BOOK, root, ignore=shutil.ignore_patterns(".cache", "site"))
    return root


def check(root: Path, *args: str) -> tuple[int, str]:
    """`python -m macros.check --root ROOT ARGS` in this process (its exit code and output): a subprocess
    per case would double the fast tier's time. BRIEFING_CORPUS is left out unless --corpus is given."""
    from macros.check import main

    output = io.StringIO()
    saved = os.environ.pop("BRIEFING_CORPUS", None)
    try:
        with contextlib.redirect_stdout(output):
            code = main(["--root", str(root), *args])
    finally:
        if saved is not None:
            os.environ["BRIEFING_CORPUS"] = saved
    return code, output.getvalue()


def run_mkdocs(project: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", ENGINE, "build", "--strict", "-f", "mkdocs.yml", "-d", str(out), *extra],
        cwd=project, capture_output=True, text=True, env=env,
    )


def made_once(pytestconfig, tmp_path_factory, name: str, make) -> Path:
    """A folder that make(folder) fills, made once per test run: with several workers (pytest-xdist),
    the first to ask makes it under a lock and the others wait and read the same folder.

    Whether this process is an xdist worker is asked of pytest, not read from the environment: a
    pytest a test starts (the sixth source's copy runs the content tests) inherits a worker's
    PYTEST_XDIST_WORKER, and would otherwise read a folder another run made, of another book."""
    if not hasattr(pytestconfig, "workerinput"):  # set on xdist's workers alone
        out = tmp_path_factory.mktemp(name)
        make(out)
        return out
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    out, done = shared / name, shared / f"{name}.done"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also when make fails
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)  # what a failed attempt left
            make(out)
            done.touch()
    return out


def _build_the_book(out: Path) -> None:
    result = run_mkdocs(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def built_site(pytestconfig, tmp_path_factory) -> Path:
    """The real book, built with --strict into a temporary folder (once per run: tests only read it)."""
    return made_once(pytestconfig, tmp_path_factory, "site", _build_the_book)


def soup_of(site: Path, url: str) -> BeautifulSoup:
    """The parsed HTML of a page, by its URL path ('sources/mir2022/')."""
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="session")
def html_pages(built_site) -> dict[str, BeautifulSoup]:
    """Every built page, keyed by URL path ('' for the front page)."""
    pages = {}
    for path in sorted(built_site.rglob("index.html")):
        url = path.parent.relative_to(built_site).as_posix()
        url = "" if url == "." else url + "/"
        if url.startswith(("search/", "assets/")):
            continue
        pages[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    return pages


@pytest.fixture(scope="session")
def page_ids(html_pages) -> dict[str, dict[str, Tag]]:
    """Every element with an id, by page and id (the first, as find(id=…) gives): a lookup where
    find(id=…) walks the whole page, so tests that follow thousands of links stay quick."""
    ids: dict[str, dict[str, Tag]] = {}
    for url, soup in html_pages.items():
        found = ids[url] = {}
        for element in soup.find_all(id=True):
            found.setdefault(element["id"], element)
    return ids


# --- The browser (tests/test_browser.py, tests/test_every_page.py) -------------------------------------

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright: one per worker."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is missing: pip install -r requirements.txt")
    path = find_chromium()
    if path is None:
        pytest.skip(NO_BROWSER)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def server(built_site):
    """The real book on a local static server."""
    running = StaticServer(built_site).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def offline_site(pytestconfig, tmp_path_factory) -> Path:
    """The offline copy, built as `make site` builds site/offline/: the offline plugin switched on."""
    return made_once(pytestconfig, tmp_path_factory, "offline-site", _build_the_offline_copy)


def _build_the_offline_copy(out: Path) -> None:
    result = run_mkdocs(ROOT, out, env={"BRIEFING_OFFLINE": "true"})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def axe() -> str:
    """axe-core's source, to add to a page."""
    return axe_source()


@pytest.fixture(scope="session")
def report_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-reports")
