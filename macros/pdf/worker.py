"""WeasyPrint in a process of its own, started before the book is assembled.

Importing WeasyPrint takes 0.7 s, most of what the assembly takes. The worker is
forked first and imports it on the other core while the pages are read; then it
takes the assembled HTML and lays out the papers (render). Where fork is missing,
or there is one core, the layout runs in this process, as it always could.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

from .papers import PAPERS, Paper, Written

Layout = Callable[[str], list[Written]]


class LayoutFailed(RuntimeError):
    """The worker's layout raised: the message carries its traceback."""


class PrintRefused(LayoutFailed):
    """The print document asks for something outside the built site: the message names the page and the address."""


def _serve(connection: Connection, other_end: Connection, base_url: Path, out: Path,
           papers: tuple[Paper, ...]) -> None:
    other_end.close()  # the fork copied it: open here, it would keep the pipe from ever ending
    from .render import render  # the import this process is here to get out of the way

    try:
        book_html = connection.recv()
    except EOFError:  # the assembly failed: nothing to lay out
        return
    try:
        connection.send((render(book_html, base_url, out, papers), None))
    except PrintRefused as refused:
        connection.send(([], ("refused", str(refused))))
    except Exception:
        connection.send(([], ("failed", traceback.format_exc())))


def _in_this_process(base_url: Path, out: Path, papers: tuple[Paper, ...]) -> Layout:
    def lay_out(book_html: str) -> list[Written]:
        from .render import render
        return render(book_html, base_url, out, papers)
    return lay_out


@contextmanager
def layout_worker(base_url: Path, out: Path, papers: tuple[Paper, ...] = PAPERS) -> Iterator[Layout]:
    """A function that lays out the book's HTML and returns what it wrote; call it at most once."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield _in_this_process(base_url, out, papers)
        return
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs, ours, base_url, out, papers), name="pdf-layout")
    process.start()
    theirs.close()

    def lay_out(book_html: str) -> list[Written]:
        ours.send(book_html)
        try:
            written, failure = ours.recv()
        except EOFError:
            process.join()
            raise LayoutFailed(f"the layout process ended with no result (exit code {process.exitcode})") from None
        if failure:
            kind, text = failure
            raise PrintRefused(text) if kind == "refused" else LayoutFailed(f"the layout process failed:\n{text}")
        return written

    try:
        yield lay_out
    finally:
        ours.close()
        process.join()
