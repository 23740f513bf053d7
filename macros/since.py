"""The record since the sources, as pages: the chapter, the theme boxes, the indicators and the book's date.

Pure functions from the validated data (sources/since.yml, sources/watch.yml, the sources' BibTeX
dates) to Markdown. Citations stay as markers; the plugin makes the notes. The span of the sources
is read from their BibTeX dates, never written by hand, so a new source moves every "as of" line.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from .dates import date_precision, format_date
from .library import ANNOTATED_BIB
from .links import relative_md_link
from .reference_pages import theme_tags
from .references import Reference
from .since_data import cited_keys, newest_date
from .themes import Theme

SINCE_SRC = "since.md"
STATUS_LABELS = {"open": "Open", "answered": "Answered", "overtaken": "Overtaken"}
KIND_TITLES = {"indicators": "Indicators to watch", "questions": "Open questions"}
_COUNT_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


@dataclass(frozen=True)
class AsOf:
    """How current the book is: the span of its sources and the date of its last review."""

    first_month: str  # '2021-08'
    last_month: str  # '2022-05'
    sources: int
    reviewed: str  # '2026-12-07'
    record_to: str | None = None  # the newest development recorded since the sources: '2026-03-18'

    @property
    def span(self) -> str:
        """'August 2021 to May 2022'."""
        first, last = format_date(self.first_month), format_date(self.last_month)
        return first if first == last else f"{first} to {last}"

    @property
    def since_label(self) -> str:
        """'Since May 2022': the title of the boxes and of the timeline's later series."""
        return f"Since {format_date(self.last_month)}"

    @property
    def count_words(self) -> str:
        """'five sources'."""
        word = _COUNT_WORDS[self.sources] if self.sources < len(_COUNT_WORDS) else str(self.sources)
        return f"{word} source{'' if self.sources == 1 else 's'}"


def as_of(references: dict[str, Reference], reviewed: str, developments: list[dict] | None = None) -> AsOf:
    """The span of the annotated sources (their BibTeX dates, cut to the month), the review date and
    the newest development recorded."""
    months = sorted(ref.fields["date"][:7] for ref in references.values()
                    if ref.path.endswith("/" + ANNOTATED_BIB) and len(ref.fields.get("date", "")) >= 7)
    return AsOf(months[0], months[-1], len(months), reviewed, newest_date(developments or []))


def as_of_line(when: AsOf, page_src: str) -> str:
    """The line under a page's title that dates the book and points to what has happened since."""
    onward = "" if page_src == SINCE_SRC else \
        f" [What has happened since]({relative_md_link(page_src, SINCE_SRC)}) lists the later developments."
    record = f", and records later developments up to {format_date(when.record_to)}" if when.record_to else ""
    return (f'<p class="as-of" markdown="span">**As of {format_date(when.reviewed)}.** The {when.count_words} run '
            f"from {when.span}; the book was last reviewed against the wider record on "
            f"{format_date(when.reviewed)}{record}.{onward}</p>\n")


def _newest_first(developments: list[dict]) -> list[dict]:
    return sorted(developments, key=lambda item: item["date"], reverse=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _date_label(item: dict) -> str:
    return format_date(item["date"])


def chapter(developments: list[dict], themes: dict[str, Theme], page_src: str) -> str:
    """Every development, oldest first, grouped by year, each with its themes and any dispute."""
    parts = []
    ordered = sorted(developments, key=lambda item: item["date"])
    for year, group in groupby(ordered, key=lambda item: item["date"][:4]):
        parts.append(f"## {year}")
        for item in group:
            dispute = f"\n\n**Reports differ.** {_one_line(item['dispute'])}" if item.get("dispute") else ""
            parts.append(
                f"### {_date_label(item)}: {_one_line(item['title'])} {{ #{item['id']} }}\n\n"
                f'<p class="since-meta" markdown="span">Known to the {date_precision(item["date"])} · '
                f'{theme_tags(themes, item["themes"], page_src)}</p>\n\n'
                f"{_one_line(item['text'])}{dispute}"
            )
    return "\n\n".join(parts) + "\n"


def theme_box(developments: list[dict], theme: str, when: AsOf, page_src: str) -> str:
    """A theme's developments since the sources, newest first, each linking to its entry in the chapter."""
    chosen = [item for item in _newest_first(developments) if theme in item["themes"]]
    if not chosen:
        return ""
    items = "\n".join(
        f"    - {_date_label(item)}: [{_one_line(item['title'])}]({relative_md_link(page_src, SINCE_SRC, item['id'])})"
        for item in chosen
    )
    return (f'!!! info since-box "{when.since_label}"\n\n'
            f"    After the {when.count_words}, newest first, to the review of {format_date(when.reviewed)}; "
            f"each is told and cited in [What has happened since]({relative_md_link(page_src, SINCE_SRC)}).\n\n"
            f"{items}\n")


def watch_list(watch: dict, theme: str, kind: str, developments: list[dict], when: AsOf, page_src: str) -> str:
    """A theme's indicators or open questions, each with its status and, when settled, how and by what."""
    by_id = {item["id"]: item for item in developments}
    lines = [f'<p class="watch-asof">Status as of {format_date(when.reviewed)}.</p>', ""]
    for item in watch[theme][kind]:
        status = item["status"]
        badge = f'<span class="watch-status watch-status--{status}">{STATUS_LABELS[status]}</span>'
        lines.append(f"- {_one_line(item['text'])} {badge}")
        if item.get("answer"):
            links = "; ".join(
                f"[{_date_label(by_id[key])}]({relative_md_link(page_src, SINCE_SRC, key)})"
                for key in sorted(item["settled_by"], key=lambda key: by_id[key]["date"])
            )
            lines += ["", f"    {_one_line(item['answer'])} See {links}.", ""]
    return "\n".join(lines) + "\n"


def _markers(item: dict) -> str:
    """One citation marker with every report a development cites, for its line on the timeline."""
    return "[" + "; ".join(f"@{key}" for key in cited_keys(f"{item['text']} {item.get('dispute', '')}")) + "]"


def timeline_events(developments: list[dict], when: AsOf, page_src: str) -> list[dict]:
    """The developments as timeline events of their own series, each linking to the chapter."""
    return [
        {
            "date": item["date"],
            "event": f"[{_one_line(item['title'])}]({relative_md_link(page_src, SINCE_SRC, item['id'])}) {_markers(item)}.",
            "themes": item["themes"],
            "series": "since",
            "series_label": when.since_label,
        }
        for item in developments
    ]


def timeline_legend(when: AsOf, page_src: str) -> str:
    return (f'<p class="timeline-legend" markdown="span">Entries marked '
            f'<span class="event__series">{when.since_label}</span> come from the wider record after the '
            f"{when.count_words}, not from the sources themselves; each is told in full in "
            f"[What has happened since]({relative_md_link(page_src, SINCE_SRC)}).</p>\n\n")
