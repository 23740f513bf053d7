"""HTML that macros write for a page, carried past Markdown instead of through it.

A source page is mostly texts from sources/ data, which its macro renders to HTML
(cached, see text_html). Left in the page as raw HTML, Markdown would parse it all
again on every build. So the macro fences each block (`html_block`); the briefing
plugin, once it has turned the page's citations into note calls, sets the blocks
aside (`set_aside`), leaving a one-line token per block, and puts them back in the
HTML Markdown made (`put_back`). Headings stay in Markdown, for the contents.

Without the plugin (or as plain Markdown) a fenced block is ordinary raw HTML
between two comments, and renders the same.
"""

from __future__ import annotations

import re

_OPEN, _CLOSE = "<!-- briefing:html -->", "<!-- /briefing:html -->"
_FENCED = re.compile(re.escape(_OPEN) + r"\n(.*?)\n" + re.escape(_CLOSE), re.S)
# Two characters of Unicode's private use area around the block's number: Markdown
# makes the token a paragraph of plain text, which nothing else on a page can be.
_TOKEN = re.compile("<p>\ue002(\\d+)\ue003</p>")
_ID = re.compile(r'\sid="([^"]+)"')


def html_block(html: str) -> str:
    """`html` fenced for the page's Markdown, as a block of its own."""
    return f"{_OPEN}\n{html}\n{_CLOSE}"


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each fenced block replaced by its token, and the blocks in order."""
    if _OPEN not in markdown:
        return markdown, []
    blocks: list[str] = []

    def token(found: re.Match) -> str:
        blocks.append(found[1])
        return f"\ue002{len(blocks) - 1}\ue003"

    return _FENCED.sub(token, markdown), blocks


def put_back(html: str, blocks: list[str]) -> str:
    """The page's HTML with every token replaced by its block."""
    if not blocks:
        return html
    return _TOKEN.sub(lambda found: blocks[int(found[1])], html)


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids in the blocks: MkDocs checks links to a page's anchors against those it saw in Markdown."""
    return {found for block in blocks for found in _ID.findall(block)}
