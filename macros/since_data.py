"""Checks on the record since the sources that a schema cannot express.

`since.yml` (developments after the five sources, and the date of the last review) and `watch.yml`
(each theme's indicators and open questions with their status) refer to each other and to the
sources' dates: a development must fall after the last source and no later than the review, and an
answer must name developments that exist.
"""

from __future__ import annotations

from typing import Any

from .citations import find_citation_blocks
from .dates import is_partial_date
from .errors import Problem, line_of

SINCE = "sources/since.yml"
WATCH = "sources/watch.yml"


def last_source_month(source_dates: list[str]) -> str | None:
    """The latest 'YYYY-MM' among the annotated sources' BibTeX dates."""
    months = sorted(value[:7] for value in source_dates if value and len(value) >= 7)
    return months[-1] if months else None


def newest_date(developments: list[dict]) -> str | None:
    """The date of the newest development recorded: where the record since the sources stops."""
    return max((item["date"] for item in developments), default=None)


def cited_keys(text: str) -> list[str]:
    """The keys a text cites, each once, in order."""
    keys: list[str] = []
    for block in find_citation_blocks(text):
        keys += [cite.key for cite in block.cites if cite.key not in keys]
    return keys


def since_problems(since: dict[str, Any], text: str, source_dates: list[str]) -> list[Problem]:
    """Ids used once; dates real, after the last source and not after the review."""
    problems = []
    reviewed = since["reviewed"]
    if not (len(reviewed) == 10 and is_partial_date(reviewed)):  # a day, not a month
        problems.append(Problem(SINCE, line_of(text, "reviewed:"), f"the review date '{reviewed}' is not a date",
                                "write the day of the last review as YYYY-MM-DD"))
    last = last_source_month(source_dates)
    seen: set[str] = set()
    for item in since["developments"]:
        line = line_of(text, f"id: {item['id']}")
        if item["id"] in seen:
            problems.append(Problem(SINCE, line, f"the id '{item['id']}' is used twice", "give each development its own id"))
        seen.add(item["id"])
        if "dispute" in item and len(cited_keys(item["dispute"])) < 2:
            problems.append(Problem(SINCE, line, f"the dispute of '{item['id']}' cites fewer than two reports",
                                    "cite each report that gives a different date or figure, at least two"))
        when = item["date"]
        if not is_partial_date(when):
            problems.append(Problem(SINCE, line, f"'{item['id']}' has the date '{when}', which does not exist",
                                    "correct the date (YYYY-MM-DD, or YYYY-MM for a month)"))
        if last and when[:7] <= last:
            problems.append(Problem(SINCE, line, f"'{item['id']}' is dated {when}, not after the last source ({last})",
                                    "developments start after the five sources; cite the sources for earlier events"))
        if when > reviewed:
            problems.append(Problem(SINCE, line, f"'{item['id']}' is dated {when}, after the review date {reviewed}",
                                    "move the review date forward, or correct the development's date"))
    return problems


def watch_problems(watch: dict[str, Any], text: str, since: dict[str, Any] | None) -> list[Problem]:
    """Every development an answer names exists in since.yml."""
    known = {item["id"] for item in (since or {}).get("developments", [])}
    problems = []
    for theme, kinds in watch.items():
        for kind, items in kinds.items():
            for item in items:
                for development in item.get("settled_by", []):
                    if development not in known:
                        line = line_of(text, development) or line_of(text, f"{theme}:")
                        problems.append(Problem(WATCH, line, f"{theme} {kind}: settled_by names '{development}', "
                                                "which is not a development in sources/since.yml",
                                                "use the id of a development in sources/since.yml, or add it there"))
    return problems
