"""BibTeX dates: an ISO `date` (2021, 2021-08, 2021-08-13) or a year with a month, agreeing with the card.

A source's card shows its BibTeX date followed by its date note, so the two must
say the same thing: the note gives the date as the book writes it ('August
2021'), and not a day the BibTeX date lacks.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import MONTHS, format_date
from .errors import Problem
from .references import Reference

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTH_NAMES = {name: number for number, month in enumerate(MONTHS, 1) for name in (month.lower(), month[:3].lower())}
_FIX = "write an ISO date: date = {2023-03-14}, or {2023-03} when only the month is known, with year = {2023} and month = mar"


def iso_date_error(value: str) -> str | None:
    """Why a BibTeX `date` is not a usable ISO date, or None."""
    match = _ISO.match(value.strip())
    if not match:
        return f"date = {{{value}}} is not an ISO date"
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return f"date = {{{value}}} is not a day of the calendar"
    return None


def month_number(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return _MONTH_NAMES.get(value)


def reference_date_problems(ref: Reference) -> list[Problem]:
    """An entry's date fields: a valid ISO `date`, or a `year` (with a `month` if known), in agreement."""
    fields = ref.fields
    if any("TODO" in fields.get(name, "") for name in ("date", "year", "month")):
        return []  # reported as placeholders still to fill
    problem = lambda message, fix=_FIX: Problem(ref.path, ref.line, f"in '{ref.key}': {message}", fix)  # noqa: E731
    if "date" in fields:
        error = iso_date_error(fields["date"])
        if error:
            return [problem(error)]
        parts = fields["date"].split("-")
        if "year" in fields and fields["year"].strip() != parts[0]:
            return [problem(f"year = {{{fields['year']}}} differs from date = {{{fields['date']}}}", "make them agree")]
        if "month" in fields and len(parts) > 1 and month_number(fields["month"]) != int(parts[1]):
            return [problem(f"month = {fields['month']} differs from date = {{{fields['date']}}}", "make them agree")]
        return []
    if "year" not in fields:
        return [problem("the entry has no date", _FIX)]
    if not re.fullmatch(r"\d{4}", fields["year"].strip()):
        return [problem(f"year = {{{fields['year']}}} is not a year", _FIX)]
    if "month" in fields and month_number(fields["month"]) is None:
        return [problem(f"month = {fields['month']} is not a month", "write the month as jan, feb, … dec")]
    return []


def card_date_problem(ref: Reference, date_note: str, path: str, line: int | None) -> Problem | None:
    """The date note must give the BibTeX date as the card writes it, and not a more precise one."""
    iso = ref.fields.get("date")
    if not iso or iso_date_error(iso) or "TODO" in date_note:
        return None
    shown = format_date(iso)
    note = " ".join(date_note.split())
    alone = [m for m in re.finditer(re.escape(shown), note) if not re.search(r"\d\s*$", note[:m.start()])]
    if alone:
        return None
    more_precise = re.search(r"\b\d{1,2} " + re.escape(shown), note) if len(iso) < 10 else None
    detail = (f"it gives {more_precise.group()}, a day the BibTeX date ({iso}) lacks" if more_precise
              else f"it never gives the BibTeX date ({iso}) as the card shows it, '{shown}'")
    return Problem(path, line, f"the date note disagrees with the BibTeX entry of '{ref.key}' ({ref.path}:{ref.line}): {detail}",
                   f"state '{shown}' in the date note, or correct date = {{…}} in {ref.path}")
