"""The reference apparatus: timeline, register of disagreements, glossary, actors, house style.

Pure functions from validated data to Markdown. Citations stay as markers in
the Markdown they return; the plugin turns them into notes like any other.
"""

from __future__ import annotations

import html
from itertools import groupby

from .citations import find_citation_blocks
from .dates import date_precision, format_date
from .links import relative_md_link, source_src
from .themes import Theme

KIND_LABELS = {"fact": "Fact", "characterisation": "Characterisation", "prediction": "Prediction"}
REGISTER_SRC = "disagreements.md"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Between two tags: a comma for whoever reads the text (a screen reader, the PDF, a copied line),
# which the site's stylesheet hides where the tags show as chips.
TAG_SEPARATOR = '<span class="tag-separator">, </span>'


def theme_tags(themes: dict[str, Theme], slugs: list[str], page_src: str) -> str:
    """Markdown links (so MkDocs resolves and checks them), styled as tags."""
    return TAG_SEPARATOR.join(
        f"[{themes[slug].title}]({relative_md_link(page_src, themes[slug].page)}){{ .tag .tag--{slug} }}" for slug in slugs
    )


def timeline(events: list[dict], themes: dict[str, Theme], page_src: str) -> str:
    """Events grouped by year, oldest first, each with its date precision and theme tags."""
    ordered = sorted(events, key=lambda event: event["date"])
    filters = " ".join(
        f'<button type="button" class="md-button timeline-filter" data-theme="{slug}" aria-pressed="false">{title}</button>'
        for slug, title in ((slug, theme.title) for slug, theme in themes.items())
    )
    parts = [f'<div class="timeline-filters" hidden>Show only: {filters} '
             '<button type="button" class="md-button timeline-filter" data-theme="" aria-pressed="true">All</button></div>']
    seen: set[str] = set()
    for year, group in groupby(ordered, key=lambda event: event["date"][:4]):
        parts.append(f"## {year}")
        for event in group:
            label = event.get("date_label") or format_date(event["date"])
            precision = "approximate" if event.get("date_label") else date_precision(event["date"])
            variance = ""
            if event.get("disagreement"):
                link = relative_md_link(page_src, REGISTER_SRC, event["disagreement"])
                variance = f" [Sources differ: see the register]({link})."
            anchor = _unique(f"event-{event['date']}", seen)
            # A later series (the record since the sources) is marked as such, in words as well as colour.
            series = f' event--{event["series"]}' if event.get("series") else ""
            badge = f'<span class="event__series">{event["series_label"]}</span> ' if event.get("series_label") else ""
            # A heading per event: search finds each event as its own result, under its date.
            parts.append(
                f'<div class="event{series}" data-sort="{event["date"]}" data-themes="{" ".join(event["themes"])}" markdown>\n'
                f'### {label} {{ #{anchor} .event__date }}\n\n'
                f'{badge}<span class="event__precision">{precision}</span> '
                f'{_one_line(event["event"])}{variance} {theme_tags(themes, event["themes"], page_src)}\n</div>'
            )
    return "\n\n".join(parts) + "\n"


def disagreements(entries: list[dict], themes: dict[str, Theme], page_src: str) -> str:
    """One section per disagreement: the question, each position, the record, and how to read it."""
    parts = []
    for kind, label in KIND_LABELS.items():
        chosen = [entry for entry in entries if entry["kind"] == kind]
        if not chosen:
            continue
        parts.append(f"## {label}s" if kind != "characterisation" else "## Characterisations")
        for entry in chosen:
            positions = "\n".join(f"- {_one_line(position)}" for position in entry["positions"])
            record = f"\n\n**The wider record.** {_one_line(entry['record'])}" if entry.get("record") else ""
            parts.append(
                f"### {_one_line(entry['question'])} {{ #{entry['id']} }}\n\n"
                f'<p class="register-meta" markdown="span">{label} · {theme_tags(themes, entry["themes"], page_src)}</p>\n\n'
                f"{positions}{record}\n\n**Reading.** {_one_line(entry['reading'])}"
            )
    return "\n\n".join(parts) + "\n"


