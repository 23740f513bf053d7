"""The printed book as one Typst document: the cover, the contents and the parts' chapters.

The page design is book.typ's; this writes what goes on the pages, from the chapters
assemble.py has read, cleaned and linked. A chapter's own id (the start of the page in
the site) lands on its title, or on its part's title when the chapter opens the part.
"""

from __future__ import annotations

from pathlib import Path

from .assemble import BookMeta, PrintChapter, opens_part
from .outline import Part
from .tree import Element, first, named, new, with_attribute, with_class
from .typst_markup import Converter, escape, label_name

DESIGN = Path(__file__).with_name("book.typ")


def cover_markup(meta: BookMeta) -> str:
    main, colon, rest = meta.title.partition(": ")
    title = f"{escape(main)}:#linebreak()#text(weight: \"regular\", size: 24pt, fill: rgb(\"#37474f\"))[{escape(rest)}]" \
        if colon else escape(meta.title)
    facts = [(name, value) for name, value in (("Scope", escape(meta.scope)), ("Edition", escape(meta.edition)),
                                               ("Online", f'#link("{meta.site_url}")[{escape(meta.site_url)}]'
                                                if meta.site_url else "")) if value]
    listed = "".join(f"#v(5mm)#text(size: 8.5pt, tracking: 0.14em, fill: rgb(\"#555555\"))[#upper[{name}]]\\ "
                     f"#text(size: 11pt)[{value}]\n\n" for name, value in facts)
    return (
        "#page(margin: (x: 25mm, top: 30mm, bottom: 25mm), header: none, footer: none)[\n"
        f"#v(18mm)#block(width: 100%, inset: (bottom: 9mm), stroke: (bottom: 1.5pt + rgb(\"#263238\")), "
        f"par(leading: 0.3em, text(size: 32pt, weight: \"bold\")[{title}]))\n"
        f"#v(8mm)#text(size: 13pt)[{escape(meta.description)}]\n#v(20mm)\n{listed}"
        f"#place(bottom + left, text(size: 8.5pt, fill: rgb(\"#555555\"))[{escape(meta.copyright)}])\n]\n"
    )


CONTENTS = (
    "#heading(level: 1, outlined: false, numbering: none)[Contents] <contents>\n"
    "#outline(title: none, depth: 2, indent: 6mm)\n"
)


def _aliases(parts: list[tuple[Part, list[PrintChapter]]]) -> dict[str, str]:
    """A chapter's id -> the id its start is printed under: its title's, or its part's."""
    aliases = {}
    for part, chapters in parts:
        for index, item in enumerate(chapters):
            heading = first(item.article, "h2", "chapter-title")
            if index == 0 and opens_part(part, chapters) or heading is None or not heading.get("id"):
                aliases[item.chapter.prefix] = part.anchor if index == 0 else item.chapter.prefix
            else:
                aliases[item.chapter.prefix] = heading.get("id")
    return aliases


def _point_at_aliases(chapters: list[PrintChapter], aliases: dict[str, str]) -> None:
    for item in chapters:
        for link in with_attribute(item.article, "href", "a"):
            href = link.get("href")
            target = href[1:] if href.startswith("#") else None
            if target in aliases:
                link.set("href", "#" + aliases[target])


def _notes(chapters: list[PrintChapter]) -> dict[str, Element]:
    return {item.get("id"): item for chapter in chapters
            for notes in with_class(chapter.article, "footnote", "div")
            for item in notes.iterdescendants("li") if item.get("id")}


def _promote_headings(article: Element) -> None:
    """A chapter that opens its part has lost its title to the part's: its sections rise a level,
    so that no heading level is skipped (a screen reader's outline relies on it)."""
    for heading in named(article, {"h3", "h4", "h5", "h6"}):
        heading.tag = f"h{int(heading.tag[1]) - 1}"


def body_markup(parts: list[tuple[Part, list[PrintChapter]]], part_heading: str = "heading(level: 1)") -> str:
    chapters = [item for _, part_chapters in parts for item in part_chapters]
    for part, part_chapters in parts:
        if opens_part(part, part_chapters):
            _promote_headings(part_chapters[0].article)
    aliases = _aliases(parts)
    _point_at_aliases(chapters, aliases)
    ids = {element.get("id") for item in chapters for element in with_attribute(item.article, "id")}
    ids |= {part.anchor for part, _ in parts} | {prefix for prefix, target in aliases.items() if target == prefix}
    converter = Converter(ids=ids, notes=_notes(chapters))
    converter.labels |= {label_name(part.anchor) for part, _ in parts}
    out = []
    for part, part_chapters in parts:
        out.append(f"#{part_heading}[{escape(part.title)}] <{label_name(part.anchor)}>")
        for index, item in enumerate(part_chapters):
            if aliases[item.chapter.prefix] == item.chapter.prefix:  # no title: mark the start
                out.append(converter.anchor(new("span", id=item.chapter.prefix)))
            if index:
                out.append("#chapter-break()")
            out.append(converter.blocks(item.article))
    return "\n\n".join(out)


def book_markup(parts: list[tuple[Part, list[PrintChapter]]], meta: BookMeta) -> str:
    return (DESIGN.read_text(encoding="utf-8") + "\n" + cover_markup(meta) + CONTENTS
            + body_markup(parts) + "\n")


def brief_markup(parts: list[tuple[Part, list[PrintChapter]]]) -> str:
    """One page of the site alone, on at most two sheets: no cover, no contents, its notes at the foot."""
    return (DESIGN.read_text(encoding="utf-8") + "\n#set page(header: none)\n"
            + body_markup(parts, "heading(level: 1, outlined: false, bookmarked: true)") + "\n")
