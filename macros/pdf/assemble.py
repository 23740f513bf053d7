"""The printed pages: each built page's article read, cleaned, and linked to the others in the book."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .anchors import prefix_ids, rewrite_links
from .clean import clean_article
from .notes import shorten_printed_notes
from .outline import Chapter, Part
from .tree import Element, PageParseError, add_class, empty, first, parse_page, remove, stripped_text

ARTICLE_CLASS = "md-content__inner"  # Material's <article>


class PageError(Exception):
    """A built page the PDF cannot use, named with the file and what is wrong."""


@dataclass(frozen=True)
class BookMeta:
    title: str
    description: str
    author: str
    scope: str  # 'Five sources, August 2021 to May 2022'
    edition: str  # the edition's date as the book writes dates
    edition_iso: str  # the same date, for the PDF's metadata
    site_url: str
    copyright: str


@dataclass
class PrintChapter:
    chapter: Chapter
    title: str
    article: Element


def _heading_text(heading: Element) -> str:
    return " ".join(stripped_text(heading).split())


def read_chapter(chapter: Chapter, site: Path, book_title: str, part_title: str) -> PrintChapter:
    """A built page's article, cleaned, with its ids prefixed; titled by its h1.

    A page whose h1 is the book's own title (the front page) is titled by its part:
    the cover already carries the book's title.
    """
    path = chapter.html_path(site)
    try:
        page = parse_page(path.read_text(encoding="utf-8"))
    except (PageParseError, UnicodeDecodeError) as error:
        raise PageError(f"{path}: not an HTML page the PDF can read ({error}). Build the site again (make "
                        "site); if it still cannot be read, its source makes markup the PDF cannot take, where the "
                        "message in brackets says") from None
    article = first(page, "article", ARTICLE_CLASS)
    if article is None:
        raise PageError(f"{path}: no 'article.{ARTICLE_CLASS}' element; was it built with the Material theme?")
    clean_article(article)
    heading = first(article, "h2")  # the page's h1, demoted by clean_article
    title = _heading_text(heading) if heading is not None else (chapter.nav_title or chapter.prefix)
    if title == book_title and heading is not None:
        title = part_title
        empty(heading)
        heading.text = title
    if heading is not None:
        add_class(heading, "chapter-title")
    return PrintChapter(chapter, title, article)


def link_chapters(chapters: list[PrintChapter]) -> None:
    """Make ids unique across the book, then point every internal link at them."""
    ids = set()
    for item in chapters:
        ids |= prefix_ids(item.article, item.chapter.prefix)
        ids.add(item.chapter.prefix)
    by_url = {item.chapter.url: item.chapter.prefix for item in chapters}
    for item in chapters:
        rewrite_links(item.article, item.chapter.url, by_url, ids)


def opens_part(part: Part, chapters: list[PrintChapter]) -> bool:
    """The part's first chapter has the part's own title (a section's index page, the front
    page): it is the part's opening, under the part's heading, not a chapter of its own."""
    return bool(chapters) and chapters[0].title == part.title


def drop_repeated_titles(parts: list[tuple[Part, list[PrintChapter]]]) -> None:
    """Remove the heading of chapters that open their part (before linking, so links to it
    fall back to the chapter's start)."""
    for part, chapters in parts:
        if opens_part(part, chapters):
            heading = first(chapters[0].article, "h2", "chapter-title")
            if heading is not None:
                remove(heading)


def print_chapters(parts: list[Part], site: Path, meta: BookMeta) -> list[tuple[Part, list[PrintChapter]]]:
    """Every printed page's article, cleaned, its ids unique in the book and its links pointing inside it."""
    read = [(part, [read_chapter(chapter, site, meta.title, part.title) for chapter in part.chapters])
            for part in parts]
    drop_repeated_titles(read)
    chapters = [item for _, part_chapters in read for item in part_chapters]
    link_chapters(chapters)
    for item in chapters:
        shorten_printed_notes(item.article)
    return read
