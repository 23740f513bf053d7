"""The print document's HTML as Typst markup: one function per kind of element.

The chapters arrive cleaned and linked (assemble.py): ids unique across the book,
internal links pointing at them. Here each element becomes the Typst element that
means the same thing, so that Typst's tagged PDF carries headings, lists, tables,
notes and links as such: a note call takes its note's text and becomes a footnote
at the foot of its page, an internal link gets the page number of its target
(book.typ's `pageref`), a table is a Typst table with its header row. Nothing here
lays anything out: the page design is book.typ's.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from .tree import Element, child_elements, classes, first, has_class, is_element, nodes, stripped_text, text

# Characters with a meaning in Typst markup, written escaped; quotes are left to
# Typst's smart quotes, which print them typographic as the site's typography does.
_SPECIAL = re.compile(r"([\\#*_`$<>@\[\]~/=+\-;])")  # ';' would end a preceding #call
_NUMBER_DOT = re.compile(r"(?<=\d)\.")  # '1.' at a line's start would open a numbered list
_SPACE = re.compile(r"\s+")
# A locator never breaks from its number ("paras. 13–16", "p. 37").
_LOCATOR = re.compile(r"\b(paras?\.|pp?\.|¶) (?=\d)")
# A link whose text is a citation's locator takes its page after a comma: "Shah 2021, para. 9, p. 37".
_LOCATOR_TEXT = re.compile(r"(.*\b)?(paras?\.|¶) ?\d")
_LABEL_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")

FOOTNOTE_REF = "footnote-ref"
SMALL_CLASSES = {"precis__themes", "register-meta", "event__precision", "actor__sources",
                 "actor__variants", "key-passage__source"}
BLOCK_NAMES = {"p", "div", "section", "ul", "ol", "table", "blockquote", "h1", "h2", "h3", "h4", "h5",
               "h6", "dl", "nav", "details", "summary", "pre", "hr", "figure", "article"}
# Links that are themselves the place they name, or sit in a table of counts: no page number.
NO_PAGE_CLASSES = {"precis__number", "contents__link"}
CELLS = {"td", "th"}


def escape(text: str) -> str:
    text = _SPACE.sub(" ", text)
    text = _LOCATOR.sub(lambda match: match.group(1) + "\u00a0", text)
    return _NUMBER_DOT.sub(r"\\.", _SPECIAL.sub(r"\\\1", text))


def string_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def label_name(element_id: str) -> str:
    return _LABEL_UNSAFE.sub("_", element_id)


def readable_address(href: str) -> str:
    """An address as a reader types it: percent-escapes decoded where they stand for text read left to
    right. Decoded, a right-to-left word (Urdu, Arabic) would be laid out by the bidirectional algorithm
    and printed in another order than it is typed: such an address stays escaped."""
    decoded = unquote(href)
    right_to_left = any(unicodedata.bidirectional(character) in ("R", "AL") for character in decoded)
    return decoded if decoded.isprintable() and " " not in decoded and not right_to_left else href


@dataclass
class Converter:
    """Writes one book's markup; remembers the notes and tables it has seen."""

    ids: set[str]  # every id in the book: a link to any other prints as text
    notes: dict[str, Element]  # a note's id -> its <li>
    written_notes: dict[str, str] = field(default_factory=dict)  # note id -> its body as first written
    tables: dict[str, str] = field(default_factory=dict)  # a table's text -> label of its first print
    labels: set[str] = field(default_factory=set)

    # -- inline --------------------------------------------------------------------------
    def inline(self, node: str | Element, in_table: bool = False) -> str:
        if isinstance(node, str):
            return escape(node)
        if not is_element(node):
            return ""
        name = node.tag
        if name == "br":
            return "\\ "
        if name == "img":  # nothing is fetched for the PDF: an image prints as its text alternative
            return f"#emph[{escape(str(node.get('alt') or ''))}]" if node.get("alt") else ""
        if name == "sup" and (call := first(node, "a", FOOTNOTE_REF)) is not None:
            return self.footnote_call(node, call)
        inner = "".join(self.inline(child, in_table) for child in nodes(node))
        if name == "a":
            return self.link(node, inner, in_table)
        if name in {"em", "i", "cite"}:
            return f"#emph[{inner}]"
        if name in {"strong", "b"}:
            return f"#strong[{inner}]"
        if name in {"code", "kbd", "samp"}:
            return f"#raw({string_literal(text(node))})"
        if name == "sup":
            return f"#super[{inner}]"
        if name == "sub":
            return f"#sub[{inner}]"
        if name == "span" and not SMALL_CLASSES.isdisjoint(classes(node)):
            return f"#small[{inner}]"
        if name in BLOCK_NAMES:  # a block inside inline content: its text, in a line of its own
            return f"#linebreak(){self.blocks(node)}"
        return self.anchor(node) + inner

    def new_label(self, element_id: str | None) -> str | None:
        """The Typst label for an id, the first time it is asked for; None after (a label is placed once)."""
        if not element_id or label_name(element_id) in self.labels:
            return None
        self.labels.add(label_name(element_id))
        return label_name(element_id)

    def anchor(self, node: Element) -> str:
        """An invisible mark carrying the element's id, for links to land on."""
        label = self.new_label(node.get("id"))
        return f"#metadata(none) <{label}>" if label else ""

    def link(self, node: Element, inner: str, in_table: bool) -> str:
        href = node.get("href", "")
        if href.startswith("#"):
            target = href[1:]
            if target not in self.ids:
                return inner
            label = label_name(target)
            paged = not in_table and NO_PAGE_CLASSES.isdisjoint(classes(node))
            locator = _LOCATOR_TEXT.match(stripped_text(node)) is not None
            page = f"#pageref(<{label}>, locator: {'true' if locator else 'false'})" if paged else ""
            return f"#link(<{label}>)[{inner}]{page}"
        if href.startswith(("http://", "https://", "mailto:")):
            address = readable_address(href)
            shown_text = stripped_text(node)
            shown = f"#link({string_literal(href)})[{escape(address) if shown_text == href else inner}]"
            if shown_text != href and shown_text != address:
                shown += f" #small[\\<{escape(address)}\\>]"
            return shown
        return inner

    def footnote_call(self, sup: Element, call: Element) -> str:
        note_id = call.get("href", "").lstrip("#")
        label = self.new_label(sup.get("id") or f"call-{note_id}")
        mark = f"<{label}>" if label else ""
        if note_id in self.written_notes:
            # The site calls one note again; in print each call has its note at the foot of its own
            # page, as Chicago repeats a short note (a reference back to the first call's number could
            # send the reader pages back, and asking Typst where that call fell costs a third more time).
            return f"#footnote[{self.written_notes[note_id]}]{mark}"
        note = self.notes.get(note_id)
        if note is None:
            return ""
        paragraphs = child_elements(note)
        body = " #parbreak() ".join(self.inline_contents(child) for child in paragraphs) \
            if paragraphs else self.inline_contents(note)
        self.written_notes[note_id] = body.strip()
        return f"#footnote[{body.strip()}]{mark}"

    def inline_run(self, node: Element, in_table: bool = False) -> str:
        """The element's content as one run of inline markup (a paragraph's, a heading's, a cell's)."""
        return "".join(self.inline(child, in_table) for child in nodes(node)).strip()

    def inline_contents(self, node: Element) -> str:
        if node.tag == "p":
            return self.inline_run(node)
        return self.blocks(node) if node.tag in BLOCK_NAMES else self.inline(node)

    # -- blocks --------------------------------------------------------------------------
    def blocks(self, node: Element) -> str:
        """The children of a block, each block child on its own, runs of inline content as paragraphs."""
        out: list[str] = []
        run: list[str] = []

        def flush():
            text = "".join(run).strip()
            if text:
                out.append(text)
            run.clear()

        for child in nodes(node):
            if is_element(child) and (child.tag in BLOCK_NAMES or child.tag == "li"):
                flush()
                if self.is_notes_heading(child):
                    continue
                written = self.block(child)
                if written:
                    out.append(written)
            else:
                run.append(self.inline(child))
        flush()
        return "\n\n".join(out)

    @staticmethod
    def is_notes_heading(tag: Element) -> bool:
        """The 'Notes' heading above the notes: in print the notes are at the foot of each page."""
        if not re.fullmatch(r"h[2-6]", tag.tag):
            return False
        after = next((item for item in tag.itersiblings() if is_element(item)), None)
        return after is not None and has_class(after, "footnote")

    def block(self, node: Element) -> str:
        name, its_classes = node.tag, classes(node)
        if re.fullmatch(r"h[1-6]", name):
            return self.heading(node)
        mark = self.anchor(node)
        if "footnote" in its_classes or name == "hr":
            return mark
        if name == "p":
            written = self.inline_run(node)
            if "table-caption" in its_classes:
                return f"{mark}#caption[{written}]"
            if "admonition-title" in its_classes:
                return f"{mark}#admonition-title[{written}]"
            if "register-meta" in its_classes:
                return f"{mark}#small[{written}]"
            return mark + written
        if name in {"ul", "ol"}:
            return mark + self.list_(node)
        if name == "li":
            return mark + self.blocks(node)
        if name == "table":
            return mark + self.table(node)
        if name == "blockquote":
            return f"{mark}#quote(block: true)[{self.blocks(node)}]"
        if name == "pre":
            return f"{mark}#raw(block: true, {string_literal(text(node))})"
        if name == "dl":
            items = []
            for child in child_elements(node, {"dt", "dd"}):
                body = self.inline_run(child)
                items.append(f"#strong[{body}]" if child.tag == "dt" else body)
            return mark + "\n\n".join(items)
        inner = self.blocks(node)
        for style in ("precis", "event", "actor", "admonition", "key-passage", "why-it-matters", "bib-entry"):
            if style in its_classes:
                label = f" <{label_name(node.get('id'))}>" if mark else ""
                return f"#{style}[{inner}]{label}"
        return mark + inner

    def heading(self, node: Element) -> str:
        level = int(node.tag[1])
        written = self.inline_run(node)
        label = self.new_label(node.get("id"))
        return f"#heading(level: {level})[{written}]" + (f" <{label}>" if label else "")

    def list_(self, node: Element) -> str:
        items = child_elements(node, {"li"})
        written = ", ".join(f"[{self.anchor(item)}{self.blocks(item)}]" for item in items)
        if node.tag == "ol":
            start = node.get("start", "1")
            start = start if str(start).isdigit() else "1"
            return f"#enum(start: {start}, {written})"
        return f"#list({written})"

    def table(self, node: Element) -> str:
        key = _SPACE.sub(" ", stripped_text(node))
        if key in self.tables:
            return f"#table-again(<{self.tables[key]}>)"
        label = f"table-{len(self.tables) + 1}"
        self.tables[key] = label
        rows = list(node.iterdescendants("tr"))
        head = [row for row in rows if row.getparent().tag == "thead"]
        body = [row for row in rows if row.getparent().tag != "thead"]
        columns = max((len(child_elements(row, CELLS)) for row in rows), default=1)
        widths = "(" + ", ".join(column_widths(rows, columns)) + ",)"

        def cells(row: Element, strong: bool = False) -> str:
            written = (self.inline_run(cell, in_table=True) for cell in child_elements(row, CELLS))
            return ", ".join(f"[#strong[{text}]]" if strong and text else f"[{text}]" for text in written)

        header_text = "".join(stripped_text(row, "") for row in head)
        header = f"table.header({', '.join(cells(row, strong=True) for row in head)}), " if head and header_text else ""
        body_cells = ", ".join(cells(row) for row in body)
        return f"#book-table(columns: {widths}, {header}{body_cells}) <{label}>"


# A column whose longest cell is this short takes its text's width; wider ones share the rest.
SHORT_COLUMN = 24  # characters


def column_widths(rows: list[Element], columns: int) -> list[str]:
    """Each column's width: its text's own when every cell is short (a date, a name, a count),
    else a share of what is left, growing with the square root of its longest text, so that
    a column of long paragraphs is wider than one of titles without starving it."""
    longest = [1] * columns
    for row in rows:
        for index, cell in enumerate(child_elements(row, CELLS)[:columns]):
            longest[index] = max(longest[index], len(stripped_text(cell)))
    return ["auto" if length <= SHORT_COLUMN else f"{round(math.sqrt(length) * 4)}fr" for length in longest]
