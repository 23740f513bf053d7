"""The paper sizes the PDF is written in, and what writing one gives: no WeasyPrint here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paper:
    name: str  # as the report names it
    typst_paper: str  # as Typst's page(paper:) names it
    suffix: str  # added to the output's name: '' for the default paper


A4 = Paper("A4", "a4", "")
LETTER = Paper("US Letter", "us-letter", "-letter")
PAPERS = (A4, LETTER)


@dataclass(frozen=True)
class Written:
    path: Path
    paper: Paper
    pages: int
    seconds: float  # layout and writing of this paper, wall clock
    cpu_seconds: float  # the same in processor time: lower than seconds when the machine is busy


def output_path(out: Path, paper: Paper) -> Path:
    return out.with_name(out.stem + paper.suffix + out.suffix)
