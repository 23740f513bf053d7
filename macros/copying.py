"""Find text copied from the sources: runs of RUN_LENGTH or more consecutive words outside quotations.

A text is read whole, not line by line, so a run wrapped over several lines is
found too. Each word keeps its place in the text, so a problem names its line.

The checks look for a run through fixed windows of the source's words: a window
of WINDOW words starts at every STEP-th word of a paragraph. With
WINDOW + STEP - 1 == RUN_LENGTH, every run of RUN_LENGTH words holds one whole
window, so no copied run can slip between them. The fingerprint of a source
(macros/fingerprint.py) keeps only these windows' digests; README, “Checking
without the articles”, says why the windows are spaced out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Callable, Iterable

RUN_LENGTH = 12
WINDOW, STEP = 7, 6
assert WINDOW + STEP - 1 == RUN_LENGTH and STEP <= WINDOW
_WORD = re.compile(r"[\w’'-]+")
_QUOTED = re.compile(r"“[^“”]*”")


def words(text: str) -> list[str]:
    return [normal_word(word) for word in _WORD.findall(text)]


def normal_word(word: str) -> str:
    return word.lower().replace("’", "'")


@dataclass(frozen=True)
class Words:
    """The words of a text (normalised) and where each starts in it."""

    text: str
    tokens: tuple[str, ...]
    starts: tuple[int, ...]

    def line(self, index: int) -> int:
        return self.text.count("\n", 0, self.starts[index]) + 1

    def phrase(self, start: int, end: int) -> str:
        """The text's own words from token `start` to `end` (exclusive), on one line."""
        stop = self.starts[end - 1] + len(self.text[self.starts[end - 1]:].split(None, 1)[0])
        return " ".join(self.text[self.starts[start]:stop].split())


_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with each (start, end) span replaced by spaces, lines and offsets kept."""
    pieces, position = [], 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        pieces += [text[position:start], _NOT_NEWLINE.sub(" ", text[start:end])]
        position = end
    return "".join(pieces) + text[position:]


def outside_quotations(text: str, extra_spans: Iterable[tuple[int, int]] = ()) -> Words:
    """The words of a text, without those inside “…” or in the spans given (quotation fields)."""
    spans = [match.span() for match in _QUOTED.finditer(text)] + list(extra_spans)
    kept = blank(text, spans)
    normal = kept.lower().replace("’", "'")
    if len(normal) == len(kept):  # normalised at once, offsets unchanged (the usual case)
        found = list(_WORD.finditer(normal))
        return Words(text, tuple(m.group() for m in found), tuple(m.start() for m in found))
    found = list(_WORD.finditer(kept))
    return Words(text, tuple(normal_word(m.group()) for m in found), tuple(m.start() for m in found))


def source_windows(paragraph: str) -> list[tuple[int, tuple[str, ...]]]:
    """(position, words) of every window a paragraph's fingerprint keeps: one at every STEP-th word."""
    tokens = words(paragraph)
    return [(start, tuple(tokens[start:start + WINDOW])) for start in range(0, len(tokens) - WINDOW + 1, STEP)]


@dataclass(frozen=True)
class Hit:
    """A window of the text equal to one of a source's windows."""

    index: int  # where the window starts among the text's words
    window: tuple[str, ...]


def window_hits(text: Words, is_source_window: Callable[[tuple[str, ...]], bool]) -> list[list[Hit]]:
    """The text's windows that a source also has, grouped: a copied run shows as windows STEP words apart."""
    groups: list[list[Hit]] = []
    tokens = text.tokens
    for index in range(len(tokens) - WINDOW + 1):
        window = tokens[index:index + WINDOW]
        if not is_source_window(window):
            continue
        if groups and index - groups[-1][-1].index <= STEP:
            groups[-1].append(Hit(index, window))
        else:
            groups.append([Hit(index, window)])
    return groups


def run_around(text: Words, index: int, paragraph: list[str], position: int) -> tuple[int, int]:
    """(start, end) in the text of the longest run equal to the paragraph's words around a window."""
    start, source = index, position
    while start > 0 and source > 0 and text.tokens[start - 1] == paragraph[source - 1]:
        start, source = start - 1, source - 1
    end, source = index + WINDOW, position + WINDOW
    while end < len(text.tokens) and source < len(paragraph) and text.tokens[end] == paragraph[source]:
        end, source = end + 1, source + 1
    return start, end
