"""The MkDocs plugin that wires the book's own modules into the build.

It runs after the macros plugin (so citations that macros emit are seen) and
does five things: checks every citation against the library, turns markers
into notes, carries the HTML that macros write past Markdown (passthrough),
records the citation graph, and fills the generated sections (notes,
backlinks, the source-theme matrix) once every page is known.

Addresses between pages come from MkDocs' own list of files, so they are right
however the site is built (with directory URLs, or as files for offline use).
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.utils import get_relative_url

from .abbreviations import abbreviations
from .citations import find_citation_blocks
from .cite_export import write_exports
from .disk_cache import DiskCache
from .errors import BookError, Problem, line_of
from .graph import CitationGraph, CitingPage, cited_in_html, matrix_html
from .library import Library, load_library, missing_source_pages, placeholder_problems
from .links import source_src
from .navigation import grouped_nav
from .notes import NOTES_MARKER, NoteContext, note_calls_html, render_citations, without_note_calls
from .passthrough import anchor_ids, put_back, set_aside
from .references import pandoc_path
from .source_page import CITED_IN_MARKER, Rendering
from .sources_index import MATRIX_MARKER, keys_by_date
from .text_html import TextRenderer

log = logging.getLogger("mkdocs.plugins.briefing")
_CITED_IN = re.compile(re.escape(CITED_IN_MARKER).replace(re.escape("{key}"), r"(?P<key>\S+)"))


def _anchors(toc):
    for anchor in toc:
        yield anchor
        yield from _anchors(anchor.children)


class BriefingConfig(Config):
    cache_dir = config_options.Type(str, default=".cache/briefing")


class BriefingBookPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.library: Library | None = None
        self.graph = CitationGraph()
        self.problems: list[Problem] = []
        self.text_html: TextRenderer | None = None  # made in on_config, with the glossary
        self._files = None
        self._notes: dict[str, str] = {}
        self._html_blocks: dict[str, list[str]] = {}

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
        config.nav = grouped_nav(config.nav)
        glossary = abbreviations(self.library.data.get("glossary", []))
        if "abbr" in config.markdown_extensions:
            config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
        self.text_html = TextRenderer(glossary, DiskCache(root / self.config.cache_dir / "texts.pickle"))
        return config

    def on_files(self, files, *, config):
        self._files = files
        problems = missing_source_pages(self.library, lambda src: files.get_file_from_path(src) is not None)
        for problem in problems:
            log.error(str(problem))
        self.problems += problems
        return files

    def _url_from(self, page, src: str) -> str:
        """The address of docs/`src` relative to `page`, as MkDocs writes it."""
        file = self._files.get_file_from_path(src)
        if file is None:  # source pages were checked in on_files; theme pages are fixed
            raise PluginError(f"docs/{page.file.src_uri} links to docs/{src}, which does not exist: "
                              f"add the page, or restore it from git")
        return get_relative_url(file.url, page.url)

    def rendering_for(self, page) -> Rendering:
        """What the source page macro needs to write `page`'s HTML."""
        return Rendering(self.text_html, page.file.src_uri, functools.cache(lambda src: self._url_from(page, src)))

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
        if self.problems:
            return markdown  # the build stops at on_env; notes need what the problems say is missing
        context = NoteContext(self.text_html.inline, functools.cache(lambda key: self._url_from(page, source_src(key))))
        markdown, notes, passages = render_citations(markdown, blocks, library, context)
        self._notes[src] = notes
        markdown, self._html_blocks[src] = set_aside(markdown)
        self.graph.record(CitingPage(src=src, url=page.url, title="", passages=tuple(passages)))
        self._pages_by_src[src] = page
        return markdown

    def on_pre_build(self, *, config) -> None:
        self._pages_by_src = {}
        self._nav_order = []
        self._notes = {}
        self._html_blocks = {}

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
        for anchor in _anchors(page.toc):
            anchor.title = without_note_calls(anchor.title)
        blocks = self._html_blocks.get(page.file.src_uri, [])
        if blocks and page.present_anchor_ids is not None:
            page.present_anchor_ids |= anchor_ids(blocks)
        return note_calls_html(put_back(html, blocks))

    def on_post_page(self, output, *, page, config):
        library = self.library
        if "<!-- briefing:" not in output:
            return output
        # Notes go in after search has indexed the page: they repeat the précis of other pages.
        output = output.replace(NOTES_MARKER, self._notes.get(page.file.src_uri, ""), 1)
        # One pass over the page: searching it once per source made the build quadratic.
        output = _CITED_IN.sub(
            lambda found: cited_in_html(found["key"], self.graph, page.url) if found["key"] in library.sources
            else found[0],
            output,
        )
        if MATRIX_MARKER in output:
            keys = keys_by_date(library)
            labels = {key: library.references[key].label for key in keys}
            source_urls = {key: self._url_from(page, source_src(key)) for key in keys}
            output = output.replace(MATRIX_MARKER, matrix_html(keys, labels, source_urls, self.graph))
        return output

    def on_post_build(self, *, config) -> None:
        self.text_html.save()
        root = Path(config.config_file_path).resolve().parent
        bib_texts = [path.read_text(encoding="utf-8") for path in sorted((root / "sources").glob("*.bib"))]
        write_exports(bib_texts, Path(config.site_dir), root / self.config.cache_dir, pandoc_path())
