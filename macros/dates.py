"""Partial ISO dates ("2021", "2021-08", "2021-08-13") shown as the book writes them."""

from __future__ import annotations

import re
from datetime import date

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
PRECISION = {1: "year", 2: "month", 3: "day"}


def date_precision(iso: str) -> str:
    return PRECISION[len(iso.split("-"))]


def format_date(iso: str) -> str:
    """'2021-08-13' -> '13 August 2021'; '2021-08' -> 'August 2021'; '2021' -> '2021'."""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


_PARTIAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def is_partial_date(value: object) -> bool:
    """A real year, month or day written as format_date reads it ('2021', '2021-08', '2021-08-13')."""
    if not isinstance(value, str) or not _PARTIAL.fullmatch(value):
        return False
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True
