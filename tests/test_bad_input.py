"""Every guard has a fixture that must fail: the minimal book, broken one way at a time.

Each case edits a copy of tests/fixtures/minimal and asserts that the strict
build stops, naming the file, the line and the fix, and that `make check`
(python -m macros.check) reports the same problem without a build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import check, copy_of_fixture, run_mkdocs

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
BOOK_SCHEMAS = Path(__file__).resolve().parent.parent / "sources" / "schema"
THEME = "docs/themes/ttp-blowback.md"


def append(path: str, text: str):
    def edit(root: Path) -> None:
        target = root / path
        target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")
    return edit


def replace(path: str, old: str, new: str):
    def edit(root: Path) -> None:
        target = root / path
        content = target.read_text(encoding="utf-8")
        assert old in content, f"fixture changed: {old!r} not in {path}"
        target.write_text(content.replace(old, new, 1), encoding="utf-8")
    return edit


def write(path: str, text: str):
    def edit(root: Path) -> None:
        (root / path).write_text(text, encoding="utf-8")
    return edit


def delete(path: str):
    return lambda root: (root / path).unlink()


def both(*edits):
    def edit(root: Path) -> None:
        for each in edits:
            each(root)
    return edit


# A register entry that corrects a source: its variant '1896', the record's value '1893'.
REGISTER = """- id: border-year
  question: "In what year was the border agreed?"
  kind: fact
  themes: [durand-line]
  positions:
    - The fixture's source says 1896 [@demo2020, para. 1].
  record: The record says 1893 [@demo2020, para. 2].
  reading: Give 1893, and 1896 as the source's.
  corrections:
    - variant: "{variant}"
      record: ["1893"]
