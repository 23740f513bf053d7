"""What the cover and the PDF's metadata say: from the print manifest the build wrote, and the build date."""

from __future__ import annotations

import os
from datetime import date, datetime, UTC

from ..book_scope import Scope, fill, number_word, scope_words
from ..dates import format_date
from .assemble import BookMeta

def edition_date() -> date:
    """Today, or the date SOURCE_DATE_EPOCH gives, so a rebuild of the same edition is identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def scope(months: list[str]) -> str:
    """'Five sources, August 2021 to May 2022', from each annotated source's month ('2021-08')."""
    count = f"{number_word(len(months)).capitalize()} source{'' if len(months) == 1 else 's'}"
    known = sorted(month for month in months if month)
    if not known:
        return count
    first, last = format_date(known[0]), format_date(known[-1])
    return f"{count}, {first}" if first == last else f"{count}, {first} to {last}"


def reviewed_scope(months: list[str], reviewed: str | None, record_to: str | None = None) -> str:
    """The scope line, with the last review and where the later record is and how far it runs, when the
    book keeps one."""
    if not reviewed:
        return scope(months)
    runs_to = f", which runs to {format_date(record_to)}" if record_to else ""
    return (f"{scope(months)}; reviewed against the later record on {format_date(reviewed)} "
            f"(see What has happened since{runs_to})")


def book_meta(config: dict, months: list[str], on: date) -> BookMeta:
    return BookMeta(
        title=config.get("site_name", ""),
        # The build fills the description's {{ sources_count() }} and the like; filled again for an older manifest.
        description=fill(" ".join(str(config.get("site_description", "")).split()), scope_words(Scope(tuple(months)))),
        author=config.get("author", ""),
        scope=reviewed_scope(months, config.get("reviewed"), config.get("record_to")),
        edition=format_date(on.isoformat()),
        edition_iso=on.isoformat(),
        site_url=config.get("site_url", ""),
        copyright=config.get("copyright", ""),
    )
