"""What the book says of its own set of sources (how many, from when), derived from the data.

Pages use these as macros (`{{ sources_count() }}`); the site description in
mkdocs.yml and a page's `description:` use the same words, filled in by the
plugin (and by the PDF for its cover), so adding a source changes no sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import date_precision, format_date

_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve"]
_MACRO = re.compile(r"\{\{\s*(\w+)\(\)\s*(\|\s*capitalize\s*)?\}\}")


def number_word(count: int) -> str:
    return _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else f"{count:,}"


@dataclass(frozen=True)
class Scope:
    dates: tuple[str, ...]  # each annotated source's ISO date ('2021-08-13', '2021-08'), '' when undated
    without_address: int = 0


def scope_of(library) -> Scope:
    refs = [library.references[key] for key in library.sources if key in library.references]
    return Scope(tuple(str(ref.fields.get("date", ref.fields.get("year", ""))) for ref in refs),
                 sum(1 for ref in refs if not ref.url))


def span(dates: list[str]) -> str:
    """'August 2021 to May 2022': the first and last month (or year, or day) the dates give."""
    known = sorted(date for date in dates if date)
    if not known:
        return "undated"
    first, last = format_date(known[0]), format_date(known[-1])
    return first if first == last else f"{first} to {last}"


def scope_words(scope: Scope) -> dict[str, str]:
    known = sorted(date for date in scope.dates if date)
    return {
        "sources_count": number_word(len(scope.dates)),
        "sources_span": span([date[:7] for date in known]),
        "sources_first": format_date(known[0]) if known else "an unknown date",
        "sources_last": format_date(known[-1]) if known else "an unknown date",
        "sources_month_only": number_word(sum(1 for date in known if date_precision(date) == "month")),
        "sources_without_address": number_word(scope.without_address),
    }


def fill(text: str, words: dict[str, str]) -> str:
    """The text with `{{ name() }}` (or `{{ name()|capitalize }}`) replaced for each of `words`."""
    def replace(match: re.Match) -> str:
        if match.group(1) not in words:
            return match.group(0)
        value = words[match.group(1)]
        return value[:1].upper() + value[1:] if match.group(2) else value
    return _MACRO.sub(replace, text)
