"""The MkDocs plugin that wires the book's own modules into the build.

It runs after the macros plugin (so citations that macros emit are seen) and
does four things: checks every citation against the library, turns markers
into notes, records the citation graph, and fills the generated sections
(backlinks, the source-theme matrix) once every page is known.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .abbreviations import abbreviation_definitions
from .citations import find_citation_blocks
from .errors import BookError, Problem, line_of
from .graph import CitationGraph, CitingPage, cited_in_html, matrix_html
from .library import Library, load_library, placeholder_problems
from .notes import render_citations
from .source_page import CITED_IN_MARKER
from .sources_index import MATRIX_MARKER, keys_by_date

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(Config):
    cache_dir = config_options.Type(str, default=".cache/briefing")


class BriefingBookPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.library: Library | None = None
        self.graph = CitationGraph()
        self.problems: list[Problem] = []
        self.abbreviations = ""

    def on_startup(self, *, command, dirty) -> None:
        """Keep one plugin instance across `mkdocs serve` rebuilds (the library cache lives on)."""

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        try:
            self.library = load_library(root, root / self.config.cache_dir)
        except BookError as error:
            raise PluginError(str(error)) from None
        self.graph = CitationGraph()
        self.problems = []
        self.abbreviations = abbreviation_definitions(self.library.data.get("glossary", []))
        return config

    def on_page_markdown(self, markdown, page, config, files):
        library = self.library
        src = page.file.src_uri
        raw = page.file.content_string
        blocks = find_citation_blocks(markdown)
        problems = placeholder_problems(raw, f"docs/{src}")
        for block in blocks:
            line = line_of(raw, block.raw)
            where = f"docs/{src}" if line else f"docs/{src} (text generated from sources/ data)"
            problems += [Problem(where, line, f"in {block.raw}: {error}", "correct the marker") for error in block.errors]
            for cite in block.cites:
                found = library.cite_problem(cite)
                if found:
                    problems.append(Problem(where, line, f"in {block.raw}: {found[0]}", found[1]))
        if problems:
            for problem in problems:
                log.error(str(problem))
            self.problems += problems
            return markdown
        markdown, passages = render_citations(markdown, blocks, library, src)
        self.graph.record(CitingPage(src=src, url=page.url, title="", passages=tuple(passages)))
        self._pages_by_src[src] = page
        return markdown + self.abbreviations

    def on_pre_build(self, *, config) -> None:
        self._pages_by_src = {}
        self._nav_order = []

    def on_nav(self, nav, *, config, files):
        self._nav_order = [page.file.src_uri for page in nav.pages]
        return nav

    def on_env(self, env, *, config, files):
        if self.problems:
            raise PluginError(str(BookError(self.problems)))
        # Backlinks follow the book's order; titles are final only once every page is converted.
        order = {src: index for index, src in enumerate(self._nav_order)}
        self.graph.pages = dict(sorted(self.graph.pages.items(), key=lambda item: order.get(item[0], len(order))))
        for src, cited in list(self.graph.pages.items()):
            page = self._pages_by_src.get(src)
            title = page.title if page is not None and page.title else cited.title
            self.graph.pages[src] = CitingPage(src=src, url=cited.url, title=title, passages=cited.passages)
        return env

    def on_page_content(self, html, *, page, config, files):
        """Notes repeat the précis of other pages: keep them out of the search index."""
        return html.replace('<div class="footnote">', '<div class="footnote" data-search-exclude>', 1)

    def on_post_page(self, output, *, page, config):
        library = self.library
        if "<!-- briefing:" not in output:
            return output
        for key in library.sources:
            marker = CITED_IN_MARKER.format(key=key)
            if marker in output:
                output = output.replace(marker, cited_in_html(key, self.graph, page.url))
        if MATRIX_MARKER in output:
            keys = keys_by_date(library)
            labels = {key: library.references[key].label for key in keys}
            output = output.replace(MATRIX_MARKER, matrix_html(keys, labels, self.graph, page.url))
        return output
