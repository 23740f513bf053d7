"""Find and parse citation markers such as `[@mir2022, para. 12]` in Markdown.

The syntax is pandoc's, narrowed to what the book needs: one or more `@key`
citations joined by `;`, each with an optional locator. Annotated sources are
cited by paragraph (`para. 12`, `paras. 12-14`, `paras. 3, 7`); other
references may take a page locator (`p. 3`, `pp. 3-5`) or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# `[@...]` not followed by `(` or `[`: those are links. (Link definitions are skipped below.)
_BLOCK = re.compile(r"(?<![\\!])\[(\s*@[^\[\]\n]*)\](?![(\[])")
_LINK_DEFINITION_START = re.compile(r"(?:^|\n) {0,3}$")
_CITE = re.compile(r"^@(?P<key>[^\s,;]+)(?:\s*,\s*(?P<locator>.*))?$")
_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)

_PARA = re.compile(r"^para\.\s+(\S+)$")
_PARAS_RANGE = re.compile(r"^paras\.\s+(\d+)\s*[-–]\s*(\d+)$")
_PARAS_LIST = re.compile(r"^paras\.\s+(\d+(?:\s*,\s*\d+)+)$")
_PAGES = re.compile(r"^(p\.\s+\d+|pp\.\s+\d+\s*[-–]\s*\d+)$")

LOCATOR_FORMS = "para. N, paras. N-M or paras. N, M"


class LocatorError(ValueError):
    """A locator that cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class Locator:
    text: str
    paragraphs: tuple[int, ...] = ()
    is_page: bool = False

    @property
    def anchor(self) -> str | None:
        return f"para-{self.paragraphs[0]}" if self.paragraphs else None


@dataclass(frozen=True)
class Cite:
    key: str
    locator: Locator | None


@dataclass(frozen=True)
class CitationBlock:
    start: int
    end: int
    line: int
    raw: str
    cites: tuple[Cite, ...]
    errors: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def parse_locator(text: str) -> Locator:
    """Read a locator; raise LocatorError with the fix when it is malformed.

    Cached (a book repeats the same few locators thousands of times); a Locator is immutable.
    """
    text = " ".join(text.split())
    if _PAGES.match(text):
        return Locator(text=text, is_page=True)
    if match := _PARAS_RANGE.match(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first < 1 or last <= first:
            raise LocatorError(f"'{text}' is not a rising range of paragraphs: write paras. N-M with N < M, from 1")
        return Locator(text=text.replace("-", "–"), paragraphs=tuple(range(first, last + 1)))
    if match := _PARAS_LIST.match(text):
        numbers = tuple(int(n) for n in re.split(r"\s*,\s*", match.group(1)))
        if min(numbers) < 1:
            raise LocatorError(f"'{text}' names paragraph 0: paragraphs are numbered from 1")
        return Locator(text=text, paragraphs=numbers)
    if match := _PARA.match(text):
        if not match.group(1).isdigit():
            raise LocatorError(f"'{text}' is not a paragraph number: write {LOCATOR_FORMS}")
        number = int(match.group(1))
        if number < 1:
            raise LocatorError(f"'{text}' names paragraph 0: paragraphs are numbered from 1")
        return Locator(text=text, paragraphs=(number,))
    raise LocatorError(f"'{text}' is not a locator the book reads: write {LOCATOR_FORMS}")


@lru_cache(maxsize=65536)
def parse_cite(text: str) -> Cite:
    match = _CITE.match(text.strip())
    if not match:
        raise LocatorError(f"'{text.strip()}' is not a citation: write @key, para. N")
    key = match.group("key")
    if not _KEY.match(key):
        raise LocatorError(f"'@{key}' is not a valid key: keys use only letters, digits, '-' and '_'")
    locator_text = match.group("locator")
    if locator_text is not None and "@" in locator_text:
        raise LocatorError("several sources in one marker are separated by ';', not ','")
    locator = parse_locator(locator_text) if locator_text else None
    return Cite(key=key, locator=locator)


@lru_cache(maxsize=4)
def mask_code(markdown: str) -> str:
    """Blank out code and HTML comments, keeping offsets, so `@` in them is never read as a citation.

    Cached: a page is masked to find its markers and again to find its headings.
    """
    masked_lines = []
    fence: str | None = None
    for line in markdown.split("\n"):
        if fence is None and "`" not in line and "~" not in line:
            masked_lines.append(line)  # no fence opens and no code span starts on this line
            continue
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group("fence")
            masked_lines.append(" " * len(line))
        elif fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            masked_lines.append(" " * len(line))
        else:
            masked_lines.append(_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
    masked = "\n".join(masked_lines)
    if "<!--" not in masked:
        return masked
    return _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)


def find_citation_blocks(markdown: str) -> list[CitationBlock]:
    """Every citation marker outside code, with its line and any parse errors."""
    if "@" not in markdown:
        return []  # most texts (a précis, a page without citations) have none: no need to mask them
    blocks = []
    line, counted_to = 1, 0  # lines are counted on from the previous marker, not from the top each time
    for match in _BLOCK.finditer(mask_code(markdown)):
        if markdown.startswith(":", match.end()) and _LINK_DEFINITION_START.search(markdown, 0, match.start()):
            continue  # `[@name]: address` at the start of a line defines a link
        cites, errors = [], []
        for part in match.group(1).split(";"):
            try:
                cites.append(parse_cite(part))
            except LocatorError as error:
                errors.append(str(error))
        line += markdown.count("\n", counted_to, match.start())
        counted_to = match.start()
        blocks.append(
            CitationBlock(
                start=match.start(),
                end=match.end(),
                line=line,
                raw=match.group(0),
                cites=tuple(cites),
                errors=tuple(errors),
            )
        )
    return blocks


def group_adjacent(markdown: str, blocks: list[CitationBlock]) -> list[list[CitationBlock]]:
    """Blocks separated only by spaces become one marker, so two notes never read as one number."""
    groups: list[list[CitationBlock]] = []
    for block in blocks:
        if groups and not markdown[groups[-1][-1].end : block.start].strip():
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups
