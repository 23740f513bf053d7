"""The sources index table and the bibliography page (pure: library in, Markdown out)."""

from __future__ import annotations

import html
import re

from .dates import format_date
from .library import Library
from .links import relative_md_link, source_src, theme_links
from .text_safety import markdown_escaped
from .typography import bib_title

MATRIX_MARKER = "<!-- briefing:matrix -->"
# A formatted reference's link whose text is its own address.
_ADDRESS_LINK = re.compile(r'<a href="(https?://[^"<>\s]+)">\1</a>')


def keys_by_date(library: Library) -> list[str]:
    """Annotated sources, oldest first (partial ISO dates sort correctly as text)."""
    return sorted(library.sources, key=lambda key: (library.references[key].fields.get("date", ""), key))


def themes_covered(source: dict, themes: dict) -> list[str]:
    """The themes a source's précis are tagged with, in the book's order of themes."""
    tagged = {slug for item in source["precis"] for slug in item["themes"]}
    return [slug for slug in themes if slug in tagged]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def sources_table(library: Library, page_src: str) -> str:
    """The sources, oldest first: each work with its author, outlet, date and type under its title, and
    its thesis; the themes it informs only when they differ from one source to another (a column saying
    the same on every row says nothing). The table is laid out as cards on narrow screens."""
    keys = keys_by_date(library)
    themes = {key: tuple(themes_covered(library.sources[key], library.themes)) for key in keys}
    show_themes = len(set(themes.values())) > 1
    rows = ["| Source | Thesis |" + (" Themes |" if show_themes else ""),
            "| --- | --- |" + (" --- |" if show_themes else "")]
    for key in keys:
        source, ref = library.sources[key], library.references[key]
        fields = ref.fields
        outlet = fields.get("journal") or fields.get("organization") or fields.get("howpublished", "")
        author = ref.label.rsplit(" ", 1)[0] + (" (attributed)" if source.get("attribution") else "")
        date = format_date(fields.get("date", fields.get("year", "")))
        link = f"[{markdown_escaped(bib_title(fields.get('title', key)))}]({relative_md_link(page_src, source_src(key))})"
        meta = (f'<span class="sources-index__meta">{markdown_escaped(author)}, <em>{markdown_escaped(outlet)}</em>, '
                f'{date}; {source["article_type"]}</span>')
        cells = [f"{link}<br>{meta}", source["thesis"]]
        if show_themes:
            cells.append(theme_links(library.themes, list(themes[key]), page_src))
        rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return '<div class="sources-index" markdown>\n\n' + "\n".join(rows) + "\n\n</div>"


def _autolink(match: re.Match) -> str:
    address = html.unescape(match[1])
    # An address that, unescaped, holds '<' or '>' would end the autolink early and leave the rest as raw
    # HTML: such a link stays as pandoc escaped it.
    return match[0] if "<" in address or ">" in address else f"<{address}>"


def _addresses_as_autolinks(reference_html: str) -> str:
    """Each link whose text is its address as a Markdown autolink, whose text Markdown leaves as it is:
    as the link's text, 'https://…/824403-UN-reports…' would have its UN marked as an abbreviation."""
    return _ADDRESS_LINK.sub(_autolink, reference_html)


def bibliography(library: Library, page_src: str, downloads: str = "") -> str:
    """Every reference in Chicago author-date, annotated sources first, each linked to its page;
    `downloads` links the whole bibliography's files."""
    annotated = sorted(library.sources, key=lambda key: library.references[key].label)
    others = sorted((key for key in library.references if key not in library.sources),
                    key=lambda key: library.references[key].label)
    parts = [f'<p class="bib-downloads screen-only">Download the bibliography for a reference manager: {downloads}</p>', ""] \
        if downloads else []
    parts += ["## Annotated sources", ""]
    for key in annotated:
        link = relative_md_link(page_src, source_src(key))
        parts += [f'<div class="bib-entry" id="{key}" markdown>',
                  f"{_addresses_as_autolinks(library.references[key].full_html)} [Annotated source page]({link})",
                  "</div>", ""]
    if others:
        parts += ["", "## Other references", "",
                  "Documents cited to check a source’s statement against the wider record.", ""]
        for key in others:
            parts += [f'<div class="bib-entry" id="{key}" markdown>', _addresses_as_autolinks(library.references[key].full_html),
                      "</div>", ""]
    return "\n".join(parts) + "\n"
