"""The benchmark's synthetic books are real books: valid data, every citation where it is said to be."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_mkdocs, soup_of
from macros.citations import find_citation_blocks
from macros.library import load_library

sys.path.insert(0, str(ROOT / "bench"))

import measure  # noqa: E402
import plain  # noqa: E402
import synthetic  # noqa: E402

SOURCES = 6


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> tuple[Path, Path]:
    """A synthetic book of SOURCES sources and its plain copy."""
    work = tmp_path_factory.mktemp("bench")
    synthetic.generate(ROOT, work / "book", SOURCES)
    plain.make_plain(work / "book", work / "plain", work / "cache")
    return work / "book", work / "plain"


def test_synthetic_data_passes_every_check_of_the_library(books):
    book, _ = books
    library = load_library(book)  # raises BookError on any schema or citation problem
    assert sorted(library.sources) == synthetic.source_keys(SOURCES)
    assert all(len(source["precis"]) == synthetic.PARAGRAPHS for source in library.sources.values())


def test_every_source_is_cited_twenty_times_on_theme_pages(books):
    book, _ = books
    cited = Counter(
        cite.key
        for page in (book / "docs" / "themes").glob("*.md")
        for block in find_citation_blocks(page.read_text(encoding="utf-8"))
        for cite in block.cites
    )
    assert cited == dict.fromkeys(synthetic.source_keys(SOURCES), synthetic.CITES_PER_SOURCE)


def test_the_plain_copy_has_no_macros_and_keeps_markers_as_text(books):
    _, plain_book = books
    config = yaml.safe_load((plain_book / "mkdocs.yml").read_text(encoding="utf-8"))
    names = {next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]}
    assert names.isdisjoint({"macros", "briefing"}) and "search" in names
    pages = list((plain_book / "docs").rglob("*.md"))
    assert not [page for page in pages if "{{" in page.read_text(encoding="utf-8")]
    assert "## Paragraph by paragraph" in (plain_book / "docs" / "sources" / "src0001.md").read_text(encoding="utf-8")


@pytest.mark.build
def test_both_books_build_strict_and_differ_only_by_the_machinery(books, tmp_path):
    book, plain_book = books
    for project, out in ((book, tmp_path / "site"), (plain_book, tmp_path / "plain-site")):
        result = run_mkdocs(project, out)
        assert result.returncode == 0, result.stdout + result.stderr

    machinery_page = soup_of(tmp_path / "site", "themes/india-rationale")
    plain_page = soup_of(tmp_path / "plain-site", "themes/india-rationale")
    assert machinery_page.select("sup[id^='fnref:cite-']")
    assert not plain_page.select("sup[id^='fnref:cite-']")
    assert "[@src" in plain_page.get_text()  # the markers, as written
    source_page = soup_of(tmp_path / "site", "sources/src0001")
    assert source_page.select("ul.cited-in li")  # backlinks filled in
    assert len(source_page.select("div.precis[id^='para-']")) == synthetic.PARAGRAPHS


def test_run_measured_reports_the_commands_own_time_and_memory(tmp_path):
    script = "import time; block = bytearray(80 * 1024 * 1024); time.sleep(0.3)"
    measured = measure.run_measured([sys.executable, "-c", script], tmp_path, tmp_path / "log")
    assert measured.ok
    assert measured.seconds >= 0.3
    assert measured.peak_mb >= 80

    held_here = bytearray(150 * 1024 * 1024)  # memory of the measuring process must not count
    small = measure.run_measured([sys.executable, "-c", "pass"], tmp_path, tmp_path / "log2")
    assert small.peak_mb < 80, len(held_here)
    failed = measure.run_measured([sys.executable, "-c", "raise SystemExit(3)"], tmp_path, tmp_path / "log3")
    assert failed.returncode == 3 and not failed.ok
