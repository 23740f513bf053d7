"""Corrections the register knows, kept in the prose.

An entry of sources/disagreements.yml may list `corrections`: a source's
variant (a regular expression) and the record's value (one or more
spellings of it). Any sentence of a page or a data text that states the
variant must also give the record's value, so that a source's error is
never repeated as if it were the fact; the variant may still be named as
the source's. The register itself states the variants on purpose and is
not read, nor are key passages, which quote the source verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable, Iterator

from .errors import Problem

REGISTER = "sources/disagreements.yml"

# A citation marker holds "para. N" and semicolons; it never ends a sentence.
_MARKER = re.compile(r"\[@[^\]]*\]")
# A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”’\")\]*]*\s+(?=[*“‘\"(\[]*[A-Z])")
# A new block of text: a blank line, a YAML key, a list item or a heading.
_BLOCK_START = re.compile(r"^\s*(?:$|(?:- )?[A-Za-z_][\w-]*:(?:\s|$)|(?:[-*+]|\d+\.)\s|#)")
_QUOTE_KEY = re.compile(r"^\s*(?:- )?quote:")


@dataclass(frozen=True)
class Correction:
    entry: str
    variant: re.Pattern
    record: tuple[str, ...]


def corrections_in(register: list[dict]) -> tuple[list[Correction], list[Problem]]:
    """The register's corrections, and a problem for each variant that is not a valid expression."""
    found: list[Correction] = []
    problems: list[Problem] = []
    for entry in register or []:
        for item in entry.get("corrections", []):
            try:
                variant = re.compile(item["variant"])
            except re.error as error:
                problems.append(Problem(REGISTER, None, f"in '{entry['id']}', the variant {item['variant']!r} is not a "
                                        f"valid regular expression ({error})",
                                        "escape special characters such as ( ) . with a backslash"))
                continue
            found.append(Correction(entry["id"], variant, tuple(item["record"])))
    return found, problems


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each paragraph, list item or YAML value; key passages left out."""
    start = 1
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if _BLOCK_START.match(line) and lines:
            yield start, "\n".join(lines)
            lines = []
        if not lines:
            start = number
        lines.append(line)
    if lines:
        yield start, "\n".join(lines)


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(line, sentence) for every sentence of a text, citation markers blanked out."""
    for start, block in _blocks(text):
        if _QUOTE_KEY.match(block):
            continue
        plain = _MARKER.sub(lambda marker: re.sub(r"[^\n]", " ", marker.group()), block)
        position = 0
        for end in [*(m.start() for m in _SENTENCE_END.finditer(plain)), len(plain)]:
            sentence = plain[position:end]
            if sentence.strip():
                offset = position + len(sentence) - len(sentence.lstrip())
                yield start + plain.count("\n", 0, offset), " ".join(sentence.split())  # YAML folds lines
            position = end


def correction_problems(text: str, path: str, register: list[dict]) -> list[Problem]:
    """Each sentence of `text` that states a variant the register corrects without the record's value."""
    if path == REGISTER:
        return []
    corrections, _ = corrections_in(register)
    flat = " ".join(text.split())
    corrections = [correction for correction in corrections if correction.variant.search(flat)]
    if not corrections:
        return []  # most files state no variant: skip splitting them into sentences
    problems = []
    for line, sentence in sentences(text):
        for correction in corrections:
            match = correction.variant.search(sentence)
            if match and not any(value in sentence for value in correction.record):
                record = " or ".join(f"'{value}'" for value in correction.record)
                problems.append(Problem(
                    path, line,
                    f"'{match.group()}' is a source's variant that the register corrects ({correction.entry}), "
                    f"and this sentence does not give the record's value",
                    f"give the record's value ({record}) in the same sentence, citing its record.bib entry; "
                    f"the variant may stay as the source's (see the register entry '{correction.entry}')"))
    return problems


def data_correction_problems(texts: dict[str, str], register: list[dict]) -> list[Problem]:
    """The register's own problems, then those of every data file's text (path relative to the book)."""
    problems = corrections_in(register)[1]
    return problems + [problem for path, text in texts.items() for problem in correction_problems(text, path, register)]


def page_correction_problems(root: Path, pages: Iterable[Path], register: list[dict]) -> list[Problem]:
    """The problems of every page, named relative to the book's folder."""
    return [problem for page in pages
            for problem in correction_problems(page.read_text(encoding="utf-8"), page.relative_to(root).as_posix(), register)]
