"""Typeset the book's Typst markup once, into one tagged PDF (PDF/UA-1) per paper size.

Typst reads only what it is given: the markup as a string, the fonts from the
folders named here, and files under `root` (an empty folder of its own). It makes
no request to any host and reads nothing else, so a page of the site cannot make
the PDF step fetch or embed a file.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import typst
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .incremental import last_table, updated
from .papers import PAPERS, Paper, Written, common_sheet, output_path, page_box
from .viewer import on_paper, outline_opened

# The book's faces (book.typ names them): Charis SIL, DejaVu for any glyph it lacks, Noto Naskh Arabic
# for Urdu and Arabic titles in the references. PDF/UA refuses a glyph no font has, so none is lost.
FONT_FOLDERS = ("/usr/share/fonts/truetype/charis", "/usr/share/fonts/truetype/dejavu",
                "/usr/share/fonts/truetype/noto")
STANDARDS: Literal["ua-1"] = "ua-1"  # tagged, with the title shown, the language and alternative texts


class TypesetError(RuntimeError):
    """Typst refused the markup: the message says where and why."""


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    description: str
    lang: str
    edition: date


def fonts() -> typst.Fonts:
    folders = [folder for folder in FONT_FOLDERS if Path(folder).is_dir()]
    # Without the system's folders Typst still has its own fonts: a missing Charis is not fatal.
    return typst.Fonts(include_system_fonts=not folders, include_embedded_fonts=True, font_paths=folders)


def _timestamp(on: date) -> datetime:
    return datetime(on.year, on.month, on.day, tzinfo=UTC)


def typeset(markup: str, meta: Metadata, targets: list[tuple[Paper, Path]], root: Path,
            max_pages: int | None = None) -> list[Written]:
    """Write one PDF per (paper, path), all from one typesetting on the sheet every paper holds
    (`papers`). With max_pages, a document that runs longer is an error and nothing is written."""
    started, started_cpu = time.perf_counter(), time.process_time()
    sheet = common_sheet([paper for paper, _ in targets])
    compiler = typst.Compiler(root=str(root), font_paths=fonts())
    inputs = {"width": f"{sheet.width}", "height": f"{sheet.height}", "title": meta.title, "author": meta.author,
              "description": meta.description, "lang": meta.lang}
    try:
        pdf = compiler.compile(markup.encode("utf-8"), format="pdf", sys_inputs=inputs,
                               pdf_standards=STANDARDS, timestamp=_timestamp(meta.edition))
    except typst.TypstError as error:
        raise TypesetError(f"{error.message}\n{error.diagnostic}".strip()) from None
    if not isinstance(pdf, bytes):  # a PDF is one file; a list is for page images
        raise TypesetError("Typst gave no PDF")
    try:  # read once, for its pages, its bookmarks and its page boxes; strictly, as Typst writes it
        reader = PdfReader(io.BytesIO(pdf), strict=True)
    except PdfReadError as error:
        raise TypesetError(f"Typst wrote a PDF that cannot be read back: {error}") from None
    # Each paper's page boxes are set by extending Typst's cross-reference table: without one, every
    # paper would silently be the sheet.
    if last_table(pdf) is None:
        raise TypesetError("Typst wrote a PDF whose last cross-reference section is not a table, which "
                           "macros/pdf/incremental.py cannot extend: check the pinned typst version")
    pages = len(reader.pages)
    if max_pages is not None and pages > max_pages:  # nothing written: no brief is better than a long one
        raise TypesetError(f"{', '.join(path.name for _, path in targets)} would be {pages} pages; "
                           f"it must fit on {max_pages}")
    papers = {paper: updated(pdf, [outline_opened, on_paper(page_box(paper, sheet))], reader) for paper, _ in targets}
    for paper, target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(papers[paper])
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    return [Written(target, paper, pages, seconds, cpu_seconds) for paper, target in targets]


def default_targets(out: Path, papers: tuple[Paper, ...] = PAPERS) -> list[tuple[Paper, Path]]:
    return [(paper, output_path(out, paper)) for paper in papers]
