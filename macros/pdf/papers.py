"""The paper sizes the PDF is written in, the one sheet the book is typeset on for all of them,
and what writing one gives.

The book is typeset once, on a sheet as wide as the narrowest paper and as tall as the
shortest, and each paper's PDF is that document with the paper's own page box centred
around the sheet. Every paper thus has the same pages: "p. 37" in an A4 copy is p. 37 in
a US Letter one, and the book costs one typesetting, not one per paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Paper:
    name: str  # as the report names it
    width: float  # mm
    height: float  # mm
    suffix: str  # added to the output's name: '' for the default paper


A4 = Paper("A4", 210, 297, "")
LETTER = Paper("US Letter", 215.9, 279.4, "-letter")
PAPERS = (A4, LETTER)


@dataclass(frozen=True)
class Sheet:
    """The page the book is typeset on, in mm: it fits on every paper it is printed on."""
    width: float
    height: float


def common_sheet(papers: tuple[Paper, ...] | list[Paper]) -> Sheet:
    return Sheet(min(paper.width for paper in papers), min(paper.height for paper in papers))


def page_box(paper: Paper, sheet: Sheet) -> tuple[float, float, float, float]:
    """The paper's page box (left, bottom, right, top, in points) around the sheet, which is
    typeset with its corner at the origin: the sheet sits in the middle of the paper."""
    left = (paper.width - sheet.width) / 2 * POINTS_PER_MM
    below = (paper.height - sheet.height) / 2 * POINTS_PER_MM
    return (-left, -below, sheet.width * POINTS_PER_MM + left, sheet.height * POINTS_PER_MM + below)


@dataclass(frozen=True)
class Written:
    path: Path
    paper: Paper
    pages: int
    seconds: float  # typesetting and writing, wall clock (one typesetting serves every paper)
    cpu_seconds: float  # the same in processor time, every thread of this process counted


def output_path(out: Path, paper: Paper) -> Path:
    return out.with_name(out.stem + paper.suffix + out.suffix)
