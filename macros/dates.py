"""Partial ISO dates ("2021", "2021-08", "2021-08-13") shown as the book writes them."""

from __future__ import annotations

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
