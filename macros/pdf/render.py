"""Lay the print document out with WeasyPrint, once per paper size, from one parse of the HTML."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .papers import PAPERS, Paper, Written, output_path

STYLESHEET = Path(__file__).with_name("print.css")


@dataclass
class _Book:
    """The parsed document and stylesheet, shared by every paper's layout."""

    html: HTML
    stylesheets: list[CSS]
    font_config: FontConfiguration

    def write(self, paper: Paper, target: Path) -> Written:
        started, started_cpu = time.perf_counter(), time.process_time()
        size = CSS(string=f"@page {{ size: {paper.css_size}; }}", font_config=self.font_config)
        document = self.html.render(stylesheets=[*self.stylesheets, size], font_config=self.font_config)
        document.write_pdf(target)
        return Written(target, paper, len(document.pages),
                       time.perf_counter() - started, time.process_time() - started_cpu)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Layout makes millions of boxes and styles that live until the PDF is written, and
    almost no reference cycles: the collector's passes over them took a sixth of each
    paper's time and freed next to nothing. Forked layouts inherit the pause."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render(book_html: str, base_url: Path, out: Path, papers: tuple[Paper, ...] = PAPERS) -> list[Written]:
    """Write one PDF per paper. The HTML and CSS are parsed once, here.

    Each layout is single-threaded, so with two or more cores the papers are laid
    out at the same time in forked processes, which inherit the parsed document.
    """
    with _no_cycle_collection():
        font_config = FontConfiguration()
        book = _Book(HTML(string=book_html, base_url=str(base_url)),
                     [CSS(filename=str(STYLESHEET), font_config=font_config)], font_config)
        jobs = [(paper, output_path(out, paper)) for paper in papers]
        if len(jobs) > 1 and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            return _in_parallel(book, jobs)
        return [book.write(paper, target) for paper, target in jobs]


# The book the forked layout processes inherit: Pool sends its tasks pickled, and a
# parsed WeasyPrint document does not pickle, so it travels by fork instead.
_inherited: _Book | None = None


def _write_inherited(paper: Paper, target: Path) -> Written:
    assert _inherited is not None, "set before the pool forks"
    return _inherited.write(paper, target)


def _in_parallel(book: _Book, jobs: list[tuple[Paper, Path]]) -> list[Written]:
    global _inherited
    _inherited = book
    try:
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            return pool.starmap(_write_inherited, jobs)
    finally:
        _inherited = None
