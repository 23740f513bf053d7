"""The pure functions, on small inputs: the citation grammar, locators, the validators, the renderers.

Milliseconds in all: no build, no library on disk. Each case gives the input and what must come out,
so a change of behaviour fails here before it reaches a page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.citations import LocatorError, find_citation_blocks, parse_cite, parse_locator
from macros.datafiles import load_yaml
from macros.library import Library, without_markers
from macros.navigation import with_theme_pages
from macros.pdf.outline import print_parts, unknown_print_sections
from macros.text_html import TextRenderer
from macros.themes import Theme, theme_problems, themes_from, with_themes

SCHEMAS = Path(__file__).parent / "fixtures" / "minimal" / "sources" / "schema"


# The citation grammar and locators.

@pytest.mark.parametrize("text, paragraphs, anchor", [
    ("para. 3", (3,), "para-3"),
    ("paras. 2-4", (2, 3, 4), "para-2"),
    ("paras. 2–4", (2, 3, 4), "para-2"),
    ("paras. 1, 5", (1, 5), "para-1"),
    ("  para.   7 ", (7,), "para-7"),
])
def test_locators_name_their_paragraphs(text, paragraphs, anchor):
    locator = parse_locator(text)
    assert locator.paragraphs == paragraphs and locator.anchor == anchor and not locator.is_page


def test_a_page_locator_has_no_paragraphs():
    locator = parse_locator("p. 12")
    assert locator.is_page and locator.paragraphs == () and locator.anchor is None


@pytest.mark.parametrize("text, says", [
    ("para. 0", "numbered from 1"),
    ("paras. 4-2", "rising range"),
    ("para. x", "not a paragraph number"),
    ("chapter 2", "not a locator the book reads"),
])
def test_a_bad_locator_says_what_to_write(text, says):
    with pytest.raises(LocatorError, match=says):
        parse_locator(text)


def test_a_cite_is_a_key_and_an_optional_locator():
    assert parse_cite("@mir2022, para. 12").key == "mir2022"
    assert parse_cite("@mir2022").locator is None
    with pytest.raises(LocatorError, match="separated by ';'"):
        parse_cite("@a, para. 1, @b")


def test_markers_are_found_with_their_lines_but_not_in_code():
    text = "One [@a, para. 1].\n\n`[@b, para. 2]` in code.\n\nTwo [@a, para. 2; @c, paras. 1-2]."
    blocks = find_citation_blocks(text)
    assert [block.line for block in blocks] == [1, 5]
    assert [cite.key for cite in blocks[1].cites] == ["a", "c"]
    assert find_citation_blocks("no markers here") == []


def test_a_marker_with_an_error_keeps_the_error_and_its_line():
    [block] = find_citation_blocks("x\n[@a, para. 0]")
    assert block.line == 2 and block.errors and not block.cites


def test_markers_are_removed_with_the_space_before_them():
    assert without_markers("A claim [@a, para. 1]. Another [@b, para. 2].") == "A claim. Another."


def test_the_library_judges_a_citation():
    library = Library(root=Path("."), references={"a": object(), "w": object()},  # type: ignore[dict-item]
                      sources={"a": {"paragraphs": 3}})
    assert library.cite_problem(parse_cite("@a, para. 2")) is None
    assert "beyond a, which has 3" in library.cite_problem(parse_cite("@a, para. 4"))[0]
    assert "no paragraph locator" in library.cite_problem(parse_cite("@a"))[0]
    assert "by paragraph, not page" in library.cite_problem(parse_cite("@a, p. 2"))[0]
    assert "no source has the key 'z'" in library.cite_problem(parse_cite("@z, para. 1"))[0]
    assert library.cite_problem(parse_cite("@w, p. 4")) is None
    assert "no numbered paragraphs" in library.cite_problem(parse_cite("@w, para. 4"))[0]


# The validators: schemas with the themes filled in.

THEME_DATA = [{"slug": "one", "title": "One", "page": "themes/one.md", "description": "The first theme here."},
              {"slug": "two", "title": "Two", "page": "themes/two.md", "description": "The second theme here."}]


def test_themes_keep_the_files_order():
    themes = themes_from(THEME_DATA)
    assert list(themes) == ["one", "two"] and themes["two"] == Theme("two", "Two", "themes/two.md", "The second theme here.")


def test_a_slug_or_page_given_twice_is_a_problem():
    twice = THEME_DATA + [{**THEME_DATA[0], "page": "themes/other.md"}]
    [problem] = theme_problems(twice, "sources/themes.yml", lambda needle: 7)
    assert "the slug 'one' is given to two themes" in str(problem) and ":7" in str(problem)


def test_the_schema_takes_the_themes_from_the_list():
    schema = {"$defs": {"theme": {"description": "x"}},
              "properties": {"themes": {"x-every-theme": True, "propertyNames": {"$ref": "#/$defs/theme"}}}}
    filled = with_themes(schema, ("one", "two"))
    assert filled["$defs"]["theme"]["enum"] == ["one", "two"]
    assert filled["properties"]["themes"]["propertyNames"] == {"enum": ["one", "two"]}
    assert filled["properties"]["themes"]["required"] == ["one", "two"]
    assert "enum" not in schema["$defs"]["theme"], "the schema read from disk is left as it was"


def test_a_data_file_is_checked_against_the_books_themes(tmp_path):
    path = tmp_path / "sources" / "timeline.yml"
    path.parent.mkdir()
    path.write_text("- date: '2021-08-15'\n  event: Something happened on that day.\n  themes: [three]\n"
                    "  sources: []\n", encoding="utf-8")
    _, problems = load_yaml(path, tmp_path, "timeline", SCHEMAS, None, ("one", "two"))
    messages = " ".join(str(problem) for problem in problems)
    assert "'three' is not allowed" in messages and "use one of: one, two" in messages


# The renderers.

def test_a_data_text_is_converted_as_the_site_converts_it():
    renderer = TextRenderer(["abbr", "tables"], {"abbr": {"glossary": {"TTP": "Tehrik-i-Taliban Pakistan"}}})
    assert renderer.inline("The *TTP*.") == 'The <em><abbr title="Tehrik-i-Taliban Pakistan">TTP</abbr></em>.'
    assert "<table>" in renderer.block("| a | b |\n| - | - |\n| 1 | 2 |")


def test_the_theme_pages_are_listed_in_their_section_before_the_rest():
    nav = [{"Briefing": "index.md"}, {"Themes": ["themes/two.md", {"Extra": "themes/extra.md"}]}]
    filled, problem = with_theme_pages(nav, "Themes", [("One", "themes/one.md"), ("Two", "themes/two.md")])
    assert problem is None
    assert filled[1] == {"Themes": [{"One": "themes/one.md"}, {"Two": "themes/two.md"}, {"Extra": "themes/extra.md"}]}
    _, problem = with_theme_pages([{"Briefing": "index.md"}], "Themes", [("One", "themes/one.md")])
    assert problem and "add '- Themes: []'" in problem


def test_print_parts_follow_the_setting_and_a_missing_section_is_named():
    nav = [{"Front": "index.md"}, {"Themes": [{"One": "themes/one.md"}]}, {"About": ["about.md"]}]
    printed = {"Front": "Key judgments", "Themes": "Themes"}
    assert [part.title for part in print_parts(nav, printed)] == ["Key judgments", "Themes"]
    assert unknown_print_sections(nav, {**printed, "Reference": "Reference"}) == ["Reference"]


@pytest.mark.parametrize("book", [Path(__file__).parent.parent, Path(__file__).parent / "fixtures" / "minimal"])
def test_every_data_text_converts_as_the_sites_whole_markdown_converts_it(book):
    """The renderer's shortcut (abbr alone, for texts without the other extensions' syntax) changes nothing."""
    from mkdocs.config import load_config

    from macros.abbreviations import abbreviations
    from macros.library import _texts, load_library
    from macros.text_html import with_glossary

    config = load_config(str(book / "mkdocs.yml"))  # the extensions as the build has them, MkDocs' own included
    library = load_library(book)
    glossary = abbreviations(library.data.get("glossary", []))
    renderer = TextRenderer(list(config.markdown_extensions), with_glossary(config.mdx_configs, glossary))
    assert renderer._shortcut, "the shortcut is off for the book's extensions: the comparison would prove nothing"
    texts = [text for data in [*library.sources.values(), *library.data.values()] for _, text in _texts(data)]
    texts += ["| a | b |\n| - | - |\n| 1 | 2 |", "A | B", "# Heading", "Text\n\n---\n", "[TOC]", "!!! note\n    x", "`code`", "x[^1]\n\n[^1]: y"]
    assert len(texts) > 20
    for text in texts:
        assert renderer.block(text) == renderer.convert(text), text


# --- How the PDF opens (macros/pdf/viewer.py) ---

def _typeset(markup: str) -> bytes:
    import typst

    return typst.Compiler().compile(markup.encode(), format="pdf")


def test_the_pdf_opens_on_its_bookmarks_and_stays_readable():
    import io

    from pypdf import PdfReader

    from macros.pdf.incremental import updated
    from macros.pdf.viewer import outline_opened

    original = _typeset("= Part one\n== Chapter\n== Chapter\n= Part two\n== Chapter\nText.")
    opened = updated(original, [outline_opened])
    assert opened.startswith(original), "the update must leave what Typst wrote as it is"
    reader = PdfReader(io.BytesIO(opened))
    root = reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"
    assert [part.get("/Count") for part in reader.outline if not isinstance(part, list)] == [2, 1]
    assert root["/Outlines"]["/Count"] == 5  # two parts and their three chapters, shown
    assert reader.pages[0].extract_text().startswith("Part one")


def test_a_pdf_without_bookmarks_or_with_a_cross_reference_stream_is_left_as_it_is():
    from macros.pdf.incremental import updated
    from macros.pdf.viewer import outline_opened

    def with_outline_open(pdf: bytes) -> bytes:
        return updated(pdf, [outline_opened])

    plain = _typeset("No headings here.")
    assert with_outline_open(plain) == plain
    with_headings = _typeset("= A part\n== A chapter")
    at = with_headings.rfind(b"startxref")
    offset = int(with_headings[at + 9:].split()[0])
    other = with_headings[:offset] + b"9 0 obj" + with_headings[offset + 7:]  # the last section is not a table
    assert with_outline_open(other) == other
    for damaged in (b"not a PDF", with_headings[: at + 10], with_headings.replace(b"startxref\n", b"startxref\nx")):
        assert with_outline_open(damaged) == damaged  # no cross-reference table to extend: left as it is


def test_a_printed_address_is_decoded_only_where_it_reads_as_typed():
    from macros.pdf.typst_markup import readable_address

    assert readable_address("https://example.org/caf%C3%A9-d%C3%A9j%C3%A0") == "https://example.org/café-déjà"
    assert readable_address("https://example.org/a%20b") == "https://example.org/a%20b"  # a space would break it
    urdu = "https://pakwire.pk/2024/11/20/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86-%D9%85%DB%8C%DA%BA-8"
    assert readable_address(urdu) == urdu  # right to left, it would print in another order than it is typed


def test_each_paper_centres_the_one_sheet_the_book_is_typeset_on():
    import io

    from pypdf import PdfReader

    from macros.pdf.incremental import updated
    from macros.pdf.papers import A4, LETTER, POINTS_PER_MM, Paper, common_sheet, page_box
    from macros.pdf.viewer import on_paper

    sheet = common_sheet([A4, LETTER])
    assert (sheet.width, sheet.height) == (A4.width, LETTER.height)  # the narrower width, the shorter height
    assert common_sheet([A4]) == common_sheet([A4, A4])
    wide = Paper("wide", 300, 200, "-wide")
    left, bottom, right, top = page_box(wide, common_sheet([A4, wide]))
    assert (right - left, top - bottom) == pytest.approx((300 * POINTS_PER_MM, 200 * POINTS_PER_MM))
    assert -left == pytest.approx(right - A4.width * POINTS_PER_MM) and bottom == 0  # as much paper either side
    original = _typeset('#set page(width: 210mm, height: 279.4mm)\nOne.#pagebreak()Two.')
    on_letter = updated(original, [on_paper(page_box(LETTER, sheet))])
    assert on_letter.startswith(original)
    pages = PdfReader(io.BytesIO(on_letter)).pages
    assert len(pages) == 2
    for page in pages:
        assert float(page.mediabox.width) == round(LETTER.width * POINTS_PER_MM, 4)
        assert float(page.mediabox.left) < 0 == float(page.mediabox.bottom)
    assert pages[1].extract_text() == "Two."


def test_a_partial_date_is_a_real_year_month_or_day():
    from macros.dates import is_partial_date

    assert all(is_partial_date(value) for value in ("2021", "2021-08", "2021-08-13", "2024-02-29"))
    assert not any(is_partial_date(value) for value in ("", "21", "2021-13", "2023-02-29", "2021-8", "x-y",
                                                       "2021-08-13T00", None, 2021))


# --- Editing a parsed page (macros/pdf/tags.py): no word lost, moved or doubled ---

def _html(element) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode", with_tail=False)


def test_removing_an_element_keeps_the_text_after_it():
    from macros.pdf.tree import fragment, remove

    first_child = fragment("<p>a<b>gone</b>b<i>x</i>c</p>")
    remove(first_child.find("b"))
    assert _html(first_child) == "<p>ab<i>x</i>c</p>"
    opening = fragment("<p><b>gone</b>a<i>x</i></p>")
    remove(opening.find("b"))
    assert _html(opening) == "<p>a<i>x</i></p>"


def test_unwrapping_an_element_leaves_its_text_and_children_in_its_place():
    from macros.pdf.tree import fragment, unwrap

    for markup, expected in (
        ("<p>a<abbr>UN</abbr>b</p>", "<p>aUNb</p>"),
        ("<p><abbr>UN</abbr>b</p>", "<p>UNb</p>"),
        ("<p>a<i>x</i>b<span>c<em>d</em>e</span>f</p>", "<p>a<i>x</i>bc<em>d</em>ef</p>"),
        ("<p>a<span><em>d</em></span>f</p>", "<p>a<em>d</em>f</p>"),
    ):
        paragraph = fragment(markup)
        unwrap(next(element for element in paragraph.iter("abbr", "span")))
        assert _html(paragraph) == expected


def test_content_moves_whole_and_comments_are_skipped_with_their_tails_kept():
    from macros.pdf.tree import fragment, move_contents, new, nodes, replace, text

    source, target = fragment("<li>one <b>two</b> three</li>"), fragment("<p>zero <i>0</i></p>")
    move_contents(source, target)
    assert _html(target) == "<p>zero <i>0</i>one <b>two</b> three</p>" and _html(source) == "<li/>"
    commented = fragment("<p>a<!-- note -->b<em>c</em>d</p>")
    assert [node if isinstance(node, str) else node.tag for node in nodes(commented)] == ["a", "b", "em", "d"]
    assert text(commented) == "abcd"
    replace(commented.find("em"), new("strong", "C"))
    assert _html(commented) == "<p>a<!-- note -->b<strong>C</strong>d</p>"


def test_an_address_split_by_markup_prints_once():
    """A link whose text is its address, broken by an abbreviation the site marks inside it, prints the
    address once, not again after itself."""
    from macros.pdf.clean import clean_article
    from macros.pdf.tree import fragment
    from macros.pdf.typst_markup import Converter

    article = clean_article(fragment('<article><p><a href="https://example.org/UN-report">'
                                     'https://example.org/<abbr title="United Nations">UN</abbr>-report</a></p></article>'))
    markup = Converter(ids=set(), notes={}).blocks(article)
    assert markup.count("example.org") == 2, markup  # the link's target and its text, no address after it


def test_a_page_that_is_not_html_is_refused_by_name():
    from macros.pdf.tree import PageParseError, parse_page

    for text in ("", "   "):
        with pytest.raises(PageParseError):
            parse_page(text)
    assert parse_page("just words").find("body") is not None  # text is read as a page body
    assert parse_page("<p>unclosed <b>bold <i>and</p> on").find("body") is not None  # recovered, as a browser does


def test_a_page_is_read_whole_or_refused_never_cut_short():
    from macros.pdf.tree import PageParseError, parse_page, text

    long_text = "x" * 11_000_000  # past libxml2's default limit of 10 MB for one text
    page = parse_page(f"<html><body><p>{long_text}</p><p>end</p></body></html>")
    assert text(page.find("body")) == long_text + "end"
    with pytest.raises(PageParseError, match="depth"):  # nested past what libxml2 reads: refused by name
        parse_page("<p>start</p>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "<p>end</p>")


def test_a_references_address_becomes_an_autolink_only_when_markdown_keeps_it_one():
    import markdown

    from macros.sources_index import _addresses_as_autolinks

    plain = '<a href="https://example.org/UN-report?a=1&amp;b=2">https://example.org/UN-report?a=1&amp;b=2</a>'
    assert _addresses_as_autolinks(plain) == "<https://example.org/UN-report?a=1&b=2>"
    hostile = ('<a href="https://example.org/&lt;script&gt;x&lt;/script&gt;">'
               'https://example.org/&lt;script&gt;x&lt;/script&gt;</a>')
    assert _addresses_as_autolinks(hostile) == hostile  # unescaped, it would end the autolink: left as escaped
    assert "<script>" not in markdown.markdown(_addresses_as_autolinks(hostile))
    named = '<a href="https://example.org/">the report</a>'
    assert _addresses_as_autolinks(named) == named  # a link with text of its own is not an address
