"""Lay the print document out with WeasyPrint, once per paper size, from one parse of the HTML."""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

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
