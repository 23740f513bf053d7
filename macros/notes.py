"""Turn citation markers into numbered notes.

Each marker, or run of adjacent markers, becomes a note call in the Markdown
and one note in a list written as HTML. Citing the same paragraphs again calls
the same note, which then leads back to each of its calls. A note gives, per
source cited, the short reference and locator (a link to the paragraph on the
annotated source page) and, for the tooltip and for print, the précis of the
cited paragraphs, or the full reference of a work that is not annotated. On
screen the list of notes shows the short references alone: the précis is one
hover away and on the source page, the full reference in the bibliography.

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
    bibliography_url: str | None = None  # the bibliography page, relative to the citing page, if the book has one


def _short_reference(cite: Cite, library: Library) -> str:
    ref = library.references[cite.key]
    locator = cite.locator
    return f"{ref.label}, {locator.text}" if locator else ref.label


def cite_note(cite: Cite, library: Library, context: NoteContext) -> str:
    """One source's part of a note, as inline HTML: the short reference, and what a tooltip adds.

    On screen the note shows the short reference, a link to the paragraph when the source is
    annotated; the précis (or, for a work not annotated, the full reference) is in a span the
    page's style shows only in the tooltip and in print.
    """
    ref = library.references[cite.key]
    locator = cite.locator
    head = f"<strong>{html.escape(_short_reference(cite, library))}</strong>"
    if library.is_annotated(cite.key) and locator and locator.paragraphs:
        texts = [(n, context.precis_html(library.precis(cite.key, n) or "")) for n in locator.paragraphs]
        precis = texts[0][1] if len(texts) == 1 else " ".join(f"¶ {n} {text}" for n, text in texts)
        link = html.escape(f"{context.source_url(cite.key)}#{locator.anchor}")
        return f'<a class="note__precis-link" href="{link}">{head}</a><span class="note__precis">: {precis}</span>'
    if context.bibliography_url is not None:  # its entry in the bibliography (the PDF prints the note short)
        link = html.escape(f"{context.bibliography_url}#{cite.key}")
        head = f'<a class="note__reference-link" href="{link}">{head}</a>'
    return f'{head}<span class="note__precis">: {ref.full_html}</span>'


def note_reference(label: str, number: int, occurrence: int = 1) -> str:
    """A note's call: the first call of a note is `fnref:<label>`, a later one `fnref:<label>-<occurrence>`."""
    anchor = f"fnref:{label}" if occurrence == 1 else f"fnref:{label}-{occurrence}"
    return f'<sup id="{anchor}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'


# In the Markdown a note's call is its number (and, for a note called again, which call) between two
# characters of Unicode's private use area, which Markdown passes through as plain text; note_calls_html
# makes them links once Markdown is done. (Inline HTML in their place cost Markdown a pattern match and
# a stash for every citation.)
_NOTE_CALL = re.compile("\ue000(\\d+)(?:\\.(\\d+))?\ue001")


def note_call(number: int, occurrence: int = 1) -> str:
    return f"\ue000{number}\ue001" if occurrence == 1 else f"\ue000{number}.{occurrence}\ue001"


def note_calls_html(html_text: str) -> str:
    """The page's HTML with every note call a superscript link to its note."""
    if "\ue000" not in html_text:
        return html_text
    return _NOTE_CALL.sub(lambda found: note_reference(f"{NOTE_PREFIX}{found[1]}", int(found[1]), int(found[2] or 1)),
                          html_text)


def without_note_calls(text: str) -> str:
    """Plain text (a heading's entry in the contents) without the calls of notes."""
    return _NOTE_CALL.sub("", text) if "\ue000" in text else text


def note_item(label: str, number: int, cites: tuple[Cite, ...], library: Library, context: NoteContext,
              calls: int = 1) -> str:
    """One note: a paragraph per source cited, the ways back to each of its calls at the end of the last."""
    body = "</p><p>".join(cite_note(cite, library, context) for cite in cites)
    back = "".join(
        f'&#160;<a class="footnote-backref" href="#fnref:{label}{"" if call == 1 else f"-{call}"}" '
        f'title="Jump back to citation {number} in the text">&#8617;{"" if call == 1 else f"<sup>{call}</sup>"}</a>'
        for call in range(1, calls + 1)
    )
    return f'<li id="fn:{label}">\n<p>{body}{back}</p>\n</li>\n'


def notes_html(items: list[str]) -> str:
    return '<div class="footnote">\n<hr />\n<ol>\n' + "".join(items) + "</ol>\n</div>"


def _sections(masked: str) -> list[tuple[int, str]]:
    return [(match.start(), match.group(2).strip()) for match in _HEADING.finditer(masked)]


def _section_at(sections: list[tuple[int, str]], starts: list[int], position: int) -> str:
    """The title of the last heading that starts before `position` ('' before the first)."""
    index = bisect_left(starts, position)
    return sections[index - 1][1] if index else ""


def _before_call(text: str) -> str:
    """The text before a note's call, without the space or line break that would show before it
    (a marker written on a line of its own continues the line above, unless that is a heading)."""
    text = text.rstrip(" \t")
    if text.endswith("\n") and not text.endswith("\n\n"):
        above = text[:-1].rsplit("\n", 1)[-1]
        if above.strip() and not above.lstrip().startswith(("#", "|", "<")):
            text = text[:-1].rstrip(" \t")
    return text


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
    pieces, passages = [], []
    # A note per distinct citation: citing the same paragraphs again calls the same note.
    notes: dict[tuple, tuple[int, tuple[Cite, ...], list[int]]] = {}
    position = 0
    for group in group_adjacent(markdown, blocks):
        cites = tuple(cite for block in group for cite in block.cites)
        signature = tuple((cite.key, cite.locator.text if cite.locator else "") for cite in cites)
        number, _, calls = notes.setdefault(signature, (len(notes) + 1, cites, [0]))
        calls[0] += 1
        label = f"{NOTE_PREFIX}{number}"
        pieces.append(_before_call(markdown[position : group[0].start]))
        pieces.append(note_call(number, calls[0]))
        position = group[-1].end
        section = _section_at(sections, starts, group[0].start)
        anchor = f"fnref:{label}" if calls[0] == 1 else f"fnref:{label}-{calls[0]}"
        passages.append(CitingPassage(anchor=anchor, section=section, cites=cites))
    pieces.append(markdown[position:])
    body = "".join(pieces).rstrip("\n")
    items = [note_item(f"{NOTE_PREFIX}{number}", number, cites, library, context, calls[0])
             for number, cites, calls in notes.values()]
    return f"{body}\n\n{NOTES_HEADING}\n\n{NOTES_MARKER}\n", notes_html(items), passages
