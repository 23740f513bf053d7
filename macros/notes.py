"""Turn citation markers into numbered notes.

Each marker, or run of adjacent markers, becomes a note call in the
Markdown and one note in a list written as HTML: per source cited, the short
reference and locator, the précis of the cited paragraphs, a link to them on
the annotated source page, and the full formatted reference (with the
original's address where one is known).

The notes never pass through Markdown: on a large book they are most of the
text, and the page's Markdown would parse every one of them again, although
everything in them is already known (the précis is rendered once per
paragraph, the references by pandoc). Their HTML is the footnotes
extension's, so styles, tooltips and the PDF read both alike.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass
from collections.abc import Callable

from .citations import Cite, CitationBlock, group_adjacent, mask_code
from .library import Library

NOTE_PREFIX = "cite-"
NOTES_HEADING = "## Notes"
NOTES_MARKER = "<!-- briefing:notes -->"  # where the plugin puts the notes' HTML once the page is rendered
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{[^}]*\})?\s*#*\s*$", re.M)


@dataclass(frozen=True)
class CitingPassage:
    """One marker on one page: where it is and what it cites (for backlinks and the matrix)."""

    anchor: str  # the id of the marker in the built page
    section: str  # the heading the marker stands under ('' before the first heading)
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class NoteContext:
    """What a page's notes need from outside the library."""

    precis_html: Callable[[str], str]  # précis Markdown to inline HTML
    source_url: Callable[[str], str]  # an annotated source's page, relative to the citing page


def cite_note(cite: Cite, library: Library, context: NoteContext) -> str:
    """One source's part of a note, as inline HTML."""
    ref = library.references[cite.key]
    locator = cite.locator
    head = f"<strong>{html.escape(ref.label)}{', ' + html.escape(locator.text) if locator else ''}.</strong>"
    if library.is_annotated(cite.key) and locator and locator.paragraphs:
        precis = " ".join(
            f"¶ {n}: {context.precis_html(library.precis(cite.key, n) or '')}".strip() for n in locator.paragraphs
        )
        link = html.escape(f"{context.source_url(cite.key)}#{locator.anchor}")
        return (f'{head} {precis} <a class="note__precis-link" href="{link}">Précis of {html.escape(locator.text)} →</a>'
                f"<br>{ref.full_html}")
    return f"{head} {ref.full_html}"


def note_reference(label: str, number: int) -> str:
    return f'<sup id="fnref:{label}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'


# In the Markdown a note's call is its number between two characters of Unicode's private use area,
# which Markdown passes through as plain text; note_calls_html makes them links once Markdown is done.
# (Inline HTML in their place cost Markdown a pattern match and a stash for every citation.)
_NOTE_CALL = re.compile("\ue000(\\d+)\ue001")


def note_call(number: int) -> str:
    return f"\ue000{number}\ue001"


def note_calls_html(html_text: str) -> str:
    """The page's HTML with every note call a superscript link to its note."""
    if "\ue000" not in html_text:
        return html_text
    return _NOTE_CALL.sub(lambda found: note_reference(f"{NOTE_PREFIX}{found[1]}", int(found[1])), html_text)


def without_note_calls(text: str) -> str:
    """Plain text (a heading's entry in the contents) without the calls of notes."""
    return _NOTE_CALL.sub("", text) if "\ue000" in text else text


def note_item(label: str, number: int, cites: tuple[Cite, ...], library: Library, context: NoteContext) -> str:
    """One note: a paragraph per source cited, the way back to the marker at the end of the last."""
    body = "</p>\n<p>".join(cite_note(cite, library, context) for cite in cites)
    back = (f'&#160;<a class="footnote-backref" href="#fnref:{label}" '
            f'title="Jump back to footnote {number} in the text">&#8617;</a>')
    return f'<li id="fn:{label}">\n<p>{body}{back}</p>\n</li>\n'


def notes_html(items: list[str]) -> str:
    return '<div class="footnote">\n<hr />\n<ol>\n' + "".join(items) + "</ol>\n</div>"


def _sections(masked: str) -> list[tuple[int, str]]:
    return [(match.start(), match.group(2).strip()) for match in _HEADING.finditer(masked)]


def _section_at(sections: list[tuple[int, str]], starts: list[int], position: int) -> str:
    """The title of the last heading that starts before `position` ('' before the first)."""
    index = bisect_left(starts, position)
    return sections[index - 1][1] if index else ""


def render_citations(markdown: str, blocks: list[CitationBlock], library: Library,
                     context: NoteContext) -> tuple[str, str, list[CitingPassage]]:
    """Replace every (valid) citation block with a note reference.

    Gives back the Markdown (ending with the notes' heading and NOTES_MARKER), the
    notes' HTML to put in place of the marker, and the passages for the graph.
    """
    if not blocks:
        return markdown, "", []
    sections = _sections(mask_code(markdown))
    starts = [start for start, _ in sections]
    pieces, notes, passages = [], [], []
    position = 0
    for number, group in enumerate(group_adjacent(markdown, blocks), 1):
        label = f"{NOTE_PREFIX}{number}"
        cites = tuple(cite for block in group for cite in block.cites)
        pieces.append(markdown[position : group[0].start].rstrip(" "))
        pieces.append(note_call(number))
        position = group[-1].end
        section = _section_at(sections, starts, group[0].start)
        passages.append(CitingPassage(anchor=f"fnref:{label}", section=section, cites=cites))
        notes.append(note_item(label, number, cites, library, context))
    pieces.append(markdown[position:])
    body = "".join(pieces).rstrip("\n")
    return f"{body}\n\n{NOTES_HEADING}\n\n{NOTES_MARKER}\n", notes_html(notes), passages
