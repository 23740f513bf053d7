""""Edit this page" on a page drawn from data opens the data file, where its text is edited.

A source page is one line, `{{ source("key") }}`; the timeline, the register,
the glossary and the actors are a few lines around one macro. Their edit link
would open that stub; it opens `sources/<file>.yml` instead.
"""

from __future__ import annotations

import re

_DATA_MACRO = re.compile(r"\{\{\s*(source|timeline|disagreements|glossary|actors)\(\s*(?:[\"']([\w-]+)[\"'])?\s*\)\s*\}\}")
DOCS_PREFIX = "docs/"


def data_file(markdown: str) -> str | None:
    """The data file a page's text comes from, by the macro it calls, or None for a page of prose."""
    match = _DATA_MACRO.search(markdown)
    if match is None:
        return None
    name, key = match.groups()
    if name == "source":
        return f"sources/{key}.yml" if key else None
    return f"sources/{name}.yml"


def data_edit_url(edit_url: str | None, src: str, markdown: str) -> str | None:
    """The edit address of the page's data file, on the same branch as the page's own; else unchanged."""
    target = data_file(markdown)
    page_path = DOCS_PREFIX + src
    if not edit_url or target is None or not edit_url.endswith(page_path):
        return edit_url
    return edit_url[: -len(page_path)] + target
