"""The PDF briefing, built from the real site and read back with pypdf and poppler."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from macros.dates import format_date
from macros.config import DEFAULT_PRINT_PARTS as PRINT_PARTS
from macros.config import defaults
from macros.pdf.outline import built_parts, print_parts, read_manifest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.pdf

A4 = (595.28, 841.89)  # points
LETTER = (612.0, 792.0)
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


def book_settings() -> dict:
    """mkdocs.yml as MkDocs reads it (its own YAML loader, !ENV resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml_load(stream)


@pytest.fixture(scope="session")
def book_config() -> dict:
    return book_settings()


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
    book_title = book_settings()["site_name"]
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


def flat_lines(page_texts: list[str]) -> list[str]:
    return [flat(line) for text in page_texts for line in text.splitlines() if line.strip()]


def words_by_page(pdf_file: Path) -> list[list[tuple[float, float, str]]]:
    """Every word's centre (points from the page's top-left) and text, page by page, by pdftotext -bbox."""
    from bs4 import BeautifulSoup

    markup = subprocess.run(["pdftotext", "-bbox", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout
    return [[((float(word["xmin"]) + float(word["xmax"])) / 2, (float(word["ymin"]) + float(word["ymax"])) / 2,
              word.get_text()) for word in page.find_all("word")]
            for page in BeautifulSoup(markup, "lxml").find_all("page")]


def text_in(words: list[tuple[float, float, str]], rect: list[float], page_height: float) -> str:
    """The words inside a link's rectangle (PDF points, measured from the page's foot)."""
    x0, x1 = sorted(rect[0::2])
    y0, y1 = sorted(rect[1::2])
    return " ".join(text for x, y, text in words if x0 <= x <= x1 and page_height - y1 <= y <= page_height - y0)


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
    for line in page.splitlines():
        match = re.match(r"^\s*(.+?)\s*(?:\.\s*)+\s(\d+)\s*$", line)
        if match:
            numbers[flat(match.group(1))] = int(match.group(2))
    return numbers


# The command.

def test_command_reports_pages_and_time(pdf):
    assert re.search(r"briefing\.pdf: \d+ pages, A4", pdf.stdout), pdf.stdout
    assert re.search(r"briefing-letter\.pdf: \d+ pages, US Letter", pdf.stdout), pdf.stdout
    assert re.search(r"done in \d+\.\d s", pdf.stdout), pdf.stdout


def test_unbuilt_site_fails_with_a_clear_message(tmp_path):
    result = pdf_command(tmp_path / "site", tmp_path / "out.pdf")
    assert result.returncode != 0
    assert "No built site" in result.stderr and "build it first" in result.stderr
    assert not (tmp_path / "out.pdf").exists()


# Structure.

def test_every_nav_part_is_printed(parts, book_config):
    nav_parts = [title for entry in book_config["nav"] if isinstance(entry, dict)
                 for title in entry if title in PRINT_PARTS]
    assert [part.title for part in parts] == [PRINT_PARTS[title] for title in nav_parts]
    assert [part.title for part in parts][:5] == ["Key judgments", "Themes", "What has happened since", "Sources", "Reference"]


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

def test_every_citation_note_is_in_the_pdf(pdf, parts, html_pages):
    names = set(pdf.reader.named_destinations)
    for part in parts:
        for chapter in part.chapters:
            notes = html_pages[chapter.url].select('li[id^="fn:cite-"]')
            for note in notes:
                assert f"{chapter.prefix}--{note['id']}" in names, f"{chapter.url}: {note['id']} missing"
    printed = sum(1 for name in names if "--fn:cite-" in name)
    expected = sum(len(html_pages[c.url].select('li[id^="fn:cite-"]')) for p in parts for c in p.chapters)
    assert printed == expected > 0


def test_printed_notes_are_short_references(page_texts):
    notes = [line for line in flat_lines(page_texts) if re.match(r"^\d+\. [A-Z]\w+ \d{4}, paras?\. ", line)]
    assert len(notes) > 100
    text = flat(" ".join(page_texts))
    assert re.search(r"\d+\. [A-Z]\w+ \d{4}, paras?\. [\d–, ]+; [A-Z]\w+ \d{4}, paras?\. [\d–, ]+[;.]", text)
    assert "Précis of para" not in text and "¶ 1: " not in text  # the précis is printed once, in its chapter


def test_each_printed_reference_links_to_the_paragraph_it_names(pdf):
    checked = 0
    words = words_by_page(pdf.a4)
    for number, link in link_annotations(pdf.reader):
        target = re.fullmatch(r"sources-([a-z]+)(\d{4})--para-(\d+)", str(link.get("/Dest", "")))
        if not target:
            continue
        text = text_in(words[number - 1], [float(value) for value in link["/Rect"]], A4[1])
        found = re.fullmatch(r"([A-Z][\w-]*) (\d{4}), paras?\. (\d+)\b.*", text)
        if found is None:  # a paragraph's own "¶ 12", or a reference broken across two lines
            continue
        name, year, first = target.groups()
        assert (found[1].lower(), found[2], found[3]) == (name, year, first), f"page {number}: {text!r} links to {target[0]}"
        checked += 1
    assert checked > 100


def test_internal_links_resolve_inside_the_pdf(pdf):
    names = set(pdf.reader.named_destinations)
    internal = 0
    for number, link in link_annotations(pdf.reader):
        action = link.get("/A")
        if action is not None and action.get("/S") == "/URI":
            uri = str(action["/URI"])
            assert re.match(r"^(https?|mailto):", uri), f"page {number}: relative link {uri}"
            continue
        destination = link.get("/Dest") if action is None else action.get("/D")
        assert isinstance(destination, str), f"page {number}: link with no named target ({link})"
        assert destination in names, f"page {number}: link to missing {destination}"
        internal += 1
        rect = [float(value) for value in link["/Rect"]]
        assert abs(rect[3] - rect[1]) > 1, f"page {number}: a link with no height cannot be clicked"
    assert internal > 500


def test_citation_markers_and_precis_links_point_at_notes_and_paragraphs(pdf):
    targets = {str(link.get("/Dest")) for _, link in link_annotations(pdf.reader) if link.get("/Dest")}
    assert any(re.fullmatch(r"themes-[\w-]+--fn:cite-\d+", target) for target in targets)
    assert any(re.fullmatch(r"sources-\w+--para-\d+", target) for target in targets)
    assert any(re.fullmatch(r"themes-[\w-]+", target) for target in targets)  # contents and chapter links


def test_every_source_paragraph_has_a_destination(pdf, parts, html_pages):
    names = set(pdf.reader.named_destinations)
    sources = next(part for part in parts if part.title == "Sources")
    for chapter in sources.chapters:
        for precis in html_pages[chapter.url].select("div.precis[id]"):
            assert f"{chapter.prefix}--{precis['id']}" in names


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
    assert "Five sources, August 2021 to May 2022" in cover
    from macros.library import load_library

    reviewed = load_library(ROOT).data.get("since", {}).get("reviewed")  # the cover dates the last review
    assert not reviewed or f"reviewed against the later record on {format_date(reviewed)}" in cover
    assert re.search(r"Edition \d{1,2} [A-Z][a-z]+ 20\d\d", cover, re.I)
    assert pdf.reader.metadata.title == config["site_name"]
    assert pdf.reader.metadata.author
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "en"


def test_every_font_is_embedded(pdf):
    rows = subprocess.run(["pdffonts", str(pdf.a4)], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]
    assert fonts
    assert any("Charis-SIL" in row for row in fonts)
    for row in fonts:
        embedded = row.split()[-5]
        assert embedded == "yes", row


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
    from bs4 import BeautifulSoup
    from macros.pdf.clean import clean_article

    soup = BeautifulSoup(
        '<article><h1>T<a class="headerlink" href="#t">¶</a></h1>'
        '<p><a class="pdf-download" href="briefing.pdf">PDF</a> · <a class="pdf-download" href="x.pdf">Letter</a></p>'
        '<p class="screen-only">Hover over it.</p>'
        '<div class="annotate key-passage"><blockquote><p>“Quote.” <span>Mir, para. 1</span> (1)</p></blockquote></div>'
        "<ol><li>Because.</li></ol></article>", "lxml")
    article = clean_article(soup, soup.article)
    assert article.find("h2").get_text() == "T"
    text = article.get_text()
    assert "(1)" not in text and "PDF" not in text and "·" not in text and "Hover" not in text
    assert article.select_one(".annotate .why-it-matters").get_text(" ", strip=True) == "Why it matters. Because."
    assert article.find("ol") is None


def _notes(*items: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup('<div class="footnote"><ol>' + "".join(f'<li id="fn:cite-{n}">{item}</li>' for n, item in
                                                               enumerate(items, 1)) + "</ol></div>", "lxml")


def _printed_cite(label: str, anchor: str) -> str:
    return (f'<p><strong>{label}.</strong> ¶ 1: Précis text. <a class="note__precis-link" href="#{anchor}">Précis →</a>'
            f"<br/>Full reference of {label}.</p>")


def test_a_printed_note_is_its_references_linked_to_their_paragraphs():
    from macros.pdf.notes import shorten_printed_notes

    soup = _notes(_printed_cite("Mir 2022, paras. 1, 14", "sources-mir2022--para-1")
                  + _printed_cite("Shah 2021, para. 2", "sources-shah2021--para-2")
                  + '&#160;<a class="footnote-backref" href="#fnref:cite-1">↩</a>')
    assert shorten_printed_notes(soup) == 2
    note = soup.find("li")
    assert note.get_text() == "Mir 2022, paras. 1, 14; Shah 2021, para. 2."
    assert [a["href"] for a in note.find_all("a")] == ["#sources-mir2022--para-1", "#sources-shah2021--para-2"]
    assert note["id"] == "fn:cite-1" and len(note.find_all("p")) == 1


def test_notes_keep_the_full_reference_only_when_the_source_is_not_printed():
    from macros.pdf.notes import shorten_printed_notes

    soup = _notes(_printed_cite("Mir 2022, para. 1", "sources-mir2022--para-1")
                  + "<p><strong>Smith 2020, 4.</strong> Smith, Jane. 2020. <em>A Book</em>.</p>",
                  '<p><strong>Mir 2022, para. 3.</strong> ¶ 3: … <a class="note__precis-link" '
                  'href="https://example.org/sources/mir2022/#para-3">Précis →</a><br/>Mir, Asfandyar. 2022.</p>')
    assert shorten_printed_notes(soup) == 1
    first, second = soup.find_all("li")
    assert first.find_all("p")[0].get_text() == "Mir 2022, para. 1."
    assert "Smith, Jane. 2020." in first.get_text() and "Full reference" not in first.get_text()
    assert "Mir, Asfandyar. 2022." in second.get_text()  # its précis is not in this document


def test_lean_markup_keeps_text_ids_and_spaces():
    from bs4 import BeautifulSoup
    from macros.pdf.lean import make_lean

    soup = BeautifulSoup(
        '<article>\n<p>Claim<sup id="c--fnref:cite-1"><a class="footnote-ref" href="#c--fn:cite-1">1</a></sup>.</p>\n'
        '<div class="precis" id="c--para-1">\n<p><a href="#c--para-1">¶ 1</a> Text.</p>\n</div>\n'
        '<div class="event">\n<p><span>1893</span> <span>year</span> Line.</p>\n</div>\n'
        '<div class="footnote"><ol>\n<li id="c--fn:cite-1">\n<p><strong>Mir 2022.</strong> One.</p>\n</li>\n'
        '<li id="c--fn:cite-2">\n<p>Two.</p>\n<p>Three.</p>\n</li>\n</ol></div>\n</article>', "lxml")
    before = " ".join(soup.article.get_text(" ").split())
    article = make_lean(soup.article)
    markers = [marker.extract().get_text() for marker in article.select("span.list-marker")]
    assert markers == ["1.", "2."]  # written as text (see the next test)
    assert " ".join(article.get_text(" ").split()) == before
    assert article.find("sup") is None
    assert article.select_one("a.footnote-ref")["id"] == "c--fnref:cite-1"
    assert article.select_one("div.precis > p") is None and article.select_one("div.precis > a")
    assert "1893 year" in article.select_one("div.event").get_text()
    notes = article.select(".footnote li")
    assert notes[0].find("p") is None and len(notes[1].find_all("p")) == 2
    assert not any(isinstance(child, str) for child in article.select_one(".footnote ol").children)


def test_list_markers_are_written_as_text_where_an_item_opens_with_text():
    from bs4 import BeautifulSoup
    from macros.pdf.lean import markers_as_text

    soup = BeautifulSoup(
        '<article><ol start="3"><li>\n Three</li><li><p>Four</p><ul><li>Dot</li></ul></li></ol>'
        "<ul><li><div>Block first</div></li></ul></article>", "lxml")
    markers_as_text(soup.article)
    ordered, inner, blocky = soup.select("ol.marked"), soup.select("ol ul.marked"), soup.select("ul:not(.marked)")
    assert len(ordered) == 1 and len(inner) == 1 and len(blocky) == 1
    assert str(soup.find("li")) == '<li><span class="list-marker">3.</span>Three</li>'
    assert soup.select_one("ol > li > p").get_text() == "4.Four"
    assert soup.select_one("ul.marked li").get_text() == "•Dot"
    assert soup.select_one("ul:not(.marked) li").get_text() == "Block first"
