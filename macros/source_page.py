"""Render an annotated source page from its data file and BibTeX entry (pure: data in, Markdown out)."""

from __future__ import annotations

from .citations import parse_locator
from .dates import format_date
from .library import THEMES, Library
from .links import relative_md_link, source_src, theme_links, theme_src

CITED_IN_MARKER = "<!-- briefing:cited-in {key} -->"


def locator_link(locator_text: str) -> str:
    """'paras. 4-5' -> a link to the first paragraph's anchor on the same page."""
    locator = parse_locator(locator_text)
    return f"[{locator.text}](#{locator.anchor})"


def author_line(source: dict, authors: tuple[str, ...]) -> str:
    attributed = " (attributed)" if source.get("attribution") else ""
    return (", ".join(authors) or "Author not known") + attributed


def card(key: str, library: Library) -> str:
    source, ref = library.sources[key], library.references[key]
    fields = ref.fields
    affiliation = source["affiliation"] + ("" if source.get("affiliation_stated", True) else " (not stated in the article)")
    original = f"[{ref.url}]({ref.url})" if ref.url else "Address not known: the outlet's own address was not found."
    rows = [
        ("Author", f"{author_line(source, ref.authors)}: {affiliation}"),
        ("Outlet", fields.get("journal") or fields.get("organization") or fields.get("howpublished", "")),
        ("Type", source["article_type"]),
        ("Date", f"{format_date(fields.get('date', fields.get('year', 'n.d.')))}. {source['date_note']}"),
        ("Original", original),
    ]
    if source.get("attribution"):
        rows.append(("Attribution", source["attribution"]))
    rows += [
        ("Paragraphs", f"{source['paragraphs']} body paragraphs, numbered as published (headings not counted)."),
        ("How to cite", f'{ref.full_html}<span class="screen-only"><br>In this book: `[@{key}, para. N]`</span>'),
    ]
    table = ["| | |", "| --- | --- |", *(f"| {name} | {' '.join(value.split())} |" for name, value in rows)]
    return "\n".join(['<div class="source-card" markdown>', "", *table, "", "</div>"])


def argument_map(source: dict) -> str:
    lines = [f"**Thesis.** {source['argument_map']['thesis']}", ""]
    for number, claim in enumerate(source["argument_map"]["claims"], 1):
        lines.append(f"{number}. **{claim['claim']}** ({locator_link(claim['locator'])})")
        lines.append("")
        lines += [f"    - {item['text']} ({locator_link(item['locator'])})" for item in claim["evidence"]]
        lines.append("")
    return "\n".join(lines)


def precis_section(key: str, source: dict, page_src: str) -> str:
    blocks = []
    for item in source["precis"]:
        themes = theme_links(item["themes"], page_src)
        theme_note = f' <span class="precis__themes">{themes}</span>' if themes else ""
        blocks.append(
            f'<div class="precis" id="para-{item["para"]}" markdown>\n'
            f'[¶ {item["para"]}](#para-{item["para"]}){{ .precis__number title="Link to paragraph {item["para"]}" }}'
            f' {item["text"].strip()}{theme_note}\n</div>'
        )
    return "\n\n".join(blocks)


def key_passages(key: str, source: dict, surname: str) -> str:
    if not source["key_passages"]:
        return "This source has no key passages quoted."
    blocks = []
    for item in source["key_passages"]:
        quote = " ".join(item["quote"].split())
        blocks.append(
            '<div class="annotate key-passage" markdown>\n'
            f'> “{quote}”\n> <span class="key-passage__source">{surname}, [para. {item["para"]}](#para-{item["para"]})</span> (1)\n'
            "</div>\n\n"
            f"1.  {' '.join(item['why'].split())}"
        )
    return "\n\n".join(blocks)


def themes_section(source: dict, page_src: str) -> str:
    parts = []
    for slug, title in THEMES.items():
        link = relative_md_link(page_src, theme_src(slug))
        parts.append(f"### {title}\n\n{source['themes'][slug].strip()} [Read the theme page]({link}).")
    return "\n\n".join(parts)


def source_page(key: str, library: Library, page_src: str | None = None) -> str:
    """The whole annotated source page, below its title."""
    page_src = page_src or source_src(key)
    source, ref = library.sources[key], library.references[key]
    surname = ref.label.rsplit(" ", 1)[0]
    sections = [
        card(key, library),
        "## Bottom line", source["bottom_line"].strip(),
        "## Context", source["context"].strip(),
        "## Argument map", argument_map(source),
        "## Paragraph by paragraph",
        "One précis per body paragraph, in the book’s words, numbered as published. "
        '<span class="screen-only">Each paragraph has a stable anchor (`#para-N`) that citations elsewhere link to.</span>',
        precis_section(key, source, page_src),
        "## Key passages", key_passages(key, source, surname),
        "## Themes", themes_section(source, page_src),
        "## Cited in this briefing",
        CITED_IN_MARKER.format(key=key),
    ]
    return "\n\n".join(sections) + "\n"
