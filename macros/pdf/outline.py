"""Which built pages go into the PDF, in which parts and order: the print manifest.

The build decides it from the navigation MkDocs uses (mkdocs.yml's nav, with the
theme pages and the groups the briefing plugin adds) and the plugin's `print_parts`
option, and writes it beside the pages as JSON (`write_manifest`); the PDF step reads
that file (`read_manifest`) and never reads mkdocs.yml itself.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..dates import is_partial_date
from ..plain_defaults import PRINT_PARTS

MANIFEST_VERSION = 1


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


def print_parts(nav: list, printed: dict[str, str] = PRINT_PARTS) -> list[Part]:
    """The printed parts in nav order, each with all its nav pages (built or not).

    `printed` maps a nav section's title to its part title in print (the plugin's print_parts).
    """
    parts = []
    for entry in nav or []:
        if not isinstance(entry, dict):
            continue
        for title, value in entry.items():
            if title in printed:
                parts.append(Part(printed[title], tuple(_pages({title: value}))))
    return parts


def unknown_print_sections(nav: list, printed: dict[str, str]) -> list[str]:
    """The sections print_parts names that the nav does not have (renamed or removed)."""
    titles = {title for entry in nav or [] if isinstance(entry, dict) for title in entry}
    return [title for title in printed if title not in titles]


def manifest(parts: list[Part], meta: dict[str, Any]) -> dict[str, Any]:
    """What the PDF step needs, as JSON data: the parts with their pages, and the cover's metadata."""
    return {"version": MANIFEST_VERSION, "meta": meta, "parts": [asdict(part) for part in parts]}


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


class ManifestError(Exception):
    """The built site has no usable print manifest."""


def read_manifest(path: Path) -> tuple[list[Part], dict[str, Any]]:
    """The printed parts and the metadata the build wrote; ManifestError says what to do otherwise."""
    if not path.is_file():
        raise ManifestError(f"{path} is missing: build the site with the book's mkdocs.yml (make site), "
                            "whose briefing plugin writes it")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != MANIFEST_VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {MANIFEST_VERSION}")
        parts = [Part(str(part["title"]), tuple(Chapter(str(chapter["url"]), chapter["nav_title"])
                                                for chapter in part["chapters"]))
                 for part in data["parts"]]
        outside = [chapter.url for part in parts for chapter in part.chapters
                   if chapter.url.startswith("/") or ".." in chapter.url.split("/")]
        if outside:
            raise ValueError(f"addresses outside the site: {', '.join(outside)}")
        meta = dict(data["meta"])
        dates = [meta.get("reviewed"), meta.get("record_to")]
        if not all(value is None or is_partial_date(value) for value in dates):
            raise ValueError(f"a review or record date that is not a date: {dates}")
        months = meta.get("source_months", [])
        if not isinstance(months, list) or not all(month == "" or is_partial_date(month) for month in months):
            raise ValueError(f"source months that are not months: {months!r}"[:200])
        return parts, meta
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ManifestError(f"{path} is not a print manifest this code reads ({error}): build the site again "
                            "(make site)") from None


def built_parts(parts: list[Part], site: Path) -> tuple[list[Part], list[Chapter]]:
    """The parts with only the pages the site has built, and the pages left out (drafts not built)."""
    kept, missing = [], []
    for part in parts:
        chapters = tuple(chapter for chapter in part.chapters if chapter.html_path(site).is_file())
        missing += [chapter for chapter in part.chapters if chapter not in chapters]
        if chapters:
            kept.append(Part(part.title, chapters))
    return kept, missing
