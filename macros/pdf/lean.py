"""Markup that print lays out at a cost and never shows: removed, for the same pages with fewer boxes.

WeasyPrint's time grows with the number of elements as well as with the text: each
one gets a computed style and a box, and inline, splits the line it sits on. Each
function edits a chapter's article in place and leaves every page looking as before;
print.css is written for the result.
"""

from __future__ import annotations

from bs4 import NavigableString, Tag

from .tags import named, with_class

# Blocks whose single paragraph adds nothing: the paragraph's margins are no larger
# than the block's and collapse into them (the block has no padding or border above
# or below), so the text sits where it did. The notes' items are found in NOTES.
PARAGRAPH_HOLDERS = (("div", "precis"), ("div", "event"), ("div", "actor"), ("li", None))
NOTES = "footnote"  # the <div> holding a chapter's notes
NOTE_CALL = "footnote-ref"

# Elements laid out as blocks (or table parts) in print.css and WeasyPrint's defaults.
BLOCKS = {"address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
          "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
          "hr", "li", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot",
          "th", "thead", "tr", "ul"}


def _element_children(tag: Tag) -> list[Tag]:
    return [child for child in tag.children if isinstance(child, Tag)]


def _has_own_text(tag: Tag) -> bool:
    return any(isinstance(child, NavigableString) and child.strip() for child in tag.children)


def unwrap_lone_paragraphs(article: Tag) -> None:
    """<div class="precis"><p>…</p></div> → <div class="precis">…</div>, and likewise
    for timeline events, actors and notes."""
    for name, class_ in PARAGRAPH_HOLDERS:
        holders = (with_class(article, class_, name) if class_ else
                   [item for notes in with_class(article, NOTES, "div") for item in notes.find_all(name)])
        for holder in holders:
            children = _element_children(holder)
            if len(children) == 1 and children[0].name == "p" and not children[0].attrs \
                    and not _has_own_text(holder):
                for space in [child for child in holder.children if isinstance(child, NavigableString)]:
                    space.extract()  # around the paragraph, it would now open and close the text
                children[0].unwrap()


def unwrap_note_calls(article: Tag) -> None:
    """<sup id><a class="footnote-ref">3</a></sup> → <a class="footnote-ref" id>3</a>: the
    link is raised and shrunk itself, and keeps the id the "Cited in" lists point at."""
    for link in with_class(article, NOTE_CALL, "a"):
        sup = link.parent
        if sup is None or sup.name != "sup" or _element_children(sup) != [link] or _has_own_text(sup):
            continue
        if sup.has_attr("id"):
            link["id"] = sup["id"]
        sup.unwrap()


def drop_empty_table_heads(article: Tag) -> None:
    """Header rows with no text (the source cards' two-column tables): print would
    only draw their rules, and an element hidden by CSS still costs its style."""
    for head in article.find_all("thead"):
        if not head.get_text(strip=True):
            head.decompose()


def drop_whitespace_between_blocks(article: Tag) -> None:
    """Line breaks between blocks: each would become a text box only to be collapsed away.
    Only in elements that hold nothing but blocks: between inline elements a space is a space."""
    for container in [article, *named(article, BLOCKS)]:
        children = list(container.children)
        if any(isinstance(child, Tag) and child.name not in BLOCKS for child in children) \
                or _has_own_text(container):
            continue
        for child in children:
            if isinstance(child, NavigableString):
                child.extract()


LIST_MARKER = "list-marker"
MARKED_LIST = "marked"


def _first_line(item: Tag) -> Tag | None:
    """The element whose first line is the item's: the item, or its opening paragraph
    (None when it opens with another block, which a marker cannot start)."""
    for child in item.children:
        if isinstance(child, NavigableString):
            if child.strip():
                return item
            continue
        if child.name == "p":
            return child
        return None if child.name in BLOCKS else item
    return item


def markers_as_text(article: Tag) -> None:
    """Each list item's number or bullet written at the start of its first line.

    WeasyPrint lays out an outside list marker as an absolutely positioned box,
    which cost a tenth of the layout; as text in the item it costs next to nothing,
    and print.css hangs it in the list's indent where the marker was. A list with an
    item that opens with a block other than a paragraph keeps its markers."""
    for listing in named(article, ("ol", "ul")):
        items = [child for child in listing.children if isinstance(child, Tag) and child.name == "li"]
        found = [_first_line(item) for item in items]
        lines = [line for line in found if line is not None]
        if not items or len(lines) < len(found):
            continue
        start = int(listing.get("start", 1))
        for index, line in enumerate(lines):
            first = next(iter(line.children), None)
            if isinstance(first, NavigableString):  # a leading space would push the text off the hang
                first.replace_with(first.lstrip())
            marker = Tag(name="span", attrs={"class": LIST_MARKER})
            marker.string = f"{start + index}." if listing.name == "ol" else "•"
            line.insert(0, marker)
        listing["class"] = [*listing.get("class", []), MARKED_LIST]


def make_lean(article: Tag) -> Tag:
    unwrap_lone_paragraphs(article)
    unwrap_note_calls(article)
    drop_empty_table_heads(article)
    markers_as_text(article)
    drop_whitespace_between_blocks(article)
    return article
