"""Endnotes in print: each note keeps its reference, précis and link, not a repeated full reference.

On the site a note gives, per source cited, the short reference and locator, the
précis of the cited paragraphs, a link to them and the full reference, so that a
tooltip is complete on its own. The book prints the full reference of each
annotated source once, in its chapter ("How to cite") and in the bibliography;
repeating it in several hundred notes would add a fifth to the book's length and
layout time. So when the précis link points inside the PDF, what follows it (the
line break and the full reference) is dropped. Notes whose source is not printed
keep everything.
"""

from __future__ import annotations

from bs4 import Tag

from .tags import with_class

PRECIS_LINK = "note__precis-link"


def drop_repeated_references(article: Tag) -> int:
    """Shorten every note whose précis link is in the document; returns how many were."""
    shortened = 0
    for note in with_class(article, "footnote", "div"):
        for link in with_class(note, PRECIS_LINK, "a"):
            if not link.get("href", "").startswith("#"):
                continue
            for sibling in list(link.next_siblings):
                sibling.extract()
            shortened += 1
    return shortened
