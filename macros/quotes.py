"""Check quotations against the corpus: short, verbatim, in the paragraph cited."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
    """How many characters of the quotation match the paragraph before the first that does not.

    Each piece is aligned with the paragraph ignoring case (so a changed capital is found where it is),
    then compared character for character.
    """
    position, matched, lowered = 0, 0, paragraph.lower()
    for piece in _ELLIPSIS.finditer(quote + "…"):
        text = quote[matched:piece.start()]
        length = len(text)
        while length and lowered.find(text[:length].lower(), position) < 0:
            length -= 1
        found = lowered.find(text[:length].lower(), position)
        for index in range(length):
            if text[index] != paragraph[found + index]:
                return matched + index
        if length < len(text):
            return matched + length
        position, matched = found + length, piece.end()
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


@lru_cache(maxsize=4096)  # the checks ask twice per file: for its quotations, and for the text outside them
def key_passage_spans(text: str) -> list[tuple[int, int, int]]:
    """(line, start, end) of every key passage's quotation in a source's data file (its YAML text)."""
    try:
        tree = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return []  # the library reports the malformed file
    spans = []
    for name, value in tree.value if isinstance(tree, yaml.MappingNode) else []:
        if name.value == "key_passages" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                for field, node in item.value if isinstance(item, yaml.MappingNode) else []:
                    if field.value == "quote":
                        spans.append((node.start_mark.line + 1, node.start_mark.index, node.end_mark.index))
    return spans


def key_passage_lines(text: str) -> list[int]:
    return [line for line, _, _ in key_passage_spans(text)]
