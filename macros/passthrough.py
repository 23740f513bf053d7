"""HTML that macros write for a page, carried past Markdown instead of through it.

A source page is mostly texts from sources/ data, which its macro renders to HTML
(cached, see text_html). Left in the page as raw HTML, Markdown would parse it all
again on every build. So the macro fences each block (`html_block`); the briefing
plugin, once it has read the page's citations, sets the blocks aside (`Passthrough.
set_aside`), leaving a one-line token per block in the page's Markdown, and adds
`Passthrough.extension()` to the site's Markdown: before Markdown reads the page, it
hands each token's block to Python-Markdown's own store of raw HTML (`htmlStash`),
which puts it back once the page is converted. The plugin adds the blocks' ids
(`anchor_ids`) to those MkDocs checks links against. Headings stay in Markdown, for
the contents. Only the tokens stay in the page's Markdown, which MkDocs keeps to the
end of the build, and each block is let go once Markdown has it.

Without the plugin (or as plain Markdown) a fenced block is ordinary raw HTML
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


# Two characters of Unicode's private use area around the block's number: a line
# of its own that nothing else on a page can be.
_TOKEN = re.compile("\ue002(\\d+)\ue003")


class Passthrough:
    """The blocks set aside from the pages of one build, until Markdown's htmlStash takes each."""

    def __init__(self) -> None:
        self._blocks: dict[int, str] = {}
        self._count = 0

    def set_aside(self, markdown: str) -> tuple[str, list[str]]:
        """The Markdown with each fenced block replaced by its token, and the blocks in order."""
        if _OPEN not in markdown:
            return markdown, []
        blocks: list[str] = []

        def token(found: re.Match) -> str:
            self._count += 1
            self._blocks[self._count] = found[1]
            blocks.append(found[1])
            return f"\ue002{self._count}\ue003"

        return _FENCED.sub(token, markdown), blocks

    def take(self, number: int) -> str | None:
        return self._blocks.pop(number, None)

    def extension(self) -> Extension:
        return _PassthroughExtension(self)


class _StashTokens(Preprocessor):
    """Each token's block into the htmlStash, before Markdown reads raw HTML or anything else."""

    def __init__(self, md: Markdown, passthrough: Passthrough) -> None:
        super().__init__(md)
        self.passthrough = passthrough

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "\ue002" not in text:
            return lines

        def stash(found: re.Match) -> str:
            block = self.passthrough.take(int(found[1]))
            return found[0] if block is None else self.md.htmlStash.store(block)

        return _TOKEN.sub(stash, text).split("\n")


class _PassthroughExtension(Extension):
    def __init__(self, passthrough: Passthrough) -> None:
        super().__init__()
        self.passthrough = passthrough

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After whitespace is normalised (30), before fenced code (25) and raw HTML blocks (20) are read.
        md.preprocessors.register(_StashTokens(md, self.passthrough), "briefing_passthrough", 26)
