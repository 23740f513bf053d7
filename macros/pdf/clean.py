"""Strip a built page's article of what only works on screen, and reshape it for print.

Each function edits the parsed article in place (lxml's trees are
mutable, and copying them would cost more than the edits) and says what it does
to it; nothing here knows about other pages.
"""

from __future__ import annotations

import re

from .tree import (Element, add_class, child_elements, classes, first, is_element, matching, move_contents,
                   named, new, remove, stripped_text, text, unwrap, with_attribute, with_class)

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


def is_screen_only(tag: Element) -> bool:
    if tag.tag in SCREEN_ONLY_TAGS or "hidden" in tag.attrib:
        return True
    parent = tag.getparent()
    if tag.tag == "hr" and parent is not None and "footnote" in classes(parent):
        return True
    return not SCREEN_ONLY_CLASSES.isdisjoint(classes(tag))


def _removed(element: Element) -> bool:
    """Already taken out of its tree (lxml cannot take it out twice)."""
    return element.getparent() is None


def remove_screen_only(article: Element) -> None:
    # One walk with a plain predicate: CSS selectors over every tag cost a second a book.
    for element in matching(article, is_screen_only):
        if not _removed(element):
            remove(element)


def remove_download_links(article: Element) -> None:
    """The links to the PDF itself, with their line when it holds nothing else ('A4 · US Letter')."""
    for link in with_class(article, DOWNLOAD, "a"):
        line = link.getparent()
        remove(link)
        if line is not None and line is not article and line.tag == "p" \
                and not any(char.isalnum() for char in text(line)):
            remove(line)


def _next_element(tag: Element) -> Element | None:
    """The element after tag, if only blank text and comments come between them."""
    if tag.tail and tag.tail.strip():
        return None
    sibling = tag.getnext()
    while sibling is not None and not is_element(sibling):
        if sibling.tail and sibling.tail.strip():
            return None
        sibling = sibling.getnext()
    return sibling


def _strip_markers(block: Element, count: int) -> None:
    """Drop the '(N)' markers Material turns into annotation bubbles, for N the list numbers."""
    def unmarked(match: re.Match) -> str:
        return "" if 1 <= int(match.group(1)) <= count else match.group(0)

    if block.text:
        block.text = _ANNOTATION_MARKER.sub(unmarked, block.text)
    for element in block.iterdescendants():
        if element.text and is_element(element):
            element.text = _ANNOTATION_MARKER.sub(unmarked, element.text)
        if element.tail:
            element.tail = _ANNOTATION_MARKER.sub(unmarked, element.tail)


def _why_it_matters(item: Element) -> Element:
    note = new("div", **{"class": "why-it-matters"})
    label = new("strong", WHY_IT_MATTERS, **{"class": "why-it-matters__label"})
    paragraphs = child_elements(item, {"p"})
    if not paragraphs:  # a tight list item: wrap its inline content in one paragraph
        paragraph = new("p")
        move_contents(item, paragraph)
        paragraphs = [paragraph]
        item.append(paragraph)
    opening = paragraphs[0]
    label.tail = " " + (opening.text or "")
    opening.text = None
    opening.insert(0, label)
    move_contents(item, note)
    return note


def annotations_as_notes(article: Element) -> None:
    """Material's annotated blocks (`.annotate` followed by its list) print as plain 'Why it matters' notes."""
    for block in with_class(article, "annotate"):
        notes = _next_element(block)
        if notes is None or notes.tag != "ol":
            continue
        items = child_elements(notes, {"li"})
        _strip_markers(block, len(items))
        for item in items:
            block.append(_why_it_matters(item))
        remove(notes)


def drop_empty_rows(article: Element) -> None:
    """Rows with no text (a table still waiting for its data) and tables left with no body rows."""
    for body in list(article.iterdescendants("tbody")):
        for row in list(body.iterdescendants("tr")):
            if not text(row).strip():
                remove(row)
    for table in list(article.iterdescendants("table")):
        if _removed(table):
            continue
        bodies = list(table.iterdescendants("tbody"))
        if bodies and not any(first(body, "tr") is not None for body in bodies):
            remove(table)


def captions_as_paragraphs(article: Element) -> None:
    """A table's caption becomes the paragraph just before it, which print keeps with its table."""
    for caption in list(article.iterdescendants("caption")):
        table = next(caption.iterancestors("table"), None)
        if table is None:
            continue
        paragraph = new("p", **{"class": "table-caption"})
        move_contents(caption, paragraph)
        remove(caption)
        table.addprevious(paragraph)


def unwrap_abbreviations(article: Element) -> None:
    """<abbr> explains itself on hover, which paper cannot do (the glossary lists every
    expansion); unwrapped, its text stays and layout has two thousand fewer boxes to place."""
    for abbreviation in list(article.iterdescendants("abbr")):
        unwrap(abbreviation)


def demote_headings(article: Element) -> None:
    """h1 -> h2 ... h5 -> h6: in the book a page is a chapter, under a part's h1."""
    for heading in named(article, HEADINGS_DEMOTED):
        heading.tag = f"h{int(heading.tag[1]) + 1}"


def open_details(article: Element) -> None:
    """Collapsible blocks print open: paper cannot be clicked."""
    for details in article.iterdescendants("details"):
        details.set("open", "")


def mark_named_external_links(article: Element) -> None:
    """External links whose text is not their address get the address printed after them."""
    for link in with_attribute(article, "href", "a"):
        href = link.get("href")
        if href.startswith(("http://", "https://")) and stripped_text(link, "") != href:
            add_class(link, "external-named")


def clean_article(article: Element) -> Element:
    """Every cleaning step, in an order where each sees what the one before left."""
    remove_screen_only(article)
    remove_download_links(article)
    annotations_as_notes(article)
    drop_empty_rows(article)
    captions_as_paragraphs(article)
    unwrap_abbreviations(article)
    open_details(article)
    mark_named_external_links(article)
    demote_headings(article)
    return article
