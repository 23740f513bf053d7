"""Which built pages go into the PDF, in which parts and order: read from mkdocs.yml's nav."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

# Nav sections printed, with the part title each takes in print, in nav order. The
# About section (house style, contributing) is for contributors, not readers.
PRINT_PARTS = {
    "Briefing": "Key judgments",
    "Themes": "Themes",
    "What has happened since": "What has happened since",  # the record after the sources, which the cover cites
    "Sources": "Sources",
    "Reference": "Reference",
}


@dataclass(frozen=True)
class Chapter:
    url: str  # the page's URL path in the site: '' or 'sources/mir2022/'
    nav_title: str | None

    @property
    def prefix(self) -> str:
        """A name for the chapter, unique in the book, that prefixes every id it contains."""
        return self.url.strip("/").replace("/", "-") or "index"

    def html_path(self, site: Path) -> Path:
        return site / self.url / "index.html"


@dataclass(frozen=True)
class Part:
    title: str
    chapters: tuple[Chapter, ...]

    @property
    def anchor(self) -> str:
        return "part-" + "-".join(self.title.lower().split())


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml whatever tags it uses (!ENV, !!python/name): only the nav matters here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_config(config_file: Path) -> dict:
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


def page_url(src: str) -> str:
    """'index.md' -> '', 'sources/index.md' -> 'sources/', 'themes/x.md' -> 'themes/x/'."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def _pages(items) -> list[Chapter]:
    """Every page under a nav entry, depth first, with its nav title where it has one."""
    if isinstance(items, str):
        return [Chapter(page_url(items), None)] if items.endswith(".md") else []
    chapters = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            chapters += _pages(item)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    chapters += [Chapter(page_url(value), title)] if value.endswith(".md") else []
                else:
                    chapters += _pages(value)
    return chapters


def print_parts(nav: list) -> list[Part]:
    """The printed parts in nav order, each with all its nav pages (built or not)."""
    parts = []
    for entry in nav or []:
        if not isinstance(entry, dict):
            continue
        for title, value in entry.items():
            if title in PRINT_PARTS:
                parts.append(Part(PRINT_PARTS[title], tuple(_pages({title: value}))))
    return parts


def built_parts(parts: list[Part], site: Path) -> tuple[list[Part], list[Chapter]]:
    """The parts with only the pages the site has built, and the pages left out (drafts not built)."""
    kept, missing = [], []
    for part in parts:
        chapters = tuple(chapter for chapter in part.chapters if chapter.html_path(site).is_file())
        missing += [chapter for chapter in part.chapters if chapter not in chapters]
        if chapters:
            kept.append(Part(part.title, chapters))
    return kept, missing
