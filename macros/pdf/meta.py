"""What the cover and the PDF's metadata say: from mkdocs.yml, the sources, and the build date."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from ..dates import format_date
from ..library import Library
from .assemble import BookMeta, number_word

AUTHOR = "The briefing book's contributors"


def edition_date() -> date:
    """Today, or the date SOURCE_DATE_EPOCH gives, so a rebuild of the same edition is identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def scope(library: Library) -> str:
    """'Five sources, August 2021 to May 2022': the annotated sources and the months they span."""
    months = sorted(library.references[key].fields.get("date", "")[:7] for key in library.sources)
    months = [month for month in months if month]
    count = f"{number_word(len(library.sources)).capitalize()} source{'s' if len(library.sources) != 1 else ''}"
    if not months:
        return count
    span = format_date(months[0]) if months[0] == months[-1] else f"{format_date(months[0])} to {format_date(months[-1])}"
    return f"{count}, {span}"


def book_meta(config: dict, library: Library, on: date) -> BookMeta:
    return BookMeta(
        title=config.get("site_name", ""),
        description=" ".join(str(config.get("site_description", "")).split()),
        author=AUTHOR,
        scope=scope(library),
        edition=format_date(on.isoformat()),
        edition_iso=on.isoformat(),
        site_url=config.get("site_url", ""),
        copyright=config.get("copyright", ""),
    )
