"""Render an annotated source page from its data file and BibTeX entry (pure: data in, page out).

The page's headings are Markdown, so that they make the page's contents; what is
under them is HTML, rendered from the data's Markdown texts by `Rendering.text`
and fenced so that it is carried past Markdown (see passthrough). Citations in
the texts stay as written, for the briefing plugin to turn into notes.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .citations import parse_locator
from .dates import format_date
from .library import Library
from .links import relative_md_link
from .themes import Theme
from .md_links import links_to_page
from .passthrough import html_block

CITED_IN_MARKER = "<!-- briefing:cited-in {key} -->"


class TextToHtml(Protocol):
    def block(self, text: str) -> str: ...
    def inline(self, text: str) -> str: ...


@dataclass(frozen=True)
class Rendering:
    """What a source page needs besides its data: Markdown texts as HTML, and other pages' addresses."""

    text: TextToHtml
    page_src: str  # the page's docs/ file
    url: Callable[[str], str]  # a docs/ file (src path) -> its address relative to this page


def locator_link(locator_text: str) -> str:
    """'paras. 4-5' -> a Markdown link to the first paragraph's anchor on the same page."""
    locator = parse_locator(locator_text)
    return f"[{locator.text}](#{locator.anchor})"


def author_line(source: dict, authors: tuple[str, ...]) -> str:
    attributed = " (attributed)" if source.get("attribution") else ""
    return (", ".join(authors) or "Author not known") + attributed


def text_section(markdown: str, rendering: Rendering) -> str:
    """A section's Markdown as HTML past Markdown, unless it links to another page (MkDocs rewrites
    and checks links to pages only in the Markdown it converts)."""
    return markdown if links_to_page(markdown) else html_block(rendering.text.block(markdown))


def card_rows(key: str, library: Library, downloads: str = "") -> list[tuple[str, str]]:
    """The card's rows: a name, and a value in Markdown."""
    source, ref = library.sources[key], library.references[key]
    fields = ref.fields
    affiliation = source["affiliation"] + ("" if source.get("affiliation_stated", True) else " (not stated in the article)")
    original = f"[{ref.url}]({ref.url})" if ref.url else "Address not known: the outlet’s own address was not found."
    rows = [
        ("Author", f"{author_line(source, ref.authors)}: {affiliation}"),
        ("Outlet", fields.get("journal") or fields.get("organization") or fields.get("howpublished", "")),
        ("Type", source["article_type"]),
        ("Date", f"{format_date(fields.get('date', fields.get('year', 'n.d.')))}. {source['date_note']}"),
        ("Original", original),
    ]
    if source.get("attribution"):
        rows.append(("Attribution", source["attribution"]))
    # The citation in code is written with an entity, so that it is shown, not cited.
    rows += [
        ("Paragraphs", f"{source['paragraphs']} body paragraphs, numbered as published (headings not counted)."),
        ("How to cite", f'{ref.full_html}<span class="screen-only"><br>In this book: <code>[&#64;{key}, para. N]</code>'
                        + (f"<br>For a reference manager: {downloads}" if downloads else "") + "</span>"),
    ]
    return [(name, " ".join(value.split())) for name, value in rows]


def card(key: str, library: Library, rendering: Rendering, downloads: str = "") -> str:
    cells = "".join(f"<tr>\n<td>{name}</td>\n<td>{rendering.text.inline(value)}</td>\n</tr>\n"
                    for name, value in card_rows(key, library, downloads))
    return ('<div class="source-card">\n<table>\n<thead>\n<tr>\n<th></th>\n<th></th>\n</tr>\n</thead>\n'
            f"<tbody>\n{cells}</tbody>\n</table>\n</div>")


def argument_map(source: dict) -> str:
    """The thesis and the numbered claims with their evidence, in Markdown."""
    lines = [f"**Thesis.** {source['argument_map']['thesis']}", ""]
    for number, claim in enumerate(source["argument_map"]["claims"], 1):
        lines.append(f"{number}. **{claim['claim']}** ({locator_link(claim['locator'])})")
        lines.append("")
        lines += [f"    - {item['text']} ({locator_link(item['locator'])})" for item in claim["evidence"]]
        lines.append("")
    return "\n".join(lines)


def theme_links_html(themes: dict[str, Theme], slugs, rendering: Rendering) -> str:
    return ", ".join(f'<a href="{html.escape(rendering.url(themes[slug].page))}">{rendering.text.inline(themes[slug].title)}</a>'
                     for slug in slugs)


def precis_section(source: dict, themes: dict[str, Theme], rendering: Rendering) -> str:
    blocks = []
    for item in source["precis"]:
        number = item["para"]
        links = theme_links_html(themes, item["themes"], rendering)
        theme_note = f' <span class="precis__themes">{links}</span>' if links else ""
        blocks.append(
            f'<div class="precis" id="para-{number}">\n'
            f'<p><a class="precis__number" href="#para-{number}" title="Link to paragraph {number}">¶ {number}</a>'
            f" {rendering.text.inline(item['text'].strip())}{theme_note}</p>\n</div>"
        )
    return "\n".join(blocks)


def key_passages(source: dict, surname: str, rendering: Rendering) -> str:
    """Each passage as a quotation with a Material annotation, "Why it matters", behind its (1)."""
    if not source["key_passages"]:
        return "<p>This source has no key passages quoted.</p>"
    blocks = []
    for item in source["key_passages"]:
        quote = rendering.text.inline(" ".join(item["quote"].split()))
        number = item["para"]
        blocks.append(
            '<div class="annotate key-passage">\n<blockquote>\n'
            f'<p>“{quote}”\n<span class="key-passage__source">{html.escape(surname)}, '
            f'<a href="#para-{number}">para. {number}</a></span> (1)</p>\n'
            "</blockquote>\n</div>\n"
            f"<ol>\n<li>{rendering.text.inline(' '.join(item['why'].split()))}</li>\n</ol>"
        )
    return "\n".join(blocks)


def themes_section(source: dict, themes: dict[str, Theme], rendering: Rendering) -> str:
    parts = []
    for slug, theme in themes.items():
        title, text = theme.title, source["themes"][slug].strip()
        # A text left to Markdown links the theme page as Markdown does, for MkDocs to rewrite.
        target = theme.page
        link = relative_md_link(rendering.page_src, target) if links_to_page(text) else rendering.url(target)
        parts.append(f"### {title}\n\n{text_section(f'{text} [Read the theme page]({link}).', rendering)}")
    return "\n\n".join(parts)


def source_page(key: str, library: Library, rendering: Rendering, downloads: str = "") -> str:
    """The whole annotated source page, below its title; `downloads` links its reference's files."""
    source, ref = library.sources[key], library.references[key]
    surname = ref.label.rsplit(" ", 1)[0]
    sections = [
        html_block(card(key, library, rendering, downloads)),
        "## Bottom line", text_section(source["bottom_line"].strip(), rendering),
        "## Context", text_section(source["context"].strip(), rendering),
        "## Argument map", text_section(argument_map(source), rendering),
        "## Paragraph by paragraph",
        "One précis per body paragraph, in the book’s words, numbered as published. "
        '<span class="screen-only">Each paragraph has a stable anchor (`#para-N`) that citations elsewhere link to.</span>',
        html_block(precis_section(source, library.themes, rendering)),
        "## Key passages", html_block(key_passages(source, surname, rendering)),
        "## Themes", themes_section(source, library.themes, rendering),
        "## Cited in this briefing",
        CITED_IN_MARKER.format(key=key),
    ]
    return "\n\n".join(sections) + "\n"
