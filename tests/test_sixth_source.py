"""A sixth source, added to a copy of the real book by following CONTRIBUTING.md's steps, and nothing else.

The source is fictional (tests/fixtures/texts/rahman2022.txt, eight paragraphs; its filled-in BibTeX entry
and data file are in tests/fixtures/sixth-source/). The corpus folder holds only its text, as on a
contributor's machine or in CI: the five published sources are checked against their committed fingerprints.
No code or test is edited: `make check`, the strict build and the book's own content tests pass on the copy;
and without the text, an altered quotation and a copied sentence still fail `make check`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_mkdocs

pytestmark = pytest.mark.build

KEY = "rahman2022"
FIXTURES = Path(__file__).parent / "fixtures"
NOT_COPIED = shutil.ignore_patterns(".git", ".cache", "site", ".venv", "node_modules", "bench", "__pycache__",
                                    ".pytest_cache")
QUOTED = "a fence moves the crossing points, raises the bribes and shifts the smuggling routes"
THEME = "docs/themes/durand-line.md"


def python(book: Path, *args: str, corpus: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    # Not an xdist worker's variables: the copy's own pytest is a run of its own.
    env = {**{name: value for name, value in os.environ.items() if not name.startswith("PYTEST_XDIST_")},
           "PYTHONPATH": str(book), "NO_MKDOCS_2_WARNING": "1", "BRIEFING_CORPUS": str(corpus or "")}
    return subprocess.run([sys.executable, *args], cwd=cwd or book, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def added(tmp_path_factory) -> tuple[Path, Path]:
    """The copy of the book with the sixth source added, step by step, and the corpus folder with its text."""
    work = tmp_path_factory.mktemp("sixth")
    book, corpus = work / "book", work / "corpus"
    shutil.copytree(ROOT, book, ignore=NOT_COPIED)
    # 1. The article's text goes in the corpus folder, outside the repository.
    corpus.mkdir()
    shutil.copy(FIXTURES / "texts" / f"{KEY}.txt", corpus)
    # 2. make scaffold KEY=rahman2022 PARAGRAPHS=8
    scaffold = python(book, "-m", "macros.scaffold", KEY, "--paragraphs", "8", corpus=corpus)
    assert scaffold.returncode == 0, scaffold.stdout + scaffold.stderr
    # 3. Fill every placeholder: the BibTeX entry, the data file, the page's title.
    bib = book / "sources" / "references.bib"
    entry = (FIXTURES / "sixth-source" / f"{KEY}.bib").read_text(encoding="utf-8")
    bib.write_text(re.sub(r"@article\{rahman2022,.*?\n\}\n", lambda _: entry, bib.read_text(encoding="utf-8"), flags=re.S),
                   encoding="utf-8")
    shutil.copy(FIXTURES / "sixth-source" / f"{KEY}.yml", book / "sources" / f"{KEY}.yml")
    page = book / "docs" / "sources" / f"{KEY}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("TODO: the article's title", "A Sixth View of the Frontier"),
                    encoding="utf-8")
    # 4. Use it: a sentence on a theme page, with a short quotation and its locator.
    theme = book / THEME
    theme.write_text(theme.read_text(encoding="utf-8") + f"\nRahman expects that “{QUOTED}” [@{KEY}, para. 6].\n",
                     encoding="utf-8")
    # 5. make fingerprint (with the text), so that the checks can verify it without the text.
    fingerprint = python(book, "-m", "macros.fingerprint", corpus=corpus)
    assert fingerprint.returncode == 0, fingerprint.stdout + fingerprint.stderr
    assert f"wrote sources/fingerprints/{KEY}.json" in fingerprint.stdout
    return book, corpus


def test_the_scaffold_left_nothing_to_fill_by_hand_but_data(added):
    book, _ = added
    assert f"- Rahman 2022: sources/{KEY}.md" in (book / "mkdocs.yml").read_text(encoding="utf-8")
    changed = subprocess.run(["git", "diff", "--no-index", "--stat", str(ROOT / "macros"), str(book / "macros")],
                             capture_output=True, text=True)
    assert changed.stdout == "", "the code was changed"


@pytest.mark.parametrize("with_text", [True, False], ids=["with the text", "with the fingerprints alone"])
def test_make_check_passes(added, with_text):
    book, corpus = added
    result = python(book, "-m", "macros.check", corpus=corpus if with_text else None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed." in result.stdout
    assert (f"texts of {KEY}" if with_text else f"fingerprints of basit2021, haqqani2022, kugelman2021, mir2022, {KEY}") \
        in result.stdout


def test_the_build_takes_the_source_everywhere(added, tmp_path):
    from macros.book_scope import number_word
    from macros.library import load_library

    book, _ = added
    result = run_mkdocs(book, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    soup = lambda url: BeautifulSoup((tmp_path / "site" / url / "index.html").read_text(encoding="utf-8"), "lxml")  # noqa: E731
    page = soup(f"sources/{KEY}")
    assert page.h1.get_text(strip=True).startswith("Rahman 2022: A Sixth View of the Frontier")
    assert page.select_one('a[rel="edit"]')["href"].endswith(f"/sources/{KEY}.yml")
    assert len(page.select("div.precis[id]")) == 8
    index = soup("sources")
    assert index.select_one(f'table.matrix a[href$="{KEY}/"]') is not None, "no row in the source-theme matrix"
    count = number_word(len(load_library(ROOT).sources) + 1)
    assert f"rests on {count} published analyses" in " ".join(index.get_text(" ").split())
    assert soup("bibliography").find(id=KEY) is not None
    from macros.book_scope import scope_of, scope_words

    span = scope_words(scope_of(load_library(book)))["sources_span"]
    assert soup("").select_one('meta[name="description"]')["content"].endswith(f"{span}.")
    assert soup("themes/durand-line").select(f'a[href*="{KEY}/#para-6"]'), "the theme page's note links the précis"


def test_the_book_s_own_content_tests_pass_on_the_copy(added):
    """The real tests, unedited, on the copy: nothing in them names the sources the book had before."""
    book, corpus = added
    result = python(book, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_content.py",
                    "tests/test_book_scope.py", corpus=corpus)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_without_the_text_an_altered_quotation_and_a_copied_sentence_fail(added, tmp_path):
    book, _ = added
    broken = tmp_path / "book"
    shutil.copytree(book, broken, ignore=NOT_COPIED)
    theme = broken / THEME
    text = theme.read_text(encoding="utf-8").replace("raises the bribes", "raises bribes")
    text += ("\nRahman writes that traders on both sides count the cost of every closure in spoiled fruit and\n"
             f"idle lorries [@{KEY}, para. 3].\n")
    theme.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = python(broken, "-m", "macros.check")
    assert result.returncode == 1, result.stdout
    quote_line = next(n for n, line in enumerate(lines, 1) if "raises bribes" in line)
    copy_line = next(n for n, line in enumerate(lines, 1) if "traders on both sides" in line)
    assert f"{THEME}:{quote_line}: the quotation is not in {KEY}'s ledger" in result.stdout, result.stdout
    assert f"{THEME}:{copy_line}: “" in result.stdout and f"is also in {KEY}, para. 3" in result.stdout, result.stdout
