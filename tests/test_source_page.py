"""The source page's HTML from data: what is carried past Markdown and what is left to it."""

from __future__ import annotations

from pathlib import Path

from macros.citations import find_citation_blocks
from macros.library import load_library
from macros.links import page_address
from macros.passthrough import fenced_blocks
from macros.source_page import Rendering, source_page, text_section
from macros.text_html import TextRenderer

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"


def rendering(src: str = "sources/demo2020.md") -> Rendering:
    return Rendering(TextRenderer(["abbr", "tables"], {"abbr": {"glossary": {"TTP": "Tehrik-i-Taliban Pakistan"}}}), src, lambda target: page_address(src, target, True))


def test_a_text_linking_to_another_page_is_left_to_markdown_so_mkdocs_checks_the_link():
    linked = "See the [register](../disagreements.md#one)."
    assert text_section(linked, rendering()) == linked
    converted = text_section("The *TTP* ([para. 2](#para-2)).", rendering())
    assert '<abbr title="Tehrik-i-Taliban Pakistan">TTP</abbr>' in converted and '<a href="#para-2">' in converted


def test_addresses_between_pages_are_those_mkdocs_writes():
    assert page_address("sources/mir2022.md", "themes/us-policy.md", True) == "../../themes/us-policy/"
    assert page_address("sources/mir2022.md", "themes/us-policy.md", False) == "../themes/us-policy.html"


def test_the_page_is_headings_in_markdown_and_html_set_aside():
    page = source_page("demo2020", load_library(FIXTURE), rendering())
    blocks = fenced_blocks(page)
    skeleton = page
    for block in blocks:
        skeleton = skeleton.replace(block, "")
    assert "## Paragraph by paragraph" in skeleton and 'id="para-1"' not in skeleton
    assert any('<div class="precis" id="para-3">' in block for block in blocks)
    assert '<a href="../../themes/ttp-blowback/">' in page
    # "How to cite" shows a citation in code; it must not be read as one.
    assert not find_citation_blocks(page)
