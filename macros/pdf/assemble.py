"""The print document: a cover, a contents page and the chapters, as one HTML string."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from .anchors import prefix_ids, rewrite_links
from .clean import clean_article
from .outline import Chapter, Part

ARTICLE = "article.md-content__inner"


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
    article: Tag


def _heading_text(heading: Tag) -> str:
    return " ".join(heading.get_text(" ", strip=True).replace("¶", "").split())


def read_chapter(chapter: Chapter, site: Path, book_title: str, part_title: str) -> PrintChapter:
    """A built page's article, cleaned, with its ids prefixed; titled by its h1.

    A page whose h1 is the book's own title (the front page) is titled by its part:
    the cover already carries the book's title.
    """
    path = chapter.html_path(site)
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    article = soup.select_one(ARTICLE)
    if article is None:
        raise PageError(f"{path}: no '{ARTICLE}' element; was it built with the Material theme?")
    clean_article(soup, article)
    heading = article.find("h2")  # the page's h1, demoted by clean_article
    title = _heading_text(heading) if heading else (chapter.nav_title or chapter.prefix)
    if title == book_title:
        title = part_title
        heading.string = title
    if heading is not None:
        heading["class"] = [*heading.get("class", []), "chapter-title"]
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


def number_word(count: int) -> str:
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words[count] if count < len(words) else str(count)


def cover_html(meta: BookMeta) -> str:
    e = html.escape
    return f"""
<section class="cover">
  <p class="cover__kicker">Briefing book</p>
  <p class="cover__title">{e(meta.title)}</p>
  <p class="cover__description">{e(meta.description)}</p>
  <dl class="cover__facts">
    <dt>Scope</dt><dd>{e(meta.scope)}</dd>
    <dt>Edition</dt><dd>{e(meta.edition)}</dd>
    <dt>Online</dt><dd><a href="{e(meta.site_url)}">{e(meta.site_url)}</a></dd>
  </dl>
  <p class="cover__copyright">{e(meta.copyright)}</p>
</section>"""


def _merged(part: Part, chapters: list[PrintChapter]) -> bool:
    """A part of one chapter with the part's own title prints one heading, not two."""
    return len(chapters) == 1 and chapters[0].title == part.title


def drop_repeated_titles(parts: list[tuple[Part, list[PrintChapter]]]) -> None:
    """Remove the chapter heading of merged parts (before linking, so links fall back to the chapter)."""
    for part, chapters in parts:
        if _merged(part, chapters):
            heading = chapters[0].article.find("h2", class_="chapter-title")
            if heading is not None:
                heading.decompose()


def contents_html(parts: list[tuple[Part, list[PrintChapter]]]) -> str:
    e = html.escape
    entries = []
    for part, chapters in parts:
        items = "" if _merged(part, chapters) else "".join(
            f'<li class="contents__chapter"><a href="#{item.chapter.prefix}">{e(item.title)}</a></li>'
            for item in chapters
        )
        entries.append(
            f'<li class="contents__part"><a href="#{part.anchor}">{e(part.title)}</a>'
            + (f"<ol>{items}</ol>" if items else "") + "</li>"
        )
    return f'<nav class="contents"><h1 class="contents__title">Contents</h1><ol>{"".join(entries)}</ol></nav>'


def part_html(part: Part, chapters: list[PrintChapter]) -> str:
    title_class = "part__title part__title--chapter" if _merged(part, chapters) else "part__title"
    body = []
    for item in chapters:
        body.append(f'<section class="chapter" id="{item.chapter.prefix}">{item.article.decode_contents()}</section>')
    return (f'<section class="part" id="{part.anchor}"><h1 class="{title_class}">{html.escape(part.title)}</h1>'
            + "".join(body) + "</section>")


def head_html(meta: BookMeta, lang: str) -> str:
    e = html.escape
    return (f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
            f"<title>{e(meta.title)}</title>"
            f'<meta name="description" content="{e(meta.description)}">'
            f'<meta name="author" content="{e(meta.author)}">'
            f'<meta name="dcterms.created" content="{e(meta.edition_iso)}">'
            "</head>")


def book_html(parts: list[Part], site: Path, meta: BookMeta, lang: str = "en") -> str:
    """The whole book as one HTML document, ready for one WeasyPrint layout per paper size."""
    read = [(part, [read_chapter(chapter, site, meta.title, part.title) for chapter in part.chapters])
            for part in parts]
    drop_repeated_titles(read)
    link_chapters([item for _, chapters in read for item in chapters])
    return (head_html(meta, lang) + "<body>" + cover_html(meta) + contents_html(read)
            + "".join(part_html(part, chapters) for part, chapters in read) + "</body></html>")
