"""Detect text copied from the corpus: runs of 12 or more consecutive words outside quotations."""

from __future__ import annotations

import re

RUN_LENGTH = 12
_WORD = re.compile(r"[\w’'-]+")
_QUOTED = re.compile(r"“[^“”]*”")


def words(text: str) -> list[str]:
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def run_index(paragraphs: dict[tuple[str, int], str]) -> dict[tuple[str, ...], tuple[str, int]]:
    """Every run of RUN_LENGTH words in the corpus -> (key, paragraph) where it occurs."""
    index: dict[tuple[str, ...], tuple[str, int]] = {}
    for where, text in paragraphs.items():
        tokens = words(text)
        for start in range(len(tokens) - RUN_LENGTH + 1):
            index.setdefault(tuple(tokens[start : start + RUN_LENGTH]), where)
    return index


def copied_runs(text: str, index: dict[tuple[str, ...], tuple[str, int]]) -> list[tuple[str, tuple[str, int]]]:
    """Runs of the text (with “…” quotations removed) found in the corpus, with where they come from."""
    tokens = words(_QUOTED.sub(" ", text))
    found = []
    start = 0
    while start <= len(tokens) - RUN_LENGTH:
        run = tuple(tokens[start : start + RUN_LENGTH])
        if run in index:
            found.append((" ".join(run), index[run]))
            start += RUN_LENGTH
        else:
            start += 1
    return found
