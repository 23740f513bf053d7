"""The site-wide citation graph, and the HTML it gives back to pages (backlinks and the matrix).

Pages are collected as they are converted; the HTML is written after every
page is known (MkDocs converts all pages before it renders any template), so
a source page lists citations from pages that come after it in the book.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from mkdocs.utils import get_relative_url

from .themes import Theme
from .notes import CitingPassage


@dataclass(frozen=True)
class CitingPage:
    src: str
    url: str
    title: str
    passages: tuple[CitingPassage, ...]


_Hits = list[tuple[CitingPassage, str]]


@dataclass(frozen=True)
class _KeyIndex:
    """Per key, the pages citing it in book order: (src, [(passage, locator text)], passages citing it)."""

    state: tuple  # what the index was built from (see _state), to tell when the graph has changed
    by_key: dict[str, list[tuple[str, _Hits, int]]]


def _state(pages: dict[str, CitingPage]) -> tuple:
    """The page order and every page's passages: all that the index depends on (cheap to compare)."""
    return tuple(pages), tuple(map(attrgetter("passages"), pages.values()))


def _index(pages: dict[str, CitingPage]) -> _KeyIndex:
    by_key: dict[str, list[tuple[str, _Hits, int]]] = {}
    for page in pages.values():
        hits: dict[str, _Hits] = {}
        passage_counts: dict[str, int] = {}
        for passage in page.passages:
            for cite in passage.cites:
                hits.setdefault(cite.key, []).append((passage, cite.locator.text if cite.locator else ""))
            for key in {cite.key for cite in passage.cites}:
                passage_counts[key] = passage_counts.get(key, 0) + 1
        for key, found in hits.items():
            by_key.setdefault(key, []).append((page.src, found, passage_counts[key]))
    return _KeyIndex(state=_state(pages), by_key=by_key)


@dataclass
class CitationGraph:
    pages: dict[str, CitingPage] = field(default_factory=dict)
    _index: _KeyIndex | None = field(default=None, init=False, repr=False, compare=False)

    def record(self, page: CitingPage) -> None:
        self.pages[page.src] = page

    def _by_key(self) -> dict[str, list[tuple[str, _Hits, int]]]:
        """One pass over every passage, shared by every source page and matrix cell.

        Walking the whole graph once per source would make the build quadratic in the
        size of the book. Pages may be replaced directly (to set final titles), so the
        index is rebuilt when the pages or their passages change, and pages are looked up
        by src when asked for, so that the current title and address are the ones given back.
        """
        if self._index is None or self._index.state != _state(self.pages):
            self._index = _index(self.pages)
        return self._index.by_key

    def citing(self, key: str) -> list[tuple[CitingPage, list[tuple[CitingPassage, str]]]]:
        """Pages citing a key, in book order, each with (passage, locator text) pairs."""
        return [(self.pages[src], list(hits)) for src, hits, _ in self._by_key().get(key, [])]

    def counts(self, key: str, src: str) -> int:
        """How many passages of page `src` cite `key`."""
        if src not in self.pages:
            return 0
        return next((count for page_src, _, count in self._by_key().get(key, []) if page_src == src), 0)


def page_anchor(src: str) -> str:
    return "cited-in-" + src.removesuffix(".md").replace("/", "-")


def _locator_order(locator: str) -> tuple:
    """Locators in reading order: by their first paragraph, then as text (pages, or none, last)."""
    numbers = [int(n) for n in re.findall(r"\d+", locator)]
    return (0, numbers, locator) if locator.startswith("para") and numbers else (1, [], locator)


def _section_label(section: str) -> str:
    """A section's title before its links: a colon, unless the title ends in its own punctuation."""
    return html.escape(section) + ("" if section.endswith(("?", "!", ".", ":")) else ":")


def cited_in_html(key: str, graph: CitationGraph, from_url: str) -> str:
    """The 'Cited in this briefing' list of a source page: per citing page and section, each locator
    once, in paragraph order, linked to its first citation."""
    citing = graph.citing(key)
    if not citing:
        return '<p class="cited-in cited-in--empty">No page of the briefing cites this source yet.</p>'
    items = []
    for page, hits in citing:
        page_link = get_relative_url(page.url, from_url)
        by_section: dict[str, dict[str, str]] = defaultdict(dict)
        for passage, locator in hits:
            by_section[passage.section or page.title].setdefault(locator or "cited", passage.anchor)
        sections = "; ".join(
            f"{_section_label(section)} " + ", ".join(
                f'<a href="{html.escape(f"{page_link}#{anchor}")}">{html.escape(locator)}</a>'
                for locator, anchor in sorted(links.items(), key=lambda item: _locator_order(item[0])))
            for section, links in by_section.items()
        )
        items.append(
            f'<li id="{page_anchor(page.src)}"><a href="{html.escape(page_link)}">{html.escape(page.title)}</a>'
            f" ({len(hits)}) — {sections}</li>"
        )
    return '<ul class="cited-in">' + "".join(items) + "</ul>"


def matrix_html(keys: list[str], labels: dict[str, str], source_urls: dict[str, str], graph: CitationGraph,
                themes: dict[str, Theme]) -> str:
    """Source × theme table: how often each source is cited on each theme page, linked to the passages.

    `source_urls` gives each source page's address relative to the page the table is on.
    """
    columns = [(theme.title, theme.page) for theme in themes.values()]
    head = "".join(f'<th scope="col">{html.escape(title)}</th>' for title, _ in columns)
    rows = []
    for key in keys:
        source_url = source_urls[key]
        cells = []
        for title, src in columns:
            count = graph.counts(key, src)
            label = f"{labels[key]} is cited {count} time{'s' if count != 1 else ''} on {title}"
            cells.append(
                f'<td><a href="{html.escape(source_url)}#{page_anchor(src)}" aria-label="{html.escape(label)}">{count}</a></td>'
                if count else '<td class="matrix__zero">0</td>'
            )
        rows.append(f'<tr><th scope="row"><a href="{html.escape(source_url)}">{html.escape(labels[key])}</a></th>{"".join(cells)}</tr>')
    return (
        '<table class="matrix"><caption>Citations of each source on each theme page '
        "(each number links to the citing passages)</caption>"
        f'<thead><tr><th scope="col">Source</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
