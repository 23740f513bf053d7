"""Notes in print: short references whose locators link to the paragraphs' précis.

On the site a note gives, per source cited, the short reference and locator, a link
to the paragraph (`note__precis-link`), and in a span the page shows only in its
tooltip (`note__precis`) the précis of the cited paragraphs, or the full reference of a
work that is not annotated. The printed book carries each annotated source's précis
once, in its chapter, so a printed note reads as a publication's does,
"Basit 2021, para. 9; Mir 2022, paras. 1, 14.", each reference a link to the first
cited paragraph's précis in the PDF, and the précis span is left out. On paper the
Sources part, its chapters in the contents and its paragraphs numbered, is where a
reader turns.

A work with no page of its own (a news report, say) is cited the same way, "Dawn 2014,
p. 104", the link leading to its entry in the printed bibliography, where its full
reference is; the site's note carries that reference in its tooltip.

Typst prints each link's page after it ("Basit 2021, para. 9, p. 33") and puts the
note at the foot of the page that calls it. A source whose précis or bibliography entry
is not printed keeps its note as on the site, the span's précis or full reference
included, so that nothing the note says is lost.
"""

from __future__ import annotations

from collections.abc import Iterator

from .tree import Element, child_elements, empty, first, new, replace, text, with_class

PRECIS_LINK = "note__precis-link"
REFERENCE_LINK = "note__reference-link"  # a work with no page of its own: its entry in the bibliography


def _short_reference(paragraph: Element) -> str | None:
    """The paragraph's short reference and locator ('Mir 2022, para. 3'), from its <strong>."""
    reference = first(paragraph, "strong")
    return None if reference is None else text(reference).strip().removesuffix(".")


def _printed_reference(paragraph: Element) -> tuple[str, str] | None:
    """(short reference with locator, its address) if the paragraph cites a printed précis or a work
    whose entry the printed bibliography holds (links the PDF kept point inside it: '#…')."""
    link = next((a for kind in (PRECIS_LINK, REFERENCE_LINK) for a in with_class(paragraph, kind, "a")
                 if a.get("href", "").startswith("#")), None)
    reference = _short_reference(paragraph)
    if link is None or reference is None:
        return None
    return reference, link.get("href")


def _joined(references: list[tuple[str, str]]) -> Element:
    """One paragraph: the references as links, separated by semicolons, ending in a full stop."""
    paragraph = new("p")
    for index, (reference, href) in enumerate(references):
        link = new("a", reference, href=href)
        link.tail = "; " if index < len(references) - 1 else "."
        paragraph.append(link)
    return paragraph


def _notes(article: Element) -> Iterator[tuple[Element, list[Element]]]:
    """Each note of the article's list of notes, with its paragraphs (one per cited work)."""
    for notes in with_class(article, "footnote", "div"):
        for note in list(notes.iterdescendants("li")):  # listed first: the loop's caller edits them
            yield note, child_elements(note, {"p"})


def shorten_printed_notes(article: Element) -> int:
    """Shorten every citation of a printed précis in the article's notes; returns how many were."""
    shortened = 0
    for note, paragraphs in _notes(article):
        references = [_printed_reference(paragraph) for paragraph in paragraphs]
        found = [reference for reference in references if reference]
        shortened += len(found)
        if found and len(found) == len(paragraphs):  # the whole note in one line
            empty(note)
            note.append(_joined(found))
            continue
        for paragraph, reference in zip(paragraphs, references, strict=False):
            if reference:
                replace(paragraph, _joined([reference]))
    return shortened


def short_references_only(article: Element) -> int:
    """The two-page brief's notes: each cited work as its short reference and locator alone.

    The brief is printed without the Sources part and the bibliography, so its notes
    cannot point to a précis on another page, and the précis would take the space of the
    brief itself; "Basit 2021, para. 9" leads the reader to the book. Returns how many notes.
    """
    count = 0
    for note, paragraphs in _notes(article):
        references = [reference for paragraph in paragraphs if (reference := _short_reference(paragraph)) is not None]
        if not references:
            continue
        empty(note)
        note.append(new("p", "; ".join(references) + "."))
        count += 1
    return count
