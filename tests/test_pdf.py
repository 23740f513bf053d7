"""The PDF briefing, built from the real site and read back with pypdf and poppler."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from macros.dates import format_date
from macros.config import book_settings, defaults
from macros.pdf.outline import built_parts, print_parts, read_manifest

ROOT = Path(__file__).resolve().parent.parent
PRINT_PARTS = book_settings(ROOT).print_parts  # the book's own, from mkdocs.yml
pytestmark = pytest.mark.pdf

A4 = (595.28, 841.89)  # points
LETTER = (612.0, 792.0)
XHTML = "{http://www.w3.org/1999/xhtml}"
CHROME = ["Edit this page", "Show only:", "↩", "Download the PDF"]


@dataclass
class Built:
    a4: Path
    letter: Path
    stdout: str
    reader: PdfReader  # the A4 PDF


def pdf_command(site: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.pdf", str(site), str(out)],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="session")
def pdf(built_site, tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    result = pdf_command(built_site, out)
    assert result.returncode == 0, result.stdout + result.stderr
    letter = out.with_name("briefing-letter.pdf")
    return Built(out, letter, result.stdout, PdfReader(out))


@pytest.fixture(scope="session")
def parts(built_site):
    """The printed parts (with only the pages the site built), from the print manifest the build wrote."""
    kept, _ = built_parts(read_manifest(built_site / defaults().manifest)[0], built_site)
    return kept


def mkdocs_yml() -> dict:
    """mkdocs.yml as MkDocs reads it (its own YAML loader, !ENV resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml_load(stream)


@pytest.fixture(scope="session")
def book_config() -> dict:
    return mkdocs_yml()


@pytest.fixture(scope="session")
def page_texts(pdf) -> list[str]:
    """The text of every A4 page, by poppler's pdftotext (layout kept)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf.a4), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def flat(text: str) -> str:
    return " ".join(text.split())


def heading_text(soup) -> str:
    return flat(soup.find("h1").get_text(" ").replace("¶", ""))


def chapter_titles(parts, html_pages) -> dict[str, str]:
    """Each printed page's title in the book: its h1, or its part's title for the front page."""
    book_title = mkdocs_yml()["site_name"]
    titles = {}
    for part in parts:
        for chapter in part.chapters:
            title = heading_text(html_pages[chapter.url])
            titles[chapter.url] = part.title if title == book_title else title
    return titles


def outline_entries(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark."""
    entries = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, flat(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return entries


@dataclass(frozen=True)
class Word:
    """A printed word's box, in points from the page's top-left, as pdftotext -bbox gives it."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@functools.cache
def printed_words(pdf_file: Path) -> tuple[tuple[float, float], list[list[Word]]]:
    """The page size and every word of every page, read once per file by poppler's pdftotext -bbox."""
    from lxml import etree

    markup = subprocess.run(["pdftotext", "-bbox", str(pdf_file), "-"], capture_output=True, check=True).stdout
    pages = etree.fromstring(markup, etree.XMLParser(no_network=True, resolve_entities=False)).iter(f"{XHTML}page")
    size, words = (0.0, 0.0), []
    for page in pages:
        size = (float(page.get("width")), float(page.get("height")))
        words.append([Word(float(word.get("xMin")), float(word.get("yMin")), float(word.get("xMax")),
                           float(word.get("yMax")), word.text or "") for word in page.iter(f"{XHTML}word")])
    return size, words


def words_by_page(pdf_file: Path) -> list[list[tuple[float, float, str]]]:
    """Every word's centre (points from the page's top-left) and text, page by page."""
    return [[((word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2, word.text) for word in page]
            for page in printed_words(pdf_file)[1]]


def text_in(words: list[tuple[float, float, str]], rect: list[float], page) -> str:
    """The words inside a link's rectangle (PDF points, measured from the page's foot; pdftotext
    measures from the top left corner of the page's box, which need not be at the origin)."""
    left, top = float(page.mediabox.left), float(page.mediabox.top)
    x0, x1 = sorted(value - left for value in rect[0::2])
    y0, y1 = sorted(top - value for value in rect[1::2])
    return " ".join(text for x, y, text in words if x0 <= x <= x1 and y0 <= y <= y1)


def link_annotations(reader: PdfReader):
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                yield number, annotation


def contents_numbers(page_texts: list[str]) -> dict[str, int]:
    """'Title . . . . 12' lines of the contents page, as {title: 12}."""
    page = next(text for text in page_texts if text.strip().startswith("Contents"))
    numbers = {}
    for line in page.replace("\u2060", "").splitlines():  # Typst joins the number to its leader
        match = re.match(r"^\s*(.+?)\s*(?:\.\s*)+\s(\d+)\s*$", line)
        if match:
            numbers[flat(match.group(1))] = int(match.group(2))
    return numbers


# The command.

def test_command_reports_pages_and_time(pdf):
    assert re.search(r"briefing\.pdf: \d+ pages, A4", pdf.stdout), pdf.stdout
    from macros.pdf.papers import PAPERS

    assert f"Typeset once for {len(PAPERS)} papers" in pdf.stdout, pdf.stdout
    assert re.search(r"briefing-letter\.pdf: \d+ pages, US Letter", pdf.stdout), pdf.stdout
    assert re.search(r"done in \d+\.\d s", pdf.stdout), pdf.stdout


def test_unbuilt_site_fails_with_a_clear_message(tmp_path):
    result = pdf_command(tmp_path / "site", tmp_path / "out.pdf")
    assert result.returncode != 0
    assert "No built site" in result.stderr and "build it first" in result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_an_output_that_names_no_pdf_file_is_refused_before_any_work(tmp_path):
    (tmp_path / "folder").mkdir()
    for out in (tmp_path / "folder", tmp_path / "briefing.txt", tmp_path / "briefing"):
        result = pdf_command(tmp_path / "site", out)
        assert result.returncode == 2 and "ending in .pdf" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["folder"]


def test_an_output_that_cannot_be_written_stops_with_the_path_not_a_traceback(built_site, tmp_path):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = pdf_command(built_site, tmp_path / "a-file" / "briefing.pdf")  # a file where its folder should be
    assert result.returncode == 1
    assert "Could not write" in result.stderr and "a-file" in result.stderr and "Traceback" not in result.stderr


# Structure.

def test_every_nav_part_is_printed(parts, book_config):
    nav_parts = [title for entry in book_config["nav"] if isinstance(entry, dict)
                 for title in entry if title in PRINT_PARTS]
    assert [part.title for part in parts] == [PRINT_PARTS[title] for title in nav_parts]


def test_page_count_is_sane(pdf, parts):
    chapters = sum(len(part.chapters) for part in parts)
    pages = len(pdf.reader.pages)
    assert chapters + 2 <= pages <= 1000
    letter_pages = len(PdfReader(pdf.letter).pages)
    assert abs(letter_pages - pages) <= pages * 0.15


@pytest.mark.parametrize("paper, size", [("a4", A4), ("letter", LETTER)])
def test_paper_size(pdf, paper, size):
    reader = pdf.reader if paper == "a4" else PdfReader(getattr(pdf, paper))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5)


def test_bookmarks_for_every_part_and_chapter(pdf, parts, html_pages):
    entries = outline_entries(pdf.reader)
    top = {title for depth, title, _ in entries if depth == 0}
    assert {part.title for part in parts} <= top
    titles = set(chapter_titles(parts, html_pages).values())
    missing = titles - {title for _, title, _ in entries}
    assert not missing, f"no bookmark for {missing}"


def test_contents_gives_the_page_each_part_and_chapter_starts_on(pdf, parts, html_pages, page_texts):
    numbers = contents_numbers(page_texts)
    starts = {title: page for depth, title, page in outline_entries(pdf.reader) if depth <= 1}
    for part in parts:
        assert part.title in numbers, f"contents lacks the part {part.title}"
    for title in [part.title for part in parts] + list(chapter_titles(parts, html_pages).values()):
        if title in numbers:
            assert numbers[title] == starts[title], title
            # and the number printed at that page's foot is the same
            footer = [line for line in page_texts[starts[title] - 1].splitlines() if line.strip()][-1]
            assert footer.strip() == str(numbers[title]), title
    chapters_listed = sum(1 for title in chapter_titles(parts, html_pages).values() if title in numbers)
    assert chapters_listed >= sum(len(part.chapters) for part in parts) - len(parts)


def test_every_chapter_title_is_printed_on_its_first_page(pdf, parts, html_pages, page_texts):
    starts = {title: page for _, title, page in outline_entries(pdf.reader)}
    for title in chapter_titles(parts, html_pages).values():
        assert title in flat(page_texts[starts[title] - 1]), title


def test_running_heads_name_part_and_chapter(pdf, parts, html_pages, page_texts):
    entries = outline_entries(pdf.reader)
    themes = next(part for part in parts if part.title == "Themes")
    first = chapter_titles(parts, html_pages)[themes.chapters[0].url]
    start = next(page for _, title, page in entries if title == first)
    head = page_texts[start].splitlines()[0]  # the page after the chapter's first
    assert "Themes" in head and first in head


# Notes and links.

def destination_page(reader: PdfReader, annotation) -> int | None:
    """The 1-based page a link annotation goes to (a named or an explicit destination)."""
    destination = annotation.get("/Dest")
    if destination is None and annotation.get("/A") is not None:
        destination = annotation["/A"].get("/D")
    if destination is None:
        return None
    if isinstance(destination, str):
        named = reader.named_destinations.get(destination)
        return None if named is None else reader.get_destination_page_number(named) + 1
    return reader.get_page_number(destination.get_object()[0].get_object()) + 1


def printed_chapters(parts, html_pages):
    return [html_pages[chapter.url] for part in parts for chapter in part.chapters]


def all_note_calls(reader: PdfReader) -> list[tuple[int, int, int]]:
    """(note number, page of the call, page of the note) for every call of a note."""
    return [(int(call[1]), number, destination_page(reader, link)) for number, link in link_annotations(reader)
            if (call := re.fullmatch(r"Footnote (\d+)", str(link.get("/Contents", ""))))]


def first_note_calls(reader: PdfReader) -> list[tuple[int, int, int]]:
    """(note number, page of its first call, page of the note) for every printed note."""
    found: dict[int, tuple[int, int, int]] = {}
    for number, link in link_annotations(reader):
        call = re.fullmatch(r"Footnote (\d+)", str(link.get("/Contents", "")))
        if call and int(call[1]) not in found:  # a note called again is where it was first called
            found[int(call[1])] = (int(call[1]), number, destination_page(reader, link))
    return list(found.values())


def test_every_note_is_printed_at_the_foot_of_its_call_or_the_next_page(pdf, parts, html_pages):
    """Each note call of the printed pages is a footnote; its note is on the call's page, or the next
    when the foot of that page had no room left (Typst moves it on, as books do)."""
    calls = sum(len(page.select('sup[id*="fnref:"] a.footnote-ref')) for page in printed_chapters(parts, html_pages))
    notes = sum(len(page.select('div.footnote li[id^="fn:"]')) for page in printed_chapters(parts, html_pages))
    printed_calls = sum(1 for _, link in link_annotations(pdf.reader)
                        if re.fullmatch(r"Footnote \d+", str(link.get("/Contents", ""))))
    assert printed_calls == calls > 0
    placed = first_note_calls(pdf.reader)
    assert len(placed) == calls >= notes  # a note the site calls again is printed again at its call
    far = [(note, call, page) for note, call, page in all_note_calls(pdf.reader) if not 0 <= page - call <= 1]
    assert len(far) <= 0.01 * calls, f"calls away from their note (note, call's page, note's page): {far}"
    moved_on = [(note, call, page) for note, call, page in placed if page != call]
    assert len(moved_on) <= 0.02 * notes, f"too many notes moved off their call's page: {moved_on}"


@pytest.mark.xfail(strict=True, reason="Typst 0.15 leaves a note on the page before when orphan prevention "
                                       "or a sticky heading carries the line that calls it to the next page "
                                       "(typst/typst#5314)")
def test_no_note_is_printed_before_the_page_that_calls_it(pdf):
    early = [(note, call, page) for note, call, page in first_note_calls(pdf.reader) if page < call]
    assert not early, f"notes printed before their call (note, call's page, note's page): {early}"


def test_a_work_without_a_page_is_printed_in_full_once_in_the_bibliography(pdf, html_pages):
    """Its notes give "Dawn 2014, p. 104"; its address, with the rest of its reference, is printed in the
    bibliography alone, so it is linked from one page."""
    from macros.library import load_library

    library = load_library(ROOT)
    addresses = {entry["id"]: link["href"] for entry in html_pages["bibliography/"].select("div.bib-entry")
                 if entry.get("id") in library.references and not library.is_annotated(entry["id"])
                 for link in entry.select('a[href^="http"]')[:1]}
    pages: dict[str, set[int]] = {}
    for number, link in link_annotations(pdf.reader):
        action = link.get("/A")
        if action is not None and action.get("/S") == "/URI":
            pages.setdefault(str(action["/URI"]), set()).add(number)
    assert addresses and sum(address in pages for address in addresses.values()) > 0.9 * len(addresses)
    repeated = {key: sorted(pages[address]) for key, address in addresses.items() if len(pages.get(address, ())) > 1}
    assert not repeated, f"printed in full on more than one page: {repeated}"


def test_printed_notes_are_short_references_with_pages(page_texts):
    text = flat(" ".join(page_texts))
    notes = re.findall(r"[A-Z]\w+ \d{4}, paras?\. [\d–, ]+, p\. \d+[;.]", text)
    assert len(notes) > 100
    assert "Précis of para" not in text and "¶ 1: " not in text  # the précis is printed once, in its chapter


def test_each_printed_page_number_is_the_page_its_link_lands_on(pdf):
    """'Shah 2021, para. 9, p. 37' and 'India rationale (p. 5)': the p. N is a link to page N, and
    the number at that page's foot is N."""
    checked = 0
    words = words_by_page(pdf.a4)
    footers = [max(page, key=lambda word: word[1])[2] if page else "" for page in words]  # the lowest word
    for number, link in link_annotations(pdf.reader):
        text = text_in(words[number - 1], [float(value) for value in link["/Rect"]], pdf.reader.pages[number - 1])
        named = re.fullmatch(r"\(?p\. (\d+)\)?[.,;]?", text)
        if not named:
            continue
        assert destination_page(pdf.reader, link) == int(named[1]), f"page {number}: {text!r} goes elsewhere"
        assert footers[int(named[1]) - 1] == named[1]
        checked += 1
    assert checked > 500


def test_each_printed_reference_links_to_the_paragraph_it_names(pdf, page_texts):
    """A note's 'Mir 2022, para. 14' goes to the page where paragraph 14 of Mir 2022's précis is."""
    checked = 0
    words = words_by_page(pdf.a4)
    for number, link in link_annotations(pdf.reader):
        text = text_in(words[number - 1], [float(value) for value in link["/Rect"]], pdf.reader.pages[number - 1])
        found = re.fullmatch(r"([A-Z][\w-]*) (\d{4}), paras?\. (\d+)\b.*", text)
        if found is None:  # a paragraph's own "¶ 12", or a reference broken across two lines
            continue
        target = destination_page(pdf.reader, link)
        assert f"¶ {found[3]} " in page_texts[target - 1] or f"¶ {found[3]}\n" in page_texts[target - 1], \
            f"page {number}: {text!r} goes to page {target}, which has no ¶ {found[3]}"
        assert found[1] in page_texts[target - 1], f"page {number}: {text!r} goes to another source"
        checked += 1
    assert checked > 100


def test_internal_links_resolve_inside_the_pdf(pdf):
    internal = 0
    for number, link in link_annotations(pdf.reader):
        action = link.get("/A")
        if action is not None and action.get("/S") == "/URI":
            uri = str(action["/URI"])
            assert re.match(r"^(https?|mailto):", uri), f"page {number}: relative link {uri}"
            continue
        target = destination_page(pdf.reader, link)
        assert target is not None and 1 <= target <= len(pdf.reader.pages), f"page {number}: link to nowhere ({link})"
        internal += 1
        rect = [float(value) for value in link["/Rect"]]
        assert abs(rect[3] - rect[1]) > 1, f"page {number}: a link with no height cannot be clicked"
    assert internal > 500


# What the reader sees.

def test_no_site_chrome(page_texts):
    text = "\n".join(page_texts)
    for chrome in CHROME:
        assert chrome not in text
    assert not re.search(r"\S¶\s*$", text, re.M), "a headerlink ¶ was printed"


def test_key_passages_print_why_it_matters(page_texts, html_pages, parts):
    annotated = sum(len(html_pages[c.url].select(".annotate + ol > li"))
                    for p in parts for c in p.chapters)
    assert annotated > 0
    assert flat("\n".join(page_texts)).count("Why it matters.") == annotated


def test_cover_and_metadata(pdf, page_texts, book_config):
    config = book_config
    cover = flat(page_texts[0])
    assert flat(config["site_name"]) in cover
    from macros.library import load_library
    from macros.pdf.meta import scope

    library = load_library(ROOT)  # the expectation comes from the data, whatever sources the book has
    assert flat(scope([str(library.references[key].fields.get("date", ""))[:7] for key in library.sources])) in cover
    assert "{{" not in cover, "a description's macro was left unfilled"
    reviewed = library.data.get("since", {}).get("reviewed")  # the cover dates the last review
    assert not reviewed or f"reviewed against the later record on {format_date(reviewed)}" in cover
    record = [item["date"] for item in library.data.get("since", {}).get("developments", [])]
    assert not record or f"which runs to {format_date(max(record))}" in cover  # and where that record stops
    assert re.search(r"Edition \d{1,2} [A-Z][a-z]+ 20\d\d", cover, re.I)
    assert pdf.reader.metadata.title == config["site_name"]
    assert pdf.reader.metadata.author
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "en"


def test_every_font_is_embedded(pdf):
    rows = subprocess.run(["pdffonts", str(pdf.a4)], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]
    assert fonts
    assert any("Charis" in row for row in fonts)
    for row in fonts:
        embedded = row.split()[-5]
        assert embedded == "yes", row


# Fit to print: every page filled, nothing past the margins.

MARGIN_X = 20 * 72 / 25.4  # book.typ's page margins on the sheet, in points
MARGIN_Y = 22 * 72 / 25.4


def text_block(page) -> tuple[float, float, float, float]:
    """The text block (left, top, right, bottom) in points from the page's top left corner: the
    sheet's, less its margins, where the paper's page box puts the sheet."""
    from macros.pdf.papers import PAPERS, POINTS_PER_MM, common_sheet

    sheet = common_sheet(PAPERS)
    left, top = -float(page.mediabox.left), float(page.mediabox.top)
    width, height = sheet.width * POINTS_PER_MM, sheet.height * POINTS_PER_MM
    return left + MARGIN_X, top - height + MARGIN_Y, left + width - MARGIN_X, top - MARGIN_Y


def part_last_pages(reader: PdfReader) -> set[int]:
    """The last page of each part (the page before the next part's first), the cover and
    the contents: pages that may be short."""
    starts = sorted({page for depth, _, page in outline_entries(reader) if depth == 0})
    return {1, len(reader.pages)} | {start - 1 for start in starts}


def test_both_papers_have_the_same_pages_the_sheet_centred(pdf):
    """One typesetting, two papers: the page a reference names is the same page in A4 and US Letter."""
    from macros.pdf.papers import A4 as A4_PAPER, LETTER as LETTER_PAPER, POINTS_PER_MM

    letter = PdfReader(pdf.letter)
    assert len(letter.pages) == len(pdf.reader.pages)
    for paper, reader in ((A4_PAPER, pdf.reader), (LETTER_PAPER, letter)):
        block = text_block(reader.pages[1])
        box = reader.pages[1].mediabox
        # the sheet is centred: as much paper left of the text block as right of it, above as below
        assert block[0] == pytest.approx(float(box.width) - block[2], abs=0.1), paper.name
        assert block[1] == pytest.approx(float(box.height) - block[3], abs=0.1), paper.name
        assert float(box.width) == pytest.approx(paper.width * POINTS_PER_MM, abs=0.5)
    assert page_words(pdf.a4) == page_words(pdf.letter)


def page_words(pdf_file: Path) -> list[list[str]]:
    """Each page's words, sorted: pdftotext may read a page's blocks in another order on another paper."""
    return [sorted(word.text for word in page) for page in printed_words(pdf_file)[1]]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_page_under_a_third_full_except_where_a_part_ends(pdf, paper):
    reader = pdf.reader if paper == "a4" else PdfReader(pdf.letter)
    short, may_be_short = [], part_last_pages(reader)
    for number, words in enumerate(words_by_page(getattr(pdf, paper)), 1):
        _, top, _, bottom = text_block(reader.pages[number - 1])
        body = [y for _, y, _ in words if top < y < bottom]
        filled = (max(body) - top) / (bottom - top) if body else 0
        if filled < 1 / 3 and number not in may_be_short:
            short.append((number, round(filled, 2)))
    assert not short, f"pages under a third full: {short}"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_word_is_inside_the_text_block(pdf, paper):
    """Inside the margins left and right; above and below, no further out than the running head
    and the page number, which sit in the margins."""
    reader = pdf.reader if paper == "a4" else PdfReader(pdf.letter)
    outside = []
    _, pages = printed_words(getattr(pdf, paper))
    for number, words in enumerate(pages[1:], 2):  # the cover has margins of its own, wider than the pages'
        left, top, right, bottom = text_block(reader.pages[number - 1])
        for word in words:
            if (word.x0 < left - 0.5 or word.x1 > right + 0.5
                    or word.y0 < top - MARGIN_Y * 0.6 or word.y1 > bottom + MARGIN_Y * 0.7):
                outside.append((number, word.text, round(word.x0), round(word.x1)))
    assert not outside, f"words past the margins: {outside[:10]}"


# Read aloud: a tagged PDF.

def structure_types(reader: PdfReader) -> dict[str, int]:
    counts: dict[str, int] = {}
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if "/S" in node:
            counts[str(node["/S"])] = counts.get(str(node["/S"]), 0) + 1
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                stack.append(kid)
    return counts


def test_the_pdf_opens_on_its_bookmarks_with_each_part_unfolded(pdf):
    """The outline panel opens with the document, each part showing its chapters (Typst folds them)."""
    for reader in (pdf.reader, PdfReader(pdf.letter)):
        root = reader.trailer["/Root"]
        assert root["/PageMode"] == "/UseOutlines"
        parts = [entry for entry in reader.outline if not isinstance(entry, list)]
        assert parts and all(part.get("/Count", 0) >= 0 for part in parts), [(p.title, p.get("/Count")) for p in parts]
        assert any(part.get("/Count", 0) > 0 for part in parts)
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], "the update lost the tags"


def test_the_pdf_is_tagged_with_title_and_language(pdf):
    root = pdf.reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert str(root["/Lang"]) == "en"
    info = subprocess.run(["pdfinfo", str(pdf.a4)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert "pdfuaid:part" in root["/Metadata"].get_object().get_data().decode()  # PDF/UA-1


def test_the_tags_are_the_pages_headings_lists_tables_notes_and_links(pdf, parts, html_pages):
    types = structure_types(pdf.reader)
    pages = printed_chapters(parts, html_pages)
    headings = sum(len(page.select("article h2, article h3")) for page in pages)
    assert sum(types.get(f"/H{level}", 0) for level in range(1, 7)) >= headings
    assert types.get("/Table", 0) >= len({" ".join(table.get_text(" ", strip=True).split())
                                          for page in pages for table in page.select("article table")
                                          if table.find("td") and table.get_text(strip=True)}) - 1
    assert types.get("/L", 0) > 0 and types.get("/LI", 0) > 0
    calls = sum(len(page.select('sup[id*="fnref:"] a.footnote-ref')) for page in pages)
    assert types.get("/Note", 0) == calls  # a note the site calls again is printed again at each call
    assert types.get("/Link", 0) >= sum(1 for _ in link_annotations(pdf.reader))


# References, formatted by type as Chicago author-date has it.

def bibliography_start(pdf) -> int:
    return next(page for depth, title, page in outline_entries(pdf.reader) if title == "Bibliography")


def bibliography_pages(pdf) -> list:
    return pdf.reader.pages[bibliography_start(pdf) - 1:]


def bibliography_text(pdf) -> str:
    """The bibliography in reading order, by poppler's pdftotext, which puts a right-to-left title (an
    Urdu report's) in the order it is typed, marked off by bidirectional controls that are left out here.
    With -layout it keeps a hyphen at a line's end ("Spokesman-Review"), which it would otherwise drop."""
    text = subprocess.run(["pdftotext", "-layout", "-f", str(bibliography_start(pdf)), str(pdf.a4), "-"],
                          capture_output=True, text=True, check=True).stdout
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    # The font's one hyphen glyph may be read as a soft hyphen; a line may break after a hyphen
    return flat(re.sub(r"-\s*\n\s*", "-", text.replace("\xad", "-")))


def italic_runs(pdf) -> set[str]:
    """The text the bibliography draws in an italic face, run by run (elsewhere an outlet may be
    italic for its own reasons: the sources index sets each work's outlet so)."""
    runs: set[str] = set()
    for page in bibliography_pages(pdf):
        def visit(text, cm, tm, font, size):
            if font and "Italic" in str(font.get("/BaseFont", "")) and text.strip():
                runs.add(flat(text.replace("\xad", "-")))
        page.extract_text(visitor_text=visit)
    return runs


def test_news_reports_print_the_outlet_in_italics_the_title_in_quotes_and_the_full_date(pdf):
    from pybtex.database import parse_file

    entries = parse_file(str(ROOT / "sources" / "record.bib")).entries
    news = {key: entry for key, entry in entries.items() if entry.fields.get("entrysubtype") == "newspaper"}
    assert news, "record.bib has no news report: the test has nothing to read"
    text, italics = bibliography_text(pdf), italic_runs(pdf)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    for key, entry in news.items():
        outlet = entry.fields["journaltitle"].replace("{", "").replace("}", "")
        parts = [int(part) for part in entry.fields["date"].split("-")]
        date = " ".join([months[parts[1] - 1], *(str(day) for day in parts[2:])]) if len(parts) > 1 else ""
        authors = entry.persons.get("author", [])
        if authors:  # a byline or an agency: the author first, the outlet after the title
            who = str(authors[0].last_names[0]).replace("{", "").replace("}", "")
            when = f", {date}" if date else ""
            pattern = rf"{re.escape(who)}\b[^“/]*\. {parts[0]}[a-z]?\. “[^”]+[.?!]” {re.escape(outlet)}{when}\. https?://"
        else:  # the outlet stands for the author, once
            when = f" {date}\\." if date else ""  # a report known only by its year has no date after the title
            pattern = rf"{re.escape(outlet)}\.? {parts[0]}[a-z]?\. “[^”]+[.?!]”{when} https?://"  # 'Now!' takes no stop
        printed = re.search(pattern, text, re.I)  # the style capitalises the outlet's words
        assert printed, f"{key}: not printed as a news report ({pattern})"
        assert printed[0].lower().count(outlet.lower()) == 1, f"{key}: the outlet is printed twice"
        first_word = re.split(r"\W", outlet)[0].lower()  # a long outlet may break across lines, in two runs
        assert any(first_word in run.lower() for run in italics), f"{key}: the outlet {outlet!r} is not in italics"


def test_articles_and_web_pages_print_as_their_types(pdf):
    from pybtex.database import parse_file

    entries = parse_file(str(ROOT / "sources" / "references.bib")).entries
    text, italics = bibliography_text(pdf), italic_runs(pdf)
    for key, entry in entries.items():
        surname = str(entry.persons["author"][0].last_names[0])
        if entry.type == "article":  # the journal in italics, the title in quotes
            journal = entry.fields["journal"]
            assert re.search(rf"{surname}, [^.]+\. \d{{4}}\. “[^”]+\.” {re.escape(journal)}", text), key
            assert any(journal in run for run in italics), f"{key}: {journal} not in italics"
        elif entry.type == "online":  # a web page: title in quotes, the publisher in roman
            publisher = entry.fields["organization"]
            assert re.search(rf"{surname}, [^.]+\. \d{{4}}\. “[^”]+[.?]” {re.escape(publisher)}", text), key
            assert not any(publisher in run for run in italics), f"{key}: a web page's publisher in italics"
    assert "%E2%80%98" not in text and "%e2%80%98" not in text.lower()  # addresses printed readable


# The pieces, on small inputs.

def test_links_between_pages_become_anchors_in_the_book():
    from macros.pdf.anchors import internal_href

    chapters = {"": "index", "themes/us-policy/": "themes-us-policy", "sources/mir2022/": "sources-mir2022"}
    ids = {"sources-mir2022--para-12", "themes-us-policy--fn:cite-3"}
    assert internal_href("../../sources/mir2022/#para-12", "themes/us-policy/", chapters, ids) == "#sources-mir2022--para-12"
    assert internal_href("#fn:cite-3", "themes/us-policy/", chapters, ids) == "#themes-us-policy--fn:cite-3"
    assert internal_href("sources/mir2022/", "", chapters, ids) == "#sources-mir2022"
    assert internal_href("../mir2022/#no-such-id", "sources/mir2022/", chapters, ids) == "#sources-mir2022"
    assert internal_href("../../contributing/#how-to-cite", "themes/us-policy/", chapters, ids) is None
    assert internal_href("briefing.pdf", "", chapters, ids) is None


def test_nav_pages_and_parts():
    from macros.pdf.outline import page_url

    assert [page_url(src) for src in ("index.md", "sources/index.md", "themes/durand-line.md")] == \
        ["", "sources/", "themes/durand-line/"]
    nav = [{"Briefing": "index.md"}, {"Themes": [{"US policy": "themes/us-policy.md"}]},
           {"Sources": ["sources/index.md", {"Mir 2022": "sources/mir2022.md"}]},
           {"About": [{"Contributing": "contributing.md"}]}]
    parts = print_parts(nav)
    assert [part.title for part in parts] == ["Key judgments", "Themes", "Sources"]
    assert [chapter.prefix for chapter in parts[2].chapters] == ["sources", "sources-mir2022"]


def test_scope_line():
    from macros.pdf.meta import scope

    assert scope(["2021-08", "2022-05", "2021-09"]) == "Three sources, August 2021 to May 2022"
    assert scope(["2021-08"]) == "One source, August 2021"


def test_annotations_print_as_why_it_matters_and_download_links_go():
    from macros.pdf.clean import clean_article
    from macros.pdf.tree import first, fragment, stripped_text

    article = clean_article(fragment(
        '<article><h1>T<a class="headerlink" href="#t">¶</a></h1>'
        '<p><a class="pdf-download" href="briefing.pdf">PDF</a> · <a class="pdf-download" href="x.pdf">Letter</a></p>'
        '<p class="screen-only">Hover over it.</p>'
        '<div class="annotate key-passage"><blockquote><p>“Quote.” <span>Mir, para. 1</span> (1)</p></blockquote></div>'
        "<ol><li>Because.</li></ol></article>"))
    assert "".join(first(article, "h2").itertext()) == "T"
    text = "".join(article.itertext())
    assert "(1)" not in text and "PDF" not in text and "·" not in text and "Hover" not in text
    assert "“Quote.” Mir, para. 1" in text
    note = first(first(article, "div", "annotate"), "div", "why-it-matters")
    assert stripped_text(note) == "Why it matters. Because."
    assert first(article, "ol") is None


def _notes(*items: str):
    from macros.pdf.tree import fragment

    return fragment('<div><div class="footnote"><ol>' + "".join(f'<li id="fn:cite-{n}">{item}</li>' for n, item in
                                                                enumerate(items, 1)) + "</ol></div></div>")


def _text(element) -> str:
    return "".join(element.itertext())


def _printed_cite(label: str, anchor: str) -> str:
    """One source's part of a note as macros/notes.py writes it: the short reference, a link to the
    paragraph, and the précis in a span the site shows only in the tooltip."""
    return (f'<p><a class="note__precis-link" href="#{anchor}"><strong>{label}</strong></a>'
            f'<span class="note__precis">: Précis text.</span></p>')


def test_a_printed_note_is_its_references_linked_to_their_paragraphs():
    from macros.pdf.notes import shorten_printed_notes

    notes = _notes(_printed_cite("Mir 2022, paras. 1, 14", "sources-mir2022--para-1")
                  + _printed_cite("Shah 2021, para. 2", "sources-shah2021--para-2")
                  + '&#160;<a class="footnote-backref" href="#fnref:cite-1">↩</a>')
    assert shorten_printed_notes(notes) == 2
    note = notes.find(".//li")
    assert _text(note) == "Mir 2022, paras. 1, 14; Shah 2021, para. 2."  # the précis is in its chapter
    assert [a.get("href") for a in note.iter("a")] == ["#sources-mir2022--para-1", "#sources-shah2021--para-2"]
    assert note.get("id") == "fn:cite-1" and len(note.findall(".//p")) == 1


def test_notes_keep_the_full_reference_only_when_the_source_is_not_printed():
    from macros.pdf.notes import shorten_printed_notes

    notes = _notes(_printed_cite("Mir 2022, para. 1", "sources-mir2022--para-1")
                  + '<p><strong>Smith 2020, 4</strong><span class="note__precis">: Smith, Jane. 2020. '
                  "<em>A Book</em>.</span></p>",
                  '<p><a class="note__precis-link" href="https://example.org/sources/mir2022/#para-3">'
                  '<strong>Mir 2022, para. 3</strong></a><span class="note__precis">: Mir, Asfandyar. 2022.</span></p>')
    assert shorten_printed_notes(notes) == 1
    first, second = notes.iter("li")
    assert _text(first.findall("p")[0]) == "Mir 2022, para. 1."
    assert "Smith, Jane. 2020." in _text(first) and "Précis text" not in _text(first)  # printed once, in its chapter
    assert "Mir, Asfandyar. 2022." in _text(second)  # its précis is not in this document


def test_markup_escapes_what_typst_would_read_as_code():
    from macros.pdf.typst_markup import escape

    assert escape("a #b *c* _d_ $e$ <f> @g [h] ~i // j = k - l + m; n") == \
        r"a \#b \*c\* \_d\_ \$e\$ \<f\> \@g \[h\] \~i \/\/ j \= k \- l \+ m\; n"
    assert escape("1. not a list") == r"1\. not a list"
    assert escape("paras. 13–16 and p. 4") == "paras.\u00a013–16 and p.\u00a04"  # a locator never breaks


def test_a_note_call_becomes_a_footnote_and_an_internal_link_gets_its_page():
    from macros.pdf.tree import fragment
    from macros.pdf.typst_markup import Converter

    div = fragment(
        '<div><p>Claim<sup id="c--fnref:cite-1"><a class="footnote-ref" href="#c--fn:cite-1">1</a></sup>, '
        'again<sup id="c--fnref:cite-1-2"><a class="footnote-ref" href="#c--fn:cite-1">1</a></sup>; '
        'see <a href="#s--para-2">para. 2</a> and <a href="#t">the theme</a> and <a href="#gone">text</a>.</p>'
        '<div class="footnote"><ol><li id="c--fn:cite-1"><p><a href="#s--para-2">Mir 2022, para. 2</a>.</p></li>'
        "</ol></div></div>")
    converter = Converter(ids={"c--fn:cite-1", "s--para-2", "t"}, notes={"c--fn:cite-1": div.find(".//li")})
    markup = converter.blocks(div)
    assert "#footnote[#link(<s--para-2>)[Mir 2022, para.\u00a02]#pageref(<s--para-2>, locator: true).]<c--fnref:cite-1>" \
        in markup
    # the same note called again is printed again, at the foot of its own call's page
    assert "#footnote[#link(<s--para-2>)[Mir 2022, para.\u00a02]#pageref(<s--para-2>, locator: true).]" \
           "<c--fnref:cite-1-2>" in markup
    assert "#link(<t>)[the theme]#pageref(<t>, locator: false)" in markup
    assert "gone" not in markup and " text." in markup  # a link to nothing printed is its text
    assert "footnote-ref" not in markup and "Notes" not in markup


def test_a_table_printed_twice_is_printed_once():
    from macros.pdf.tree import fragment
    from macros.pdf.typst_markup import Converter

    table = "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    markup = Converter(ids=set(), notes={}).blocks(fragment(f"<div>{table}<p>Between.</p>{table}</div>"))
    assert markup.count("#book-table(") == 1 and "#table-again(<table-1>)" in markup


# The two-page brief.

BRIEF_PAGE = """<!doctype html><html lang="en"><body><article class="md-content__inner">
<h1 id="brief">Brief</h1>{body}</article></body></html>"""


def brief_site(tmp_path: Path, paragraphs: int) -> Path:
    """A built site of one front page, its print manifest, and a brief of so many paragraphs."""
    import json

    site = tmp_path / "site"
    (site / "brief").mkdir(parents=True)
    (site / "print-manifest.json").write_text(json.dumps({
        "version": 1, "meta": {"site_name": "Test book: a brief", "source_months": ["2021-08"]},
        "parts": [{"title": "Key judgments", "chapters": [{"url": "", "nav_title": None}]}]}), encoding="utf-8")
    (site / "index.html").write_text(BRIEF_PAGE.format(body="<p>Front.</p>").replace('"brief">Brief', '"b">Test'),
                                     encoding="utf-8")
    filler = "The brief says what the book finds, in a paragraph long enough to fill two lines of a page. " * 3
    notes = '<div class="footnote"><ol><li id="fn:1"><p>A note.</p></li></ol></div>'
    body = "<p>First<sup id=\"fnref:1\"><a class=\"footnote-ref\" href=\"#fn:1\">1</a></sup>.</p>" \
        + "".join(f"<p>{filler}</p>" for _ in range(paragraphs)) + notes
    (site / "brief" / "index.html").write_text(BRIEF_PAGE.format(body=body), encoding="utf-8")
    return site


def run_pdf(site: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.pdf", str(site), str(out)], cwd=ROOT,
                          capture_output=True, text=True)


def test_a_brief_page_gives_a_brief_of_at_most_two_pages_in_each_paper(tmp_path):
    site = brief_site(tmp_path, paragraphs=12)
    result = run_pdf(site, tmp_path / "out" / "book.pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("brief.pdf", "brief-letter.pdf"):
        reader = PdfReader(tmp_path / "out" / name)
        assert 1 <= len(reader.pages) <= 2
        text = flat(" ".join(page.extract_text() for page in reader.pages))
        assert text.startswith("Brief") and "A note." in text and "Front." not in text
        assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])


def test_the_books_own_brief_is_written_on_two_pages_with_notes_that_cite(pdf, built_site):
    """The real brief, when the book has one: its notes are short references, each a work and locator."""
    if not (built_site / "brief" / "index.html").is_file():
        pytest.skip("the book has no brief.md")
    for name in ("brief.pdf", "brief-letter.pdf"):
        path = pdf.a4.with_name(name)
        assert path.is_file(), pdf.stdout
        reader = PdfReader(path)
        assert 1 <= len(reader.pages) <= 2, f"{name}: {len(reader.pages)} pages"
        text = flat(" ".join(page.extract_text() for page in reader.pages))
        assert re.search(r"\b(?:para|paras)\. \d+", text), "the brief's notes give paragraph locators"
        assert "¶" not in text, "a précis was printed in the brief's notes"


@pytest.mark.parametrize("page, problem", [
    ("", "not an HTML page the PDF can read"),
    ("<html><body><main><h1>No article</h1></main></body></html>", "no 'article.md-content__inner' element"),
    (b"\xff\xfe\x00broken", "not an HTML page the PDF can read"),
    ("<html><body><article class='md-content__inner'>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</article>",
     "not an HTML page the PDF can read (line 1: Excessive depth"),
])
def test_a_built_page_the_pdf_cannot_read_is_named_with_what_to_do(tmp_path, page, problem):
    site = brief_site(tmp_path, paragraphs=1)
    front = site / "index.html"
    front.write_bytes(page) if isinstance(page, bytes) else front.write_text(page, encoding="utf-8")
    result = run_pdf(site, tmp_path / "out" / "book.pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{front}: {problem}" in result.stderr
    assert not (tmp_path / "out" / "book.pdf").exists()


def test_a_brief_too_long_for_two_pages_is_not_written_and_says_why(tmp_path):
    site = brief_site(tmp_path, paragraphs=60)
    result = run_pdf(site, tmp_path / "out" / "book.pdf")
    assert result.returncode == 0 and (tmp_path / "out" / "book.pdf").exists()  # the book itself is sound
    assert "Not written: the brief" in result.stderr and "brief.md" in result.stderr and "must fit on 2" in result.stderr and "Shorten" in result.stderr
    assert not (tmp_path / "out" / "brief.pdf").exists()


def test_no_brief_page_no_brief(tmp_path):
    site = brief_site(tmp_path, paragraphs=1)
    (site / "brief" / "index.html").unlink()
    result = run_pdf(site, tmp_path / "out" / "book.pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "book.pdf").exists() and not (tmp_path / "out" / "brief.pdf").exists()


def test_an_image_prints_as_its_text_alternative_and_nothing_is_fetched():
    from macros.pdf.tree import fragment
    from macros.pdf.typst_markup import Converter

    markup = Converter(ids=set(), notes={}).blocks(fragment(
        '<div><p>See <img src="https://example.org/map.png" alt="Map of the border"> '
        'and <img src="file:///etc/passwd"></p></div>'))
    assert markup == "See #emph[Map of the border] and"
    assert "example.org" not in markup and "passwd" not in markup
