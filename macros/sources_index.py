"""The sources index table and the bibliography page (pure: library in, Markdown out)."""

from __future__ import annotations

from .dates import format_date
from .library import Library
from .links import relative_md_link, source_src, theme_links
from .text_safety import markdown_escaped

MATRIX_MARKER = "<!-- briefing:matrix -->"


def keys_by_date(library: Library) -> list[str]:
    """Annotated sources, oldest first (partial ISO dates sort correctly as text)."""
    return sorted(library.sources, key=lambda key: (library.references[key].fields.get("date", ""), key))


def themes_covered(source: dict, themes: dict) -> list[str]:
    """The themes a source's précis are tagged with, in the book's order of themes."""
    tagged = {slug for item in source["precis"] for slug in item["themes"]}
    return [slug for slug in themes if slug in tagged]


def sources_table(library: Library, page_src: str) -> str:
    rows = ["| Source | Author | Outlet | Date | Type | Thesis | Themes |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for key in keys_by_date(library):
        source, ref = library.sources[key], library.references[key]
        fields = ref.fields
        outlet = fields.get("journal") or fields.get("organization") or fields.get("howpublished", "")
        author = ref.label.rsplit(" ", 1)[0] + (" (attributed)" if source.get("attribution") else "")
        themes = theme_links(library.themes, themes_covered(source, library.themes), page_src)
        title = markdown_escaped(fields.get("title", key).replace("{", "").replace("}", ""))
        cells = [
            f"[{title}]({relative_md_link(page_src, source_src(key))})",
            author, outlet, format_date(fields.get("date", fields.get("year", ""))), source["article_type"],
            " ".join(source["thesis"].split()), themes,
        ]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows)


def bibliography(library: Library, page_src: str) -> str:
    """Every reference in Chicago author-date, annotated sources first, each linked to its page."""
    annotated = sorted(library.sources, key=lambda key: library.references[key].label)
    others = sorted((key for key in library.references if key not in library.sources),
                    key=lambda key: library.references[key].label)
    parts = ["## Annotated sources", ""]
    for key in annotated:
        link = relative_md_link(page_src, source_src(key))
        parts += [f'<div class="bib-entry" id="{key}" markdown>',
                  f"{library.references[key].full_html} [Annotated source page]({link})", "</div>", ""]
    if others:
        parts += ["", "## Other references", "",
                  "Documents cited to check a source's statement against the wider record.", ""]
        for key in others:
            parts += [f'<div class="bib-entry" id="{key}" markdown>', library.references[key].full_html, "</div>", ""]
    return "\n".join(parts) + "\n"
