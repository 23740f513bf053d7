"""HTML that macros write for a page, carried past Markdown instead of through it.

A source page is mostly texts from sources/ data, which its macro renders to HTML
(cached, see text_html). Left in the page as raw HTML, Markdown would parse it all
again on every build. So the macro fences each block (`html_block`), and the
briefing plugin adds `PassthroughExtension` to the site's Markdown: before Markdown
reads the page, it hands each fenced block to Python-Markdown's own store of raw
HTML (`htmlStash`), which leaves a placeholder that Markdown puts the block back for
once the page is converted. The plugin reads the blocks' citations beforehand, like
any others, and adds their ids (`anchor_ids`) to those MkDocs checks links against.
Headings stay in Markdown, for the contents.

Without the extension (or as plain Markdown) a fenced block is ordinary raw HTML
between two comments, and renders the same.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_OPEN, _CLOSE = "<!-- briefing:html -->", "<!-- /briefing:html -->"
_FENCED = re.compile(re.escape(_OPEN) + r"\n(.*?)\n" + re.escape(_CLOSE), re.S)
_ID = re.compile(r'\sid="([^"]+)"')


def html_block(html: str) -> str:
    """`html` fenced for the page's Markdown, as a block of its own."""
    return f"{_OPEN}\n{html}\n{_CLOSE}"


def fenced_blocks(markdown: str) -> list[str]:
    """The HTML of every fenced block in a page's Markdown, in order."""
    return _FENCED.findall(markdown) if _OPEN in markdown else []


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids in the blocks: MkDocs checks links to a page's anchors against those it saw in Markdown."""
    return {found for block in blocks for found in _ID.findall(block)}


class _StashFenced(Preprocessor):
    """Each fenced block into the htmlStash, before Markdown's own raw-HTML reading would parse it."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if _OPEN not in text:
            return lines
        return _FENCED.sub(lambda found: self.md.htmlStash.store(found[1]), text).split("\n")


class PassthroughExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After whitespace is normalised (30), before fenced code (25) and raw HTML blocks (20) are read.
        md.preprocessors.register(_StashFenced(md), "briefing_passthrough", 26)
