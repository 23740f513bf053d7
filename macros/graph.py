"""The site-wide citation graph, and the HTML it gives back to pages (backlinks and the matrix).

Pages are collected as they are converted; the HTML is written after every
page is known (MkDocs converts all pages before it renders any template), so
a source page lists citations from pages that come after it in the book.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field

from mkdocs.utils import get_relative_url

from .library import THEMES
from .notes import CitingPassage


@dataclass(frozen=True)
class CitingPage:
    src: str
    url: str
    title: str
    passages: tuple[CitingPassage, ...]


@dataclass
class CitationGraph:
    pages: dict[str, CitingPage] = field(default_factory=dict)

    def record(self, page: CitingPage) -> None:
        self.pages[page.src] = page

    def citing(self, key: str) -> list[tuple[CitingPage, list[tuple[CitingPassage, str]]]]:
        """Pages citing a key, in book order, each with (passage, locator text) pairs."""
        found = []
        for page in self.pages.values():
            hits = [
                (passage, cite.locator.text if cite.locator else "")
                for passage in page.passages
                for cite in passage.cites
                if cite.key == key
            ]
            if hits:
                found.append((page, hits))
        return found

    def counts(self, key: str, src: str) -> int:
        page = self.pages.get(src)
        if page is None:
            return 0
        return sum(1 for passage in page.passages if any(c.key == key for c in passage.cites))


def page_anchor(src: str) -> str:
    return "cited-in-" + src.removesuffix(".md").replace("/", "-")


def cited_in_html(key: str, graph: CitationGraph, from_url: str) -> str:
    """The 'Cited in this briefing' list of a source page."""
    citing = graph.citing(key)
    if not citing:
        return '<p class="cited-in cited-in--empty">No page of the briefing cites this source yet.</p>'
    items = []
    for page, hits in citing:
        page_link = get_relative_url(page.url, from_url)
        by_section: dict[str, list[str]] = defaultdict(list)
        for passage, locator in hits:
            target = html.escape(f"{page_link}#{passage.anchor}")
            by_section[passage.section or page.title].append(f'<a href="{target}">{html.escape(locator or "cited")}</a>')
        sections = "; ".join(f"{html.escape(section)}: {', '.join(links)}" for section, links in by_section.items())
        items.append(
            f'<li id="{page_anchor(page.src)}"><a href="{html.escape(page_link)}">{html.escape(page.title)}</a>'
            f" ({len(hits)}) — {sections}</li>"
        )
    return '<ul class="cited-in">' + "".join(items) + "</ul>"


def matrix_html(keys: list[str], labels: dict[str, str], graph: CitationGraph, from_url: str) -> str:
    """Source × theme table: how often each source is cited on each theme page, linked to the passages."""
    themes = [(slug, title, f"themes/{slug}.md") for slug, title in THEMES.items()]
    head = "".join(f'<th scope="col">{html.escape(title)}</th>' for _, title, _ in themes)
    rows = []
    for key in keys:
        source_url = get_relative_url(f"sources/{key}/", from_url)
        cells = []
        for _, title, src in themes:
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
