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


def quote_problem(quote: str, paragraphs: dict[int, str], numbers: list[int]) -> str | None:
    """A plain-words problem with this quotation, or None when it is sound."""
    words = quote_word_count(quote)
    if words > MAX_QUOTE_WORDS:
        return f"the quotation has {words} words; quotations are at most {MAX_QUOTE_WORDS} words"
    if any(quote_matches(quote, paragraphs.get(number, "")) for number in numbers):
        return None
    where = ", ".join(f"para. {n}" for n in numbers)
    elsewhere = [n for n, text in paragraphs.items() if quote_matches(quote, text)]
    hint = f"; it is found in para. {elsewhere[0]}: correct the locator" if elsewhere else (
        "; copy it character for character from the corpus, typographic quotes and dashes included"
    )
    return f"the quotation is not found verbatim in {where}{hint}"


# A quotation in a page: typographic double quotes in the same line as the citation that follows them.
_QUOTATION = re.compile(r"“([^“”]+)”")


def marked_quotations(markdown: str):
    """(line, quotation, citation block) for every “…” in a line, checked against the next citation in that line."""
    from .citations import find_citation_blocks

    previous_end = 0
    for block in find_citation_blocks(markdown):
        line_start = markdown.rfind("\n", 0, block.start) + 1
        for match in _QUOTATION.finditer(markdown, max(line_start, previous_end), block.start):
            yield block.line, match.group(1), block
        previous_end = block.end