"""
WITH_REGISTER = write("sources/disagreements.yml", REGISTER.format(variant="1896"))


# A valid record since the sources for the minimal book (its source is dated January 2020).
RECORD_BIB = """@misc{report2020,
  author = {{Wire Service}},
  title = {A later report},
  year = {2020},
  url = {https://example.org/report},
  urldate = {2021-06-30},
}

@misc{other2020,
  author = {{Other Outlet}},
  title = {Another later report},
  year = {2020},
  url = {https://example.org/other},
  urldate = {2021-06-30},
}
"""
SINCE_YML = """reviewed: "2021-06-30"
developments:
  - id: later-event
    date: "2020-03-02"
    title: Something happened later
    text: >-
      A report says something happened [@report2020].
    dispute: >-
      Two reports differ on the day [@report2020; @other2020].
    themes: [ttp-blowback]
"""
OPEN_ITEM = "    - text: Still to watch [@demo2020, para. 1].\n      status: open\n"
WATCH_YML = "".join(
    f"{theme}:\n  indicators:\n" + (
        "    - text: Came true [@demo2020, para. 2].\n      status: answered\n"
        "      settled_by: [later-event]\n      answer: It happened [@report2020].\n" if theme == "ttp-blowback" else OPEN_ITEM)
    + "  questions:\n" + OPEN_ITEM
    for theme in ("india-rationale", "ttp-blowback", "durand-line", "us-policy")
)


def with_record_since(since_old: str = "", since_new: str = "", watch_old: str = "", watch_new: str = ""):
    """Adds the record since the sources to the minimal book, with one replacement in each file."""
    def edit(root: Path) -> None:
        (root / "sources/record.bib").write_text(RECORD_BIB, encoding="utf-8")
        for name in ("since", "watch"):  # a book is validated against its own schemas: the book's, copied
            shutil.copy(BOOK_SCHEMAS / f"{name}.schema.json", root / "sources/schema")
        for name, text, old, new in (("since.yml", SINCE_YML, since_old, since_new), ("watch.yml", WATCH_YML, watch_old, watch_new)):
            assert old in text, f"fixture changed: {old!r}"
            (root / "sources" / name).write_text(text.replace(old, new, 1) if old else text, encoding="utf-8")
    return edit


# (case, edit, expected fragments of the message: the file:line and the words of the fix)
CASES = [
    ("unknown key", append(THEME, "\nA claim [@nosuch2020, para. 1].\n"),
     [f"{THEME}:9", "no source has the key 'nosuch2020'", "known keys: demo2020"]),
    ("paragraph beyond the source", append(THEME, "\nA claim [@demo2020, para. 4].\n"),
     [f"{THEME}:9", "'para. 4' is beyond demo2020, which has 3 paragraphs", "from 1 to 3"]),
    ("paragraph zero", append(THEME, "\nA claim [@demo2020, para. 0].\n"),
     [f"{THEME}:9", "paragraphs are numbered from 1"]),
    ("paragraph not a number", append(THEME, "\nA claim [@demo2020, para. x].\n"),
     [f"{THEME}:9", "'para. x' is not a paragraph number", "para. N"]),
    ("page locator where paragraphs are the unit", append(THEME, "\nA claim [@demo2020, p. 3].\n"),
     [f"{THEME}:9", "cited by paragraph, not page", "write para. N"]),
    ("missing locator on a theme page", append(THEME, "\nA claim [@demo2020].\n"),
     [f"{THEME}:9", "has no paragraph locator", "[@demo2020, para. N]"]),
    ("comma between two sources", append(THEME, "\nA claim [@demo2020, @demo2020].\n"),
     [f"{THEME}:9", "separated by ';'"]),
    ("malformed BibTeX", replace("sources/references.bib", "title   = {A Demonstration Article},", "title   = {A Demonstration Article,"),
     ["sources/references.bib:1:", "malformed BibTeX", "braces"]),
    ("BibTeX date not in ISO form", replace("sources/references.bib", "date    = {2020-01}", "date    = {January 2020}"),
     ["sources/references.bib:1:", "date = {January 2020} is not an ISO date", "or {2023-03} when only the month is known"]),
    ("BibTeX date and year disagree", replace("sources/references.bib", "year    = {2020}", "year    = {2021}"),
     ["sources/references.bib:1:", "year = {2021} differs from date = {2020-01}"]),
    ("date note with a day the BibTeX date lacks",
     replace("sources/demo2020.yml", "Month known (January 2020); day not verified.", "Published 14 January 2020."),
     ["sources/demo2020.yml:5:", "it gives 14 January 2020, a day the BibTeX date (2020-01) lacks", "state 'January 2020'"]),
    ("tab in a data file's indentation", replace("sources/demo2020.yml", "  thesis: Small", "\tthesis: Small"),
     ["sources/demo2020.yml:", "a tab in the indentation", "indent with spaces"]),
    ("key defined twice in one file",
     append("sources/references.bib", "\n@article{demo2020,\n  title = {Again},\n  year = {2020},\n}\n"),
     ["sources/references.bib:10", "'demo2020' is defined twice (first at line 1)"]),
    ("key defined twice across files",
     write("sources/other.bib", "@misc{demo2020,\n  title = {Again},\n  year = {2020},\n}\n"),
     ["sources/references.bib:1", "'demo2020' is also defined in sources/other.bib"]),
    ("YAML that breaks the schema", replace("sources/demo2020.yml", "article_type: Analysis\n", "article_type: Analysis\ncolour: blue\n"),
     ["sources/demo2020.yml:", "'colour' was unexpected", "remove or rename the field"]),
    ("YAML theme outside the list", replace("sources/demo2020.yml", "themes: [ttp-blowback]", "themes: [cricket]"),
     ["sources/demo2020.yml:20", "'cricket' is not allowed", "use one of: india-rationale"]),
    ("malformed YAML", replace("sources/demo2020.yml", "affiliation: Fixture Institute", "affiliation: [Fixture Institute"),
     ["sources/demo2020.yml:", "malformed YAML", "indentation"]),
    ("précis missing a paragraph", replace("sources/demo2020.yml", "paragraphs: 3", "paragraphs: 4"),
     ["sources/demo2020.yml:", "must cover paragraphs 1 to 4", "missing paragraphs [4]"]),
    ("data file with no BibTeX entry", write("sources/orphan2021.yml", (FIXTURE / "sources/demo2020.yml").read_text().replace("key: demo2020", "key: orphan2021")),
     ["sources/orphan2021.yml:1", "has a data file but no entry in sources/references.bib"]),
    ("BibTeX entry with no data file", delete("sources/demo2020.yml"),
     ["sources/references.bib:1", "has a BibTeX entry but no data file sources/demo2020.yml"]),
    ("annotated source without its page", delete("docs/sources/demo2020.md"),
     ["docs/sources/demo2020.md", "'demo2020' has data but no page", 'source("demo2020")']),
    ("bad citation inside a data file", replace("sources/demo2020.yml", "us-policy: Nothing on this theme in the fixture.",
                                                 "us-policy: Nothing here [@demo2020, para. 9]."),
     ["sources/demo2020.yml:32", "'para. 9' is beyond demo2020"]),
    ("link in a data file to a paragraph that does not exist",
     replace("sources/demo2020.yml", "at all.", "at all ([para. 4](#para-4))."),
     ["sources/demo2020.yml:8", "'#para-4' in context is not a paragraph of this source (it has 3)", "#para-N"]),
    ("précis linking to another page", replace("sources/demo2020.yml", "introduces the fixture.",
                                                "introduces the [fixture](../index.md)."),
     ["sources/demo2020.yml:19", "precis.text links to another page ('../index.md')", "name the page in words"]),
    ("précis of two paragraphs", replace("sources/demo2020.yml", "text: The second paragraph makes a claim to cite.",
                                         "text: |-\n      The second paragraph makes a claim to cite.\n\n      And a second one."),
     ["sources/demo2020.yml:23", "a precis.text has more than one paragraph", "remove the blank line"]),
    ("page sentence giving a corrected variant without the record",
     both(WITH_REGISTER, append(THEME, "\nThe border dates from 1896 [@demo2020, para. 1].\n")),
     [f"{THEME}:9", "'1896' is a source's variant that the register corrects (border-year)", "('1893')"]),
    ("data sentence giving a corrected variant without the record",
     both(WITH_REGISTER, replace("sources/demo2020.yml", "introduces the fixture.", "dates the border to 1896.")),
     ["sources/demo2020.yml:19", "'1896' is a source's variant", "('1893')"]),
    ("register variant that is not a regular expression",
     write("sources/disagreements.yml", REGISTER.format(variant="(1896")),
     ["sources/disagreements.yml", "'(1896' is not a valid regular expression", "backslash"]),
    ("development without a title", with_record_since("    title: Something happened later\n", ""),
     ["sources/since.yml:3", "'title' is a required property", "add the missing field"]),
    ("development dated before the last source", with_record_since('date: "2020-03-02"', 'date: "2019-12"'),
     ["sources/since.yml:3", "not after the last source (2020-01)", "developments start after the five sources"]),
    ("development after the review", with_record_since('reviewed: "2021-06-30"', 'reviewed: "2020-02-01"'),
     ["sources/since.yml:3", "after the review date 2020-02-01", "move the review date forward"]),
    ("dispute citing one report", with_record_since("[@report2020; @other2020]", "[@report2020]"),
     ["sources/since.yml:3", "cites fewer than two reports", "at least two"]),
    ("answer naming no development", with_record_since(watch_old="[later-event]", watch_new="[no-such-event]"),
     ["sources/watch.yml:", "'no-such-event', which is not a development in sources/since.yml"]),
    ("answered item without its answer", with_record_since(watch_old="      answer: It happened [@report2020].\n", watch_new=""),
     ["sources/watch.yml:", "'answer' is a required property"]),
    ("indicator status outside the list", with_record_since(watch_old="status: answered", watch_new="status: maybe"),
     ["sources/watch.yml:", "'maybe' is not allowed", "use one of: open, answered, overtaken"]),
]


TEXTS = Path(__file__).parent / "fixtures" / "texts"  # fictional source texts, for the checks that read them


# Quotations and copying are checked by `make check` (and in CI) against each source's committed fingerprint:
# without the texts, an altered quotation and a copied sentence still fail. (path:line, message, fix)
CHECK_CASES = [
    ("altered quotation", replace("docs/themes/us-policy.md", "keep every guard", "keep each guard"),
     ["docs/themes/us-policy.md:5:", "not in demo2020's ledger of quotations verified in para. 1", "make fingerprint"]),
    ("quotation wrapped over two lines, altered", replace("docs/themes/us-policy.md", "keep every guard honest”",
                                                          "keep every\nguard true”"),
     ["docs/themes/us-policy.md:5:", "not in demo2020's ledger"]),
    ("copied sentence wrapped over two lines", append("docs/themes/us-policy.md",
     "\nThe book reminds the reader that the fixture quotes nothing real, and that its\nsentences exist only "
     "to be quoted [@demo2020, para. 3].\n"),
     ["docs/themes/us-policy.md:7:", "is also in demo2020, para. 3", "put it in your own words"]),
    ("copied sentence in a data file", replace("sources/demo2020.yml", "text: The third paragraph closes the fixture.",
     "text: >-\n      It says a book of one source is enough to break every rule once, provided\n      each rule is broken."),
     ["sources/demo2020.yml:26:", "is also in demo2020, para. 2"]),
    ("source with neither text nor fingerprint", delete("sources/fingerprints/demo2020.json"),
     ["sources/demo2020.yml:", "'demo2020' has neither its text nor a fingerprint", "make fingerprint"]),
]


@pytest.mark.parametrize("case, edit, expected", CHECK_CASES, ids=[case for case, _, _ in CHECK_CASES])
def test_quotation_and_copying_checks_fail_without_the_texts(case, edit, expected, broken_book):
    root = broken_book(edit)
    code, output = check(root)
    assert code == 1, f"{case}: check passed\n{output}"
    assert "checked against the texts" not in output
    for fragment in expected:
        assert fragment in output, f"{case}: {fragment!r} missing from:\n{output}"


@pytest.mark.parametrize("case, edit, expected", CHECK_CASES, ids=[case for case, _, _ in CHECK_CASES])
def test_the_build_stops_on_the_same_quotation_and_copying_problems(case, edit, expected, broken_book, tmp_path,
                                                                     monkeypatch):
    monkeypatch.delenv("BRIEFING_CORPUS", raising=False)
    root = broken_book(edit)
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode != 0, f"{case}: the build passed\n{result.stderr}"
    for fragment in expected:
        assert fragment in result.stderr, f"{case}: {fragment!r} missing from:\n{result.stderr}"


@pytest.mark.parametrize("case, edit, expected", CHECK_CASES[:4], ids=[case for case, _, _ in CHECK_CASES[:4]])
def test_with_the_texts_the_same_mistakes_fail_at_the_same_line(case, edit, expected, broken_book):
    root = broken_book(edit)
    code, output = check(root, "--corpus", str(TEXTS))
    assert code == 1, f"{case}: check passed\n{output}"
    assert "texts of demo2020" in output
    assert expected[0] in output, output
    if "quotation" in case:
        assert "the quotation differs from para. 1 at its character" in output, output
    else:
        assert "words) is copied from demo2020" in output, output


def test_the_fixture_passes_with_and_without_its_text_and_its_fingerprint_is_current(broken_book):
    root = broken_book(lambda root: None)
    for corpus in ([], ["--corpus", str(TEXTS)]):
        code, output = check(root, *corpus)
        assert code == 0 and "All checks passed." in output, output


def test_a_paragraph_count_that_differs_from_the_text_fails(broken_book):
    root = broken_book(replace("sources/demo2020.yml", "paragraphs: 3", "paragraphs: 2"))
    (root / "sources" / "demo2020.yml").write_text((root / "sources" / "demo2020.yml").read_text().replace(
        "  - para: 3\n    text: The third paragraph closes the fixture.\n    themes: [durand-line]\n", "").replace(
        "locator: para. 3", "locator: para. 2"))
    for path in ("docs/themes/us-policy.md", "docs/themes/ttp-blowback.md"):
        (root / path).write_text((root / path).read_text().replace("para. 3", "para. 2").replace("paras. 2-3", "para. 2"))
    code, output = check(root)
    assert code == 1
    assert "sources/demo2020.yml:2: paragraphs: 2, but sources/fingerprints/demo2020.json has 3" in output, output


@pytest.fixture
def broken_book(tmp_path):
    def make(edit) -> Path:
        root = copy_of_fixture(tmp_path)
        edit(root)
        return root
    return make


@pytest.mark.build
def test_the_minimal_fixture_builds(broken_book, tmp_path):
    root = broken_book(lambda root: None)
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr


@pytest.mark.build
@pytest.mark.parametrize("case, edit, expected", CASES, ids=[case for case, _, _ in CASES])
def test_bad_input_stops_the_build_with_file_line_and_fix(case, edit, expected, broken_book, tmp_path):
    root = broken_book(edit)
    result = run_mkdocs(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed\n{output}"
    assert "Fix:" in output, output
    for fragment in expected:
        assert fragment in output, f"{case}: {fragment!r} missing from:\n{output}"


@pytest.mark.parametrize("case, edit, expected", CASES, ids=[case for case, _, _ in CASES])
def test_check_command_reports_the_same_problem(case, edit, expected, broken_book):
    root = broken_book(edit)
    code, output = check(root)
    assert code == 1, f"{case}: check passed\n{output}"
    for fragment in expected:
        assert fragment in output, f"{case}: {fragment!r} missing from:\n{output}"


def test_the_check_command_runs_as_a_command(broken_book):
    root = broken_book(replace(THEME, "[@demo2020, para. 2]", "[@demo2020, para. 9]"))
    result = subprocess.run([sys.executable, "-m", "macros.check", "--root", str(root)], capture_output=True, text=True,
                            env={**os.environ, "BRIEFING_CORPUS": ""})
    assert result.returncode == 1 and f"{THEME}:5: in [@demo2020, para. 9]" in result.stdout, result.stdout + result.stderr


@pytest.mark.build
def test_at_signs_in_code_mail_and_addresses_are_not_citations(broken_book, tmp_path):
    root = broken_book(lambda root: None)
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    from bs4 import BeautifulSoup

    page = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "lxml")
    text = page.select_one("article").get_text()
    assert "editor@example.org" in text and "https://example.org/@someone" in text
    assert page.select("code") and "[@nokey, para. 1]" in page.select("code")[0].get_text()
    assert not page.select(".footnote"), "no note is made from an @ that is not a citation"


SOURCE_DATA_CASES = [case for case in CASES if case[0] in
                     {"YAML that breaks the schema", "malformed YAML", "précis missing a paragraph",
                      "bad citation inside a data file"}]


@pytest.mark.build
@pytest.mark.parametrize("case, edit, expected", SOURCE_DATA_CASES, ids=[case for case, _, _ in SOURCE_DATA_CASES])
def test_what_the_cache_kept_never_hides_a_later_error(case, edit, expected, broken_book, tmp_path):
    """Data found valid is kept in .cache/briefing; an edit after that is checked afresh."""
    root = broken_book(lambda root: None)
    assert run_mkdocs(root, tmp_path / "first").returncode == 0
    assert (root / ".cache" / "briefing" / "data.json").is_file(), "the first build kept nothing"
    edit(root)
    result = run_mkdocs(root, tmp_path / "second")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed with a warm cache\n{output}"
    for fragment in expected:
        assert fragment in output, f"{case}: {fragment!r} missing from:\n{output}"


@pytest.mark.build
def test_a_damaged_cache_is_rebuilt(broken_book, tmp_path):
    root = broken_book(lambda root: None)
    cache = root / ".cache" / "briefing"
    cache.mkdir(parents=True)
    for name in ("data.json", "texts.json", "references.json"):
        (cache / name).write_bytes(b"not a cache")
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"not a cache" not in (cache / "data.json").read_bytes()
