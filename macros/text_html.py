"""The book's data texts (Markdown) as HTML, each rendered once and kept between builds.

A data text is converted with the site's own Markdown: the extensions and options of
mkdocs.yml's `markdown_extensions` (with the glossary's abbreviations), so a précis
renders as the same text would in a page, whichever way it reaches the page.
"""

from __future__ import annotations

import json
import re
from typing import Any

import markdown

from .disk_cache import DiskCache


def extensions_of(entries: list[Any] | None) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """mkdocs.yml's `markdown_extensions` as written (names, or a name with its options) as
    Python-Markdown takes them: the names in order, and the options by name."""
    names, configs = [], {}
    for entry in entries or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                configs[name] = dict(options or {})
        else:
            names.append(str(entry))
    return names, configs


# The extensions whose syntax `_BEYOND_ABBR` recognises; any other in mkdocs.yml turns the shortcut off.
# (MkDocs always adds toc, tables and fenced_code.)
_TRIGGERED = {"admonition", "attr_list", "fenced_code", "footnotes", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences"}
# Their syntax: tables, attribute lists, fences, raw HTML, footnotes, headings, [TOC], admonitions,
# details. A text with none of it converts the same with `abbr` alone, at two-thirds of the cost
# (tests/test_units.py compares the two on every text of the book and of the fixture).
_BEYOND_ABBR = re.compile(r"[|{}<`~#^]|\[TOC\]|^\s*(?:!!!|\?\?\?|=+\s*$|-+\s*$)", re.M)


def with_glossary(configs: dict[str, dict[str, Any]], glossary: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The options with the glossary's abbreviations given to `abbr`, which explains them on hover."""
    return {**configs, "abbr": {**configs.get("abbr", {}), "glossary": glossary}}


class TextRenderer:
    """Markdown to HTML as the site converts it, with the abbreviations the pages explain.

    Source pages and notes show texts from sources/ data (précis, bottom lines,
    annotations) that rarely change between builds. Converting them is most of
    what a source page costs, so each text is converted once and the result kept
    in `cache`, under the Markdown setting it was rendered with, for the next build.

    The data texts are contributors' and the library refuses any HTML in them (see
    text_safety); the card's rows add the formatted reference, HTML from pandoc.
    """

    def __init__(self, extensions: list[str], configs: dict[str, dict[str, Any]], cache: DiskCache | None = None) -> None:
        self._extensions, self._configs = extensions, configs
        self._markdown: markdown.Markdown | None = None  # made on the first text the cache lacks
        self._plain: markdown.Markdown | None = None  # the same Markdown for texts none of the others would read
        self._shortcut = "abbr" in extensions and set(extensions) - {"abbr"} <= _TRIGGERED
        self._setting = json.dumps([extensions, configs], sort_keys=True, default=repr)
        self._cache = cache if cache is not None else DiskCache(None)

    def block(self, text: str) -> str:
        """Paragraphs, lists and the rest, as Markdown makes them."""
        key = self._cache.key("text", self._setting, text)
        rendered = self._cache.get(key)
        if rendered is None:
            rendered = self._convert(text) if self._shortcut and not _BEYOND_ABBR.search(text) else self.convert(text)
            self._cache.put(key, rendered)
        return rendered

    def convert(self, text: str) -> str:
        """The text converted by the site's whole Markdown, uncached."""
        if self._markdown is None:
            self._markdown = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
        return self._markdown.reset().convert(text)

    def _convert(self, text: str) -> str:
        if self._plain is None:
            self._plain = markdown.Markdown(extensions=["abbr"], extension_configs={"abbr": self._configs.get("abbr", {})})
        return self._plain.reset().convert(text)

    def inline(self, text: str) -> str:
        """A single paragraph's content, without the <p>."""
        return self.block(text).removeprefix("<p>").removesuffix("</p>")

    def save(self) -> None:
        self._cache.save()
