"""Shared fixtures: the real book built once per test run."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

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


MINIMAL_BOOK = Path(__file__).parent / "fixtures" / "minimal"


def copy_of_fixture(tmp_path: Path) -> Path:
    """A copy of the minimal book (tests/fixtures/minimal) to edit, without any cache or site it was built with."""
    root = tmp_path / "book"
    shutil.copytree(MINIMAL_BOOK, root, ignore=shutil.ignore_patterns(".cache", "site"))
    return root


def run_mkdocs(project: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", ENGINE, "build", "--strict", "-f", "mkdocs.yml", "-d", str(out), *extra],
        cwd=project, capture_output=True, text=True, env=env,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real book, built with --strict into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = run_mkdocs(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


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
