"""One document out of many pages: ids made unique per chapter, links pointed inside the PDF.

A built page links to others by relative URL ('../../sources/mir2022/#para-12').
In the PDF that page is a chapter, so the link becomes an in-document anchor
('#sources-mir2022--para-12'). Links to pages the PDF leaves out become plain
text; external links stay as they are.
"""

from __future__ import annotations

import functools
from urllib.parse import unquote, urljoin, urlsplit

from .tree import Element, unwrap, with_attribute

SEPARATOR = "--"
_BASE = "https://book.invalid/"  # a stand-in origin, only to resolve relative URLs against


def prefixed(prefix: str, anchor: str) -> str:
    return f"{prefix}{SEPARATOR}{anchor}"


def prefix_ids(article: Element, prefix: str) -> set[str]:
    """Prefix every id in a chapter with the chapter's name; returns the new ids."""
    ids = set()
    for element in with_attribute(article, "id"):
        element.set("id", prefixed(prefix, element.get("id")))
        ids.add(element.get("id"))
    return ids


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme) or href.startswith("//")


@functools.lru_cache(maxsize=4096)
def _page_linked(address: str, page_url: str) -> str:
    """The URL path of the page an address (a link without its fragment) on page_url leads to.
    Remembered: a page links to a few dozen pages, thousands of times."""
    path = unquote(urlsplit(urljoin(_BASE + page_url, address)).path)  # resolves '..' too
    path = path.lstrip("/").removesuffix("index.html")
    if path and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"  # 'sources/mir2022' is the page 'sources/mir2022/'
    return path


def target_of(href: str, page_url: str) -> tuple[str, str]:
    """(URL path of the page linked to, fragment) for a link on the page at page_url."""
    address, _, fragment = href.partition("#")
    return _page_linked(address, page_url), unquote(fragment)


def internal_href(href: str, page_url: str, chapters: dict[str, str], ids: set[str]) -> str | None:
    """Where an internal link points in the PDF ('#anchor'), or None when its page is not printed.

    chapters maps each printed page's URL path to its prefix; ids are all ids in the
    book. A fragment the target page does not have falls back to the chapter's start.
    """
    path, fragment = target_of(href, page_url)
    prefix = chapters.get(path)
    if prefix is None:
        return None
    if fragment and prefixed(prefix, fragment) in ids:
        return "#" + prefixed(prefix, fragment)
    return "#" + prefix


def rewrite_links(article: Element, page_url: str, chapters: dict[str, str], ids: set[str]) -> None:
    """Point every internal link of a chapter inside the PDF; unlink those to pages left out."""
    for link in with_attribute(article, "href", "a"):
        href = link.get("href")
        if is_external(href):
            continue
        target = internal_href(href, page_url, chapters, ids)
        if target is None:
            unwrap(link)
        else:
            link.set("href", target)
