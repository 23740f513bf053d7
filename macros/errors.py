"""Problems found in the book's sources, reported with file, line and the fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}. Fix: {self.fix}"


class BookError(Exception):
    """Raised with every problem found, so a contributor can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the briefing book's sources:"
        super().__init__("\n".join([heading, *(f"  - {p}" for p in self.problems)]))


def line_of(text: str, needle: str, start_line: int = 1) -> int | None:
    """The 1-based line of the first occurrence of needle in text, or None."""
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + start_line
