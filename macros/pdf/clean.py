"""Strip a built page's article of what only works on screen, and reshape it for print.

Each function edits the parsed article in place (BeautifulSoup trees are
mutable and copying them costs more than the whole step) and says what it does
to it; nothing here knows about other pages.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from .tags import matching, named, with_attribute, with_class

# Screen-only parts of a page: the edit button, headerlink ¶ anchors, the timeline's
# filter buttons, footnote back-links (↩), Material's annotation markers, the PDF's
# own download link, the rule above the notes, and anything the page hides until a
# script reveals it. Pages can mark their own screen-only text with class "screen-only".
SCREEN_ONLY_CLASSES = {
    "md-content__button", "headerlink", "timeline-filters", "footnote-backref",
    "md-annotation__index", "screen-only",
}
DOWNLOAD = "pdf-download"  # the site's links to this very PDF
SCREEN_ONLY_TAGS = {"script", "style", "noscript"}
WHY_IT_MATTERS = "Why it matters."
_ANNOTATION_MARKER = re.compile(r"\s*\((\d+)\)")
HEADINGS_DEMOTED = {"h1", "h2", "h3", "h4", "h5"}


def is_screen_only(tag: Tag) -> bool:
    if tag.name in SCREEN_ONLY_TAGS or tag.has_attr("hidden"):
        return True
    if tag.name == "hr" and tag.parent is not None and "footnote" in tag.parent.get("class", []):
        return True
    return not SCREEN_ONLY_CLASSES.isdisjoint(tag.get("class", []))


def remove_screen_only(article: Tag) -> None:
    # One walk with a plain predicate: CSS selectors over every tag cost a second a book.
    for element in matching(article, is_screen_only):
        if not element.decomposed:
            element.decompose()


def remove_download_links(article: Tag) -> None:
    """The links to the PDF itself, with their line when it holds nothing else ('A4 · US Letter')."""
    for link in with_class(article, DOWNLOAD, "a"):
        line = link.parent
        link.decompose()
        if line is not None and line is not article and line.name == "p" \
                and not any(char.isalnum() for char in line.get_text()):
            line.decompose()


def _next_element(tag: Tag) -> Tag | None:
    sibling = tag.next_sibling
    while isinstance(sibling, NavigableString) and not sibling.strip():
        sibling = sibling.next_sibling
    return sibling if isinstance(sibling, Tag) else None


def _strip_markers(block: Tag, count: int) -> None:
    """Drop the '(N)' markers Material turns into annotation bubbles, for N the list numbers."""
    def unmarked(match: re.Match) -> str:
        return "" if 1 <= int(match.group(1)) <= count else match.group(0)

    for text in block.find_all(string=_ANNOTATION_MARKER):
        text.replace_with(_ANNOTATION_MARKER.sub(unmarked, str(text)))


def _why_it_matters(soup: BeautifulSoup, item: Tag) -> Tag:
    note = soup.new_tag("div", attrs={"class": "why-it-matters"})
    label = soup.new_tag("strong", attrs={"class": "why-it-matters__label"})
    label.string = WHY_IT_MATTERS
    paragraphs = [child for child in item.children if isinstance(child, Tag) and child.name == "p"]
    if not paragraphs:  # a tight list item: wrap its inline content in one paragraph
        paragraph = soup.new_tag("p")
        for child in list(item.contents):
            paragraph.append(child.extract())
        paragraphs = [paragraph]
        item.append(paragraph)
    paragraphs[0].insert(0, " ")
    paragraphs[0].insert(0, label)
    for child in list(item.contents):
        note.append(child.extract())
    return note


def annotations_as_notes(soup: BeautifulSoup, article: Tag) -> None:
    """Material's annotated blocks (`.annotate` followed by its list) print as plain 'Why it matters' notes."""
    for block in with_class(article, "annotate"):
        notes = _next_element(block)
        if notes is None or notes.name != "ol":
            continue
        items = notes.find_all("li", recursive=False)
        _strip_markers(block, len(items))
        for item in items:
            block.append(_why_it_matters(soup, item))
        notes.decompose()


def drop_empty_rows(article: Tag) -> None:
    """Rows with no text (a table still waiting for its data) and tables left with no body rows."""
    for body in article.find_all("tbody"):
        for row in body.find_all("tr"):
            if not row.get_text(strip=True):
                row.decompose()
    for table in article.find_all("table"):
        bodies = table.find_all("tbody")
        if bodies and not any(body.find("tr") for body in bodies):
            table.decompose()


def captions_as_paragraphs(soup: BeautifulSoup, article: Tag) -> None:
    """A table's caption becomes the paragraph just before it, which print keeps with its table."""
    for caption in article.find_all("caption"):
        table = caption.find_parent("table")
        paragraph = soup.new_tag("p", attrs={"class": "table-caption"})
        for child in list(caption.contents):
            paragraph.append(child.extract())
        caption.decompose()
        table.insert_before(paragraph)


def unwrap_abbreviations(article: Tag) -> None:
    """<abbr> explains itself on hover, which paper cannot do (the glossary lists every
    expansion); unwrapped, its text stays and layout has two thousand fewer boxes to place."""
    for abbreviation in article.find_all("abbr"):
        abbreviation.unwrap()


def demote_headings(article: Tag) -> None:
    """h1 -> h2 ... h5 -> h6: in the book a page is a chapter, under a part's h1."""
    for heading in named(article, HEADINGS_DEMOTED):
        heading.name = f"h{int(heading.name[1]) + 1}"


def open_details(article: Tag) -> None:
    """Collapsible blocks print open: paper cannot be clicked."""
    for details in article.find_all("details"):
        details["open"] = ""


def mark_named_external_links(article: Tag) -> None:
    """External links whose text is not their address get the address printed after them."""
    for link in with_attribute(article, "href", "a"):
        href = link["href"]
        if href.startswith(("http://", "https://")) and link.get_text(strip=True) != href:
            link["class"] = [*link.get("class", []), "external-named"]


def clean_article(soup: BeautifulSoup, article: Tag) -> Tag:
    """Every cleaning step, in an order where each sees what the one before left."""
    remove_screen_only(article)
    remove_download_links(article)
    annotations_as_notes(soup, article)
    drop_empty_rows(article)
    captions_as_paragraphs(soup, article)
    unwrap_abbreviations(article)
    open_details(article)
    mark_named_external_links(article)
    demote_headings(article)
    return article
