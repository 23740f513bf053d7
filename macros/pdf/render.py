"""Lay the print document out with WeasyPrint, once per paper size, from one parse of the HTML."""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

STYLESHEET = Path(__file__).with_name("print.css")


@dataclass(frozen=True)
class Paper:
    name: str  # as the report names it
    css_size: str  # as @page's size names it
    suffix: str  # added to the output's name: '' for the default paper


A4 = Paper("A4", "A4", "")
LETTER = Paper("US Letter", "letter", "-letter")
PAPERS = (A4, LETTER)


def output_path(out: Path, paper: Paper) -> Path:
    return out.with_name(out.stem + paper.suffix + out.suffix)


def _write(html: HTML, stylesheets: list[CSS], font_config: FontConfiguration, paper: Paper, target: Path) -> int:
    size = CSS(string=f"@page {{ size: {paper.css_size}; }}", font_config=font_config)
    document = html.render(stylesheets=[*stylesheets, size], font_config=font_config)
    document.write_pdf(target)
    return len(document.pages)


def render(book: str, base_url: Path, out: Path, papers: tuple[Paper, ...] = PAPERS) -> dict[Path, int]:
    """Write one PDF per paper; returns the pages of each. The HTML and CSS are parsed once.

    With two or more cores the papers are laid out at the same time in forked
    processes, which share the parsed document; the layouts are independent.
    """
    font_config = FontConfiguration()
    html = HTML(string=book, base_url=str(base_url))
    stylesheets = [CSS(filename=str(STYLESHEET), font_config=font_config)]
    targets = {paper: output_path(out, paper) for paper in papers}
    if len(papers) > 1 and (os.cpu_count() or 1) > 1 and hasattr(os, "fork"):
        return _render_forked(html, stylesheets, font_config, targets)
    return {target: _write(html, stylesheets, font_config, paper, target) for paper, target in targets.items()}


def _render_forked(html, stylesheets, font_config, targets: dict[Paper, Path]) -> dict[Path, int]:
    children = {}
    for paper, target in targets.items():
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: lay out one paper, report its page count, exit
            os.close(read_end)
            status = 1
            try:
                pages = _write(html, stylesheets, font_config, paper, target)
                os.write(write_end, str(pages).encode())
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(status)
        os.close(write_end)
        children[pid] = (target, read_end)
    pages, failed = {}, []
    for pid, (target, read_end) in children.items():
        with os.fdopen(read_end) as report:
            answer = report.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not answer:
            failed.append(target)
        else:
            pages[target] = int(answer)
    if failed:
        raise RuntimeError("WeasyPrint failed on " + ", ".join(map(str, failed)) + " (its error is above)")
    return pages
