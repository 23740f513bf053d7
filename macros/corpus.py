"""Read the paragraph-numbered corpus of source texts (read-only evidence)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

CORPUS_ENV = "BRIEFING_CORPUS"
_PARA_LINE = re.compile(r"^\[para (\d+)\] (.*)$")


@dataclass(frozen=True)
class CorpusText:
    key: str
    header: dict[str, str]
    paragraphs: dict[int, str] = field(default_factory=dict)


def parse_corpus_text(key: str, text: str) -> CorpusText:
    """Split one corpus file into its header fields and numbered paragraphs."""
    header: dict[str, str] = {}
    paragraphs: dict[int, str] = {}
    lines = text.splitlines()
    in_header = bool(lines) and lines[0].strip() == "---"
    for number, line in enumerate(lines):
        if in_header:
            if number > 0 and line.strip() == "---":
                in_header = False
            elif ":" in line:
                name, value = line.split(":", 1)
                header[name.strip()] = value.strip()
            continue
        match = _PARA_LINE.match(line)
        if match:
            paragraphs[int(match.group(1))] = match.group(2).strip()
    return CorpusText(key=key, header=header, paragraphs=paragraphs)


def corpus_dir_from_env(explicit: str | os.PathLike | None = None) -> Path | None:
    """The corpus folder given explicitly or by $BRIEFING_CORPUS, else None."""
    value = explicit or os.environ.get(CORPUS_ENV)
    return Path(value) if value else None


@lru_cache(maxsize=4)
def load_corpus(folder: Path) -> dict[str, CorpusText]:
    """Every `<key>.txt` in the folder, parsed. Cached: the corpus never changes mid-run."""
    if not folder.is_dir():
        raise FileNotFoundError(
            f"corpus folder {folder} does not exist: set {CORPUS_ENV} to the folder "
            "that holds the paragraph-numbered texts (in CI: ../shared/corpus)"
        )
    return {
        path.stem: parse_corpus_text(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.txt"))
    }
