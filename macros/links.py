"""Relative links between pages, written as Markdown links to .md files so MkDocs checks them."""

from __future__ import annotations

import posixpath
from functools import lru_cache

from .themes import Theme


@lru_cache(maxsize=65536)  # a page links the same few pages many times, and relpath is slow
def relative_md_link(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """Link from one docs/ file to another (both as src paths), with an optional #anchor."""
    target = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"{target}#{anchor}" if anchor else target


def source_src(key: str) -> str:
    return f"sources/{key}.md"


def theme_links(themes: dict[str, Theme], slugs, page_src: str) -> str:
    """The theme pages, by title, as a comma-separated list of Markdown links."""
    return ", ".join(f"[{themes[slug].title}]({relative_md_link(page_src, themes[slug].page)})" for slug in slugs)


def page_address(from_src: str, to_src: str, use_directory_urls: bool) -> str:
    """The address of docs/`to_src` relative to the page built from docs/`from_src`, as MkDocs writes it.

    For HTML the book writes itself, which MkDocs does not rewrite. The briefing plugin
    asks MkDocs' own list of files instead; this serves the benchmark's plain copy and the tests.
    """
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    def url(src: str) -> str:
        return File(src, "", "", use_directory_urls).url

    return get_relative_url(url(to_src), url(from_src))
