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
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

<<<<<<< HEAD
import typst
from pypdf import PdfReader

from .papers import PAPERS, Paper, Written

FONT_FOLDERS = ("/usr/share/fonts/truetype/charis", "/usr/share/fonts/truetype/dejavu")
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
=======
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, path2url

from .papers import PAPERS, Paper, Written, output_path
from .worker import PrintRefused

STYLESHEET = Path(__file__).with_name("print.css")
# What WeasyPrint fetches while laying out a page: (element, attribute). Plain links are not fetched.
_FETCHED = {("img", "src"), ("embed", "src"), ("object", "data"), ("link", "href"), ("video", "poster"),
            ("image", "href"), ("image", "{http://www.w3.org/1999/xlink}href"), ("use", "href"),
            ("use", "{http://www.w3.org/1999/xlink}href"), ("iframe", "src"), ("source", "src"), ("input", "src"),
            ("base", "href")}  # <base> is not fetched, but moves every relative address
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]*)|@import\s+['"]([^'"]+)""", re.I)


def allowed_in_print(url: str, site: Path) -> bool:
    """A data: URI, or a file under the built site; never another file or any network scheme."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path == site or site in path.parents


class SiteFetcher(URLFetcher):
    """WeasyPrint's fetcher, serving only the built site and data: URIs (the last guard: `refusals` comes first)."""

    def __init__(self, site: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.site = site.resolve()

    def fetch(self, url, headers=None):
        if not allowed_in_print(url, self.site):
            raise ValueError(f"the PDF reads only the built site and data: URIs, not {url}")
        return super().fetch(url, headers)


def _addresses(element: Element) -> list[str]:
    tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""  # SVG's elements have a namespace
    found = [value for key in _FETCHED if key[0] == tag and (value := element.get(key[1]))]
    href = element.get("href")
    if tag in ("a", "link") and "attachment" in (element.get("rel") or "").lower().split() and href:
        found.append("attachment:" + href)
    css = (element.get("style") or "") + ((element.text or "") if tag == "style" else "")
    found += [url or imported for url, imported in _CSS_URL.findall(css) if url or imported]
    return found


def refusals(root: Element, site: Path) -> list[str]:
    """Every address in the print document the PDF may not read, with the site page it is on."""
    site = site.resolve()
    base = path2url(str(site)) + "/"
    problems = []
    stack = [(root, "the cover and contents")]  # a loop, not recursion: a page may nest deeper than Python recurses
    while stack:
        element, page = stack.pop()
        if element.tag == "section" and (named := element.get("data-page")):
            page = named
        for address in _addresses(element):
            if address.startswith("attachment:"):
                problems.append(f"{page}: <{element.tag} rel=\"attachment\" href=\"{address[11:]}\">: "
                                "the PDF embeds no attachments")
            elif not allowed_in_print(urljoin(base, address.strip()), site):
                problems.append(f"{page}: <{element.tag}> asks for '{address}': the PDF reads only the built site "
                                "and data: URIs")
        stack.extend((child, page) for child in reversed(element))
    return problems


@dataclass
class _Book:
    """The parsed document and stylesheet, shared by every paper's layout."""

    html: HTML
    stylesheets: list[CSS]
    font_config: FontConfiguration

    def write(self, paper: Paper, target: Path) -> Written:
        started, started_cpu = time.perf_counter(), time.process_time()
        size = CSS(string=f"@page {{ size: {paper.css_size}; }}", font_config=self.font_config,
                   url_fetcher=self.html.url_fetcher)
        document = self.html.render(stylesheets=[*self.stylesheets, size], font_config=self.font_config)
        document.write_pdf(target)
        return Written(target, paper, len(document.pages),
                       time.perf_counter() - started, time.process_time() - started_cpu)
>>>>>>> main


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
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    if max_pages is not None and pages > max_pages:
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
<<<<<<< HEAD
    jobs = [(markup, meta, paper, target, root, max_pages) for paper, target in targets]
    parallel = min(len(jobs), os.cpu_count() or 1)
    if parallel < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_compile(*job) for job in jobs]
    with multiprocessing.get_context("fork").Pool(parallel) as pool:
        return pool.starmap(_compile, jobs)
=======
    with _no_cycle_collection():
        font_config = FontConfiguration()
        fetcher = SiteFetcher(base_url)
        document = HTML(string=book_html, base_url=str(base_url), url_fetcher=fetcher)
        refused = refusals(document.etree_element, base_url)
        if refused:
            raise PrintRefused("The PDF cannot be made: a page asks for what it may not read. Remove it from the "
                               "page's source (its data text or Markdown):\n" + "\n".join(f"  - {r}" for r in refused))
        book = _Book(document, [CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=fetcher)],
                     font_config)
        jobs = [(paper, output_path(out, paper)) for paper in papers]
        if len(jobs) > 1 and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            return _in_parallel(book, jobs)
        return [book.write(paper, target) for paper, target in jobs]
>>>>>>> main


def default_targets(out: Path, papers: tuple[Paper, ...] = PAPERS) -> list[tuple[Paper, Path]]:
    return [(paper, out.with_name(out.stem + paper.suffix + out.suffix)) for paper in papers]
