"""Précis text as inline HTML for notes, rendered once per paragraph and kept between builds."""

from __future__ import annotations

import json

import markdown
from markdown.extensions.abbr import AbbrExtension

from .disk_cache import DiskCache, digest


class PrecisRenderer:
    """Markdown to inline HTML, with the abbreviations the pages explain.

    A note repeats a précis that its source page also shows. Rendering is the
    costly part of a note, so each text is rendered once and the result kept in
    `cache` (under the abbreviations it was rendered with) for the next build.
    """

    def __init__(self, abbreviations: dict[str, str], cache: DiskCache | None = None) -> None:
        self._markdown = markdown.Markdown(extensions=[AbbrExtension(glossary=abbreviations)])
        self._setting = json.dumps(abbreviations, sort_keys=True)
        self._cache = cache if cache is not None else DiskCache(None)

    def __call__(self, text: str) -> str:
        key = digest(self._setting, text)
        rendered = self._cache.get(key)
        if rendered is None:
            converted = self._markdown.reset().convert(text)
            rendered = converted.removeprefix("<p>").removesuffix("</p>")
            self._cache.put(key, rendered)
        return rendered

    def save(self) -> None:
        self._cache.save()
