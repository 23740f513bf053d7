"""Check quotations against the corpus: short, verbatim, in the paragraph cited."""

from __future__ import annotations

import re

MAX_QUOTE_WORDS = 30
MAX_QUOTES_PER_SOURCE = 8
# An ellipsis marks an omission inside a quotation; each piece must appear in order.
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")


def quote_word_count(quote: str) -> int:
    return len(_ELLIPSIS.sub(" ", quote).split())


def quote_pieces(quote: str) -> list[str]:
    return [piece for piece in _ELLIPSIS.split(quote.strip()) if piece]


def quote_matches(quote: str, paragraph: str) -> bool:
    """True when every piece of the quotation occurs verbatim, in order, in the paragraph."""
    position = 0
    for piece in quote_pieces(quote):
        found = paragraph.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return bool(quote_pieces(quote))


def first_difference(quote: str, paragraph: str) -> int:
    """How many characters of the quotation match the paragraph before the first that does not."""
    position, matched = 0, 0
    for piece in _ELLIPSIS.finditer(quote + "…"):
        text = quote[matched:piece.start()]
        if not text:
            matched = piece.end()
            continue
        found = paragraph.find(text, position)
        if found < 0:
            length = len(text)
            while length and paragraph.find(text[:length], position) < 0:
                length -= 1
            return matched + length
        position, matched = found + len(text), piece.end()
    return len(quote)


def quote_problem(quote: str, paragraphs: dict[int, str], numbers: list[int]) -> str | None:
    """A plain-words problem with this quotation, or None when it is sound."""
    quote = " ".join(quote.split())
    words = quote_word_count(quote)
    if words > MAX_QUOTE_WORDS:
        return f"the quotation has {words} words; quotations are at most {MAX_QUOTE_WORDS} words"
    if any(quote_matches(quote, paragraphs.get(number, "")) for number in numbers):
        return None
    elsewhere = [n for n, text in paragraphs.items() if quote_matches(quote, text)]
    if elsewhere:
        where = ", ".join(f"para. {n}" for n in numbers)
        return f"the quotation is not found verbatim in {where}; it is found in para. {elsewhere[0]}: correct the locator"
    closest = max(numbers, key=lambda n: first_difference(quote, paragraphs.get(n, "")))
    at = first_difference(quote, paragraphs.get(closest, ""))
    shown = f"{'…' if at > 25 else ''}{quote[max(0, at - 25):at]}⟦{quote[at:at + 25]}⟧{'…' if at + 25 < len(quote) else ''}"
    return (f"the quotation differs from para. {closest} at its character {at + 1} (marked ⟦ ⟧: “{shown}”; "
            "typographic quotes and dashes count)")


# A quotation in a page: typographic double quotes, in the same paragraph as the citation that follows them.
_QUOTATION = re.compile(r"“([^“”]+)”")
# Where a paragraph starts: after a blank line, or at a list item or a data field (`text: `).
_PARAGRAPH_START = re.compile(r"\n[ \t]*\n|\n[ \t]*(?:[-*+] |\d+\. |[\w-]+: )")


def marked_quotations(markdown: str):
    """(line, quotation, citation block) for every “…” in a paragraph, checked against the next citation in it.

    The whole text is read, so a quotation wrapped over lines is found; its line is where it opens.
    """
    from .citations import find_citation_blocks

    previous_end = 0
    for block in find_citation_blocks(markdown):
        start = previous_end
        for boundary in _PARAGRAPH_START.finditer(markdown, previous_end, block.start):
            start = boundary.end()
        for match in _QUOTATION.finditer(markdown, start, block.start):
            yield markdown.count("\n", 0, match.start()) + 1, match.group(1), block
        previous_end = block.end
