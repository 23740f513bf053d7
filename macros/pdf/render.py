"""Typeset the book's Typst markup into one tagged PDF (PDF/UA-1) per paper size.

Typst reads only what it is given: the markup as a string, the fonts from the
folders named here, and files under `root` (an empty folder of its own). It makes
no request to any host and reads nothing else, so a page of the site cannot make
the PDF step fetch or embed a file.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import typst
from pypdf import PdfReader

from .papers import PAPERS, Paper, Written, output_path
from .viewer import with_outline_open

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


def _compile(markup: str, meta: Metadata, paper: Paper, target: Path, root: Path,
             max_pages: int | None) -> Written:
    started, started_cpu = time.perf_counter(), time.process_time()
    compiler = typst.Compiler(root=str(root), font_paths=fonts())
    inputs = {"paper": paper.typst_paper, "title": meta.title, "author": meta.author,
              "description": meta.description, "lang": meta.lang}
    try:
        pdf = compiler.compile(markup.encode("utf-8"), format="pdf", sys_inputs=inputs,
                               pdf_standards=STANDARDS, timestamp=_timestamp(meta.edition))
    except typst.TypstError as error:
        raise TypesetError(f"{error.message}\n{error.diagnostic}".strip()) from None
    if not isinstance(pdf, bytes):  # a PDF is one file; a list is for page images
        raise TypesetError(f"Typst gave no PDF for {target.name}")
    reader = PdfReader(io.BytesIO(pdf))  # read once: for its pages, and for the bookmarks to open
    pages = len(reader.pages)
    pdf = with_outline_open(pdf, reader)
    if max_pages is not None and pages > max_pages:  # nothing written: no brief is better than a long one
        raise TypesetError(f"{target.name} would be {pages} pages in {paper.name}; it must fit on {max_pages}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return Written(target, paper, pages, time.perf_counter() - started, time.process_time() - started_cpu)


def typeset(markup: str, meta: Metadata, targets: list[tuple[Paper, Path]], root: Path,
            max_pages: int | None = None) -> list[Written]:
    """Write one PDF per (paper, path). With max_pages, a document that runs longer is an error.

    Each paper is typeset in a process of its own, side by side when there are cores for
    it: a compilation's memory is returned when its process ends, and two papers take
    the time of one.
    """
    jobs = [(markup, meta, paper, target, root, max_pages) for paper, target in targets]
    parallel = min(len(jobs), os.cpu_count() or 1)
    if parallel < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_compile(*job) for job in jobs]
    with multiprocessing.get_context("fork").Pool(parallel) as pool:
        return pool.starmap(_compile, jobs)


def default_targets(out: Path, papers: tuple[Paper, ...] = PAPERS) -> list[tuple[Paper, Path]]:
    return [(paper, output_path(out, paper)) for paper in papers]