def register_links(entries: list[dict], theme: str, page_src: str) -> str:
    """The register entries that bear on one theme, as a list of links for the theme page."""
    chosen = [entry for entry in entries if theme in entry["themes"]]
    if not chosen:
        return ""
    items = "\n".join(
        f"- [{_one_line(entry['question'])}]({relative_md_link(page_src, REGISTER_SRC, entry['id'])}) "
        f"({KIND_LABELS[entry['kind']].lower()})"
        for entry in chosen
    )
    return f'<div class="register-links" markdown>\n\n{items}\n\n</div>\n'


def source_links(citation_text: str, page_src: str, labels: dict[str, str]) -> str:
    """A citation marker shown as direct links to the paragraphs (for lists where notes would swamp the page)."""
    links = []
    for block in find_citation_blocks(citation_text):
        for cite in block.cites:
            name = labels.get(cite.key, cite.key).rsplit(" ", 1)[0]
            if cite.locator and cite.locator.paragraphs:
                target = relative_md_link(page_src, source_src(cite.key), cite.locator.anchor)
                links.append(f"[{name}, {cite.locator.text}]({target})")
            else:
                links.append(name)
    return "; ".join(links)


def glossary(entries: list[dict], page_src: str, labels: dict[str, str]) -> str:
    """Each term under its own heading (search finds it as its own result), its meaning and its users."""
    parts = []
    for entry in sorted(entries, key=lambda entry: entry["term"].lower()):
        expansion = f"**{entry['expansion']}.** " if entry.get("expansion") else ""
        used_by = source_links(entry["used_by"], page_src, labels) if entry.get("used_by") else "the book only"
        parts.append(
            f'## {html.escape(entry["term"])} {{ #{_slug(entry["term"])} .glossary__term }}\n\n'
            f"{expansion}{_one_line(entry['definition'])}\n"
            f'<span class="glossary__used-by">Used by: {used_by}</span>'
        )
    return "\n\n".join(parts) + "\n"


def actors(entries: list[dict], page_src: str, labels: dict[str, str]) -> str:
    parts = []
    for kind, title in (("person", "People"), ("organisation", "Organisations"), ("state", "States and governments")):
        chosen = sorted((entry for entry in entries if entry["kind"] == kind), key=lambda entry: entry["name"])
        if not chosen:
            continue
        parts.append(f"## {title}")
        for entry in chosen:
            variants = ", ".join(f'<span class="variant">{html.escape(v)}</span>' for v in entry["variants"])
            also = f" <span class=\"actor__variants\">Also written in the sources: {variants}.</span>" if variants else ""
            parts.append(
                f'<div class="actor" markdown>\n'
                f'### {entry["name"]} {{ #{entry["id"]} .actor__name }}\n\n'
                f'{_one_line(entry["role"])}{also}\n'
                f'<span class="actor__sources">Discussed in: {source_links(entry["discussed_in"], page_src, labels)}</span>\n'
                "</div>"
            )
    return "\n\n".join(parts) + "\n"


def house_style(style: dict) -> str:
    rows = ["| The book writes | Not | Why |", "| --- | --- | --- |"]
    for name in style.get("names", []):
        variants = ", ".join(f'<span class="variant">{html.escape(v)}</span>' for v in name["variants"])
        rows.append(f"| {name['preferred']} | {variants} | {_one_line(name.get('note', ''))} |")
    rules = "\n".join(f"- {_one_line(rule)}" for rule in style.get("rules", []))
    return "## Names\n\n" + "\n".join(rows) + "\n\n## Other rules\n\n" + rules + "\n"


def _unique(anchor: str, seen: set[str]) -> str:
    """`anchor`, or `anchor-2`, `anchor-3`… when it is taken already (two events on one date)."""
    found, number = anchor, 1
    while found in seen:
        number += 1
        found = f"{anchor}-{number}"
    seen.add(found)
    return found


def _slug(term: str) -> str:
    return "term-" + "".join(ch.lower() if ch.isalnum() else "-" for ch in term).strip("-")
