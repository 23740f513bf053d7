"""The book's data texts (Markdown) as HTML, each rendered once and kept between builds."""

from __future__ import annotations

import json

import markdown
from markdown.extensions.abbr import AbbrExtension

from .disk_cache import DiskCache


class TextRenderer:
    """Markdown to HTML, with the abbreviations the pages explain.

    Source pages and notes show texts from sources/ data (précis, bottom lines,
    annotations) that rarely change between builds. Converting them is most of
    what a source page costs, so each text is converted once and the result kept
    in `cache`, under the abbreviations it was rendered with, for the next build.

    The data texts are contributors' and the library refuses any HTML in them (see
    text_safety); the card's rows add the formatted reference, HTML from pandoc.
    """

    def __init__(self, abbreviations: dict[str, str], cache: DiskCache | None = None) -> None:
        self._markdown = markdown.Markdown(extensions=[AbbrExtension(glossary=abbreviations)])
        self._setting = json.dumps(abbreviations, sort_keys=True)
        self._cache = cache if cache is not None else DiskCache(None)

    def block(self, text: str) -> str:
        """Paragraphs, lists and the rest, as Markdown makes them."""
        key = self._cache.key("text", self._setting, text)
        rendered = self._cache.get(key)
        if rendered is None:
            rendered = self._markdown.reset().convert(text)
            self._cache.put(key, rendered)
        return rendered

    def inline(self, text: str) -> str:
        """A single paragraph's content, without the <p>."""
        return self.block(text).removeprefix("<p>").removesuffix("</p>")

    def save(self) -> None:
        self._cache.save()
