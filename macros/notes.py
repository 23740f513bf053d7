"""Turn citation markers into numbered notes (pure: Markdown in, Markdown out).

Each marker, or run of adjacent markers, becomes one Markdown footnote whose
text gives, per source cited: the short reference and locator, the précis of
the cited paragraphs, a link to them on the annotated source page, and the
full formatted reference (with the original's address where one is known).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .citations import Cite, CitationBlock, group_adjacent, mask_code
from .library import Library
from .links import relative_md_link, source_src

NOTE_PREFIX = "cite-"
NOTES_HEADING = "## Notes"
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{[^}]*\})?\s*#*\s*$", re.M)


@dataclass(frozen=True)
class CitingPassage:
    """One marker on one page: where it is and what it cites (for backlinks and the matrix)."""

    anchor: str  # the id of the marker in the built page
    section: str  # the heading the marker stands under ('' before the first heading)
    cites: tuple[Cite, ...]


def cite_note(cite: Cite, library: Library, page_src: str) -> str:
    ref = library.references[cite.key]
    locator = cite.locator
    head = f"**{ref.label}{', ' + locator.text if locator else ''}.**"
    if library.is_annotated(cite.key) and locator and locator.paragraphs:
        precis = " ".join(
            f"¶ {n}: {library.precis(cite.key, n) or ''}".strip() for n in locator.paragraphs
        )
        link = relative_md_link(page_src, source_src(cite.key), locator.anchor)
        return f"{head} {precis} [Précis of {locator.text} →]({link}){{ .note__precis-link }}<br>{ref.full_html}"
    return f"{head} {ref.full_html}"


def note_text(cites: tuple[Cite, ...], library: Library, page_src: str) -> str:
    """Footnote body: one paragraph per source cited, continuation lines indented for Markdown."""
    return "\n\n    ".join(cite_note(cite, library, page_src) for cite in cites)


def _sections(masked: str) -> list[tuple[int, str]]:
    return [(match.start(), match.group(2).strip()) for match in _HEADING.finditer(masked)]


def _section_at(sections: list[tuple[int, str]], starts: list[int], position: int) -> str:
    """The title of the last heading that starts before `position` ('' before the first)."""
    index = bisect_left(starts, position)
    return sections[index - 1][1] if index else ""


def render_citations(markdown: str, blocks: list[CitationBlock], library: Library, page_src: str) -> tuple[str, list[CitingPassage]]:
    """Replace every (valid) citation block with a note reference and append the notes."""
    if not blocks:
        return markdown, []
    sections = _sections(mask_code(markdown))
    starts = [start for start, _ in sections]
    pieces, notes, passages = [], [], []
    position = 0
    for number, group in enumerate(group_adjacent(markdown, blocks), 1):
        label = f"{NOTE_PREFIX}{number}"
        cites = tuple(cite for block in group for cite in block.cites)
        pieces.append(markdown[position : group[0].start].rstrip(" "))
        pieces.append(f"[^{label}]")
        position = group[-1].end
        section = _section_at(sections, starts, group[0].start)
        passages.append(CitingPassage(anchor=f"fnref:{label}", section=section, cites=cites))
        notes.append(f"[^{label}]: {note_text(cites, library, page_src)}")
    pieces.append(markdown[position:])
    body = "".join(pieces).rstrip("\n")
    return f"{body}\n\n{NOTES_HEADING}\n\n" + "\n\n".join(notes) + "\n", passages
