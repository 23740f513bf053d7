"""The MkDocs plugin that wires the book's own modules into the build.

It runs after the macros plugin (so citations that macros emit are seen; it
refuses the other order, saying how to fix mkdocs.yml) and does six things:
checks every citation against the library, turns markers into notes, carries
the HTML that macros write past Markdown (passthrough), records the citation
graph, fills the generated sections (notes, backlinks, the source-theme matrix)
once every page is known, and writes the print manifest the PDF step reads.
Its settings are in config.py; the nav's Themes section comes from themes.yml.
The macros reach it only through `Book`, the interface below.

Addresses between pages come from MkDocs' own list of files, so they are right
however the site is built (with directory URLs, or as files for offline use).
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .abbreviations import abbreviations
from .book_scope import fill, scope_of, scope_words
from .edit_links import data_edit_url
from .citations import find_citation_blocks
from .corpus import corpus_dir_from_env
from .cite_export import write_exports
from .config import BookPaths, BriefingConfig
from .corrections import correction_problems
from .decoding import decode
from .disk_cache import DiskCache
from .errors import BookError, Problem, line_of
from .graph import CitationGraph, CitingPage, cited_in_html, matrix_html
from .library import Library, load_library, missing_source_pages, page_placeholder_problems, placeholder_problems
from .links import source_src
from .navigation import grouped_nav, with_theme_pages
from .notes import NOTES_MARKER, NoteContext, note_calls_html, render_citations, without_note_calls
from .passthrough import Passthrough, anchor_ids
from .pdf.outline import Part, manifest, print_parts, unknown_print_sections, write_manifest
from .references import pandoc_path
from .since_data import newest_date
from .source_page import CITED_IN_MARKER, Rendering
from .sources_index import MATRIX_MARKER, keys_by_date
from .text_html import TextRenderer, with_glossary
from .text_safety import reserved_marker_problems

log = logging.getLogger("mkdocs.plugins.briefing")
_CITED_IN = re.compile(re.escape(CITED_IN_MARKER).replace(re.escape("{key}"), r"(?P<key>\S+)"))


class Book(Protocol):
    """What the macros may ask of the build: the one library, and how to write a page."""

    def library_now(self) -> Library: ...

    def rendering_for(self, page: Page) -> Rendering: ...


def book_of(config: MkDocsConfig) -> Book:
    """The briefing plugin of this build, for the macros; a clear error when mkdocs.yml lacks it."""
    for plugin in config.plugins.values():
        if isinstance(plugin, BriefingBookPlugin):
            return plugin
    raise PluginError("the book's macros need the 'briefing' plugin: in mkdocs.yml, list '- briefing' under "
                      "plugins, below '- macros'")


def code_stamps() -> dict[str, int]:
    """Each module of the book's code (macros/) with the time it was last changed."""
    package = Path(__file__).resolve().parent
    return {path.relative_to(package.parent).as_posix(): path.stat().st_mtime_ns for path in package.rglob("*.py")}


def _anchors(toc):
    for anchor in toc:
        yield anchor
        yield from _anchors(anchor.children)


def plugin_order_problem(names: list[str], own: str) -> str | None:
    """What is wrong with the order of mkdocs.yml's plugins for this one (`own`), or None.

    The citations that macros write (a source page's, the reference pages') must exist
    before this plugin reads the page, so macros has to come first.
    """
    if "macros" not in names:
        return (f"the '{own}' plugin needs the 'macros' plugin, which renders the pages' {{{{ ... }}}} calls: "
                f"in mkdocs.yml, list '- macros: {{modules: [macros]}}' under plugins, before '- {own}'")
    if names.index("macros") > names.index(own):
        return (f"the '{own}' plugin runs before 'macros' in mkdocs.yml, so the citations macros write would be "
                f"published as raw [@key, para. N] markers: in mkdocs.yml's plugins, move '- {own}' below '- macros'")
    return None


class BriefingBookPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.library: Library | None = None
        self.graph = CitationGraph()
        self.problems: list[Problem] = []
        self.text_html: TextRenderer | None = None  # made in on_config, with the glossary
        self._files: Files | None = None
        self._pages_by_src: dict[str, Page] = {}
        self._nav_order: list[str] = []
        self._notes: dict[str, str] = {}
        self._block_ids: dict[str, set[str]] = {}
        self._passthrough = Passthrough()
        self._evidence_check = None  # the quotation and copying checks' process, while it runs
        self._print_parts: list[Part] = []
        self._code_at_start: dict[str, int] | None = None

    def on_startup(self, *, command, dirty) -> None:
        """Keep one plugin instance across `mkdocs serve` rebuilds (the library cache lives on).

        Python keeps the book's modules as first imported, so under `serve` an edit to
        macros/ would not show: each rebuild says so (`on_config`) instead of serving old code.
        """
        self._code_at_start = code_stamps() if command == "serve" else None

    def on_config(self, config):
        if self._code_at_start is not None:
            changed = sorted(name for name, stamp in code_stamps().items() if self._code_at_start.get(name) != stamp)
            if changed:
                log.warning(f"{', '.join(changed)} changed since the preview started, and Python keeps the code it "
                            "loaded: stop `make serve` (Ctrl-C) and start it again to see the change")
        names = list(config.plugins)
        own = next(name for name, plugin in config.plugins.items() if plugin is self)
        wrong_order = plugin_order_problem(names, own)
        if wrong_order:
            raise PluginError(wrong_order)
        paths = BookPaths(Path(config.config_file_path).parent, self.config)
        try:
            self.library = load_library(paths.root, paths.cache, paths.sources)
        except BookError as error:  # with the pages' placeholders, so that one pass lists every one
            problems = error.problems + page_placeholder_problems(paths.root, Path(config.docs_dir))
            raise PluginError(str(BookError(problems))) from None
        self.graph = CitationGraph()
        self.problems = []
        theme_pages = [(theme.title, theme.page) for theme in self.library.themes.values()]
        config.nav, nav_problem = with_theme_pages(config.nav, self.config.themes_section, theme_pages)
        if nav_problem:
            raise PluginError(nav_problem)
        config.nav = grouped_nav(config.nav, self.config.nav_group_size)
        unknown = unknown_print_sections(config.nav, self.config.print_parts)
        if unknown:
            raise PluginError(f"the briefing plugin's print_parts names {', '.join(map(repr, unknown))}, which "
                              "mkdocs.yml's nav has no section of, so the PDF would leave it out: rename it in "
                              "print_parts (under '- briefing:' in plugins) to match the nav, or restore the section")
        self._print_parts = print_parts(config.nav, self.config.print_parts)
        self._scope_words = scope_words(scope_of(self.library))  # counts and dates said in descriptions
        config.site_description = fill(config.site_description or "", self._scope_words)
        glossary = abbreviations(self.library.data.get("glossary", []))
        if "abbr" in config.markdown_extensions:
            config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
        # Data texts are converted as the pages are: the site's extensions and options, abbreviations included.
        self.text_html = TextRenderer(list(config.markdown_extensions), with_glossary(config.mdx_configs, glossary),
                                      DiskCache(paths.cache / "texts.json", valid=lambda value: isinstance(value, str)))
        # Pages' fenced HTML goes past Markdown through its own htmlStash (after the texts' setting is taken).
        self._passthrough = Passthrough()
        config.markdown_extensions.append(self._passthrough.extension())
        return config

    def on_files(self, files, *, config):
        self._files = files
        # MkDocs reads the pages next and has no message for a page that is not UTF-8.
        undecodable = [problem for file in files.documentation_pages()
                       for problem in decode(file.content_bytes, f"docs/{file.src_uri}")[1]]
        if undecodable:
            raise PluginError(str(BookError(undecodable)))
        problems = missing_source_pages(self.library, lambda src: files.get_file_from_path(src) is not None)
        paths = BookPaths(Path(config.config_file_path).parent, self.config)
        # Quotations and copying, as make check judges them (against the texts, else the fingerprints): from
        # the cache when no text they read changed, else in a process beside the build, collected in on_env.
        from .check import cached_evidence_problems, start_evidence_check  # here: `-m macros.check` imports us

        found = cached_evidence_problems(paths.root, corpus_dir_from_env(), paths.cache)
        self._evidence_check = start_evidence_check(paths.root, corpus_dir_from_env()) if found is None else None
        problems += found or []
        for problem in problems:
            log.error(str(problem))
        self.problems += problems
        return files

    def _bibliography_url(self, page) -> str | None:
        """The bibliography page relative to `page`, or None when the book has none."""
        assert self._files is not None, "on_files comes before any page"
        file = self._files.get_file_from_path(self.config.bibliography_page)
        return None if file is None else get_relative_url(file.url, page.url)

    def _url_from(self, page, src: str) -> str:
        """The address of docs/`src` relative to `page`, as MkDocs writes it."""
        assert self._files is not None, "on_files comes before any page"
        file = self._files.get_file_from_path(src)
        if file is None:  # source pages were checked in on_files; theme pages are fixed
            raise PluginError(f"docs/{page.file.src_uri} links to docs/{src}, which does not exist: "
                              f"add the page, or restore it from git")
        return get_relative_url(file.url, page.url)

    # The interface the macros use (see `Book`); nothing else of the plugin is theirs to read.

    def library_now(self) -> Library:
        """The library this build loaded (in on_config, before any page is rendered)."""
        if self.library is None:
            raise PluginError("the briefing plugin has not loaded the library: macros ran before its on_config")
        return self.library

    def rendering_for(self, page: Page) -> Rendering:
        """What the source page macro needs to write `page`'s HTML."""
        if self.text_html is None:
            raise PluginError("the briefing plugin has no text renderer: macros ran before its on_config")
        return Rendering(self.text_html, page.file.src_uri, functools.cache(lambda src: self._url_from(page, src)))

    def on_page_markdown(self, markdown, page, config, files):
        library = self.library
        src = page.file.src_uri
        raw = page.file.content_string
        page.edit_url = data_edit_url(page.edit_url, src, raw)  # a page drawn from data: edit the data file
        if isinstance(page.meta.get("description"), str):
            page.meta["description"] = fill(page.meta["description"], self._scope_words)
        blocks = find_citation_blocks(markdown)
        problems = placeholder_problems(raw, f"docs/{src}") + reserved_marker_problems(raw, f"docs/{src}")
        problems += correction_problems(raw, f"docs/{src}", library.data.get("disagreements", []))
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
        context = NoteContext(self.text_html.inline, functools.cache(lambda key: self._url_from(page, source_src(key))),
                              self._bibliography_url(page))
        markdown, notes, passages = render_citations(markdown, blocks, library, context)
        self._notes[src] = notes
        markdown, blocks = self._passthrough.set_aside(markdown)  # Markdown's htmlStash takes them back
        self._block_ids[src] = anchor_ids(blocks)
        self.graph.record(CitingPage(src=src, url=page.url, title="", passages=tuple(passages)))
        self._pages_by_src[src] = page
        return markdown

    def on_pre_build(self, *, config) -> None:
        self._pages_by_src = {}
        self._nav_order = []
        self._notes = {}
        self._block_ids = {}

    def on_nav(self, nav, *, config, files):
        self._nav_order = [page.file.src_uri for page in nav.pages]
        return nav

    def on_env(self, env, *, config, files):
        if self._evidence_check is not None:
            from .check import finish_evidence_check

            found = finish_evidence_check(self._evidence_check)
            self._evidence_check = None
            for problem in found:
                log.error(str(problem))
            self.problems += found
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
        block_ids = self._block_ids.get(page.file.src_uri)
        if block_ids and page.present_anchor_ids is not None:
            page.present_anchor_ids |= block_ids
        return note_calls_html(html)

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
            output = output.replace(MATRIX_MARKER, matrix_html(keys, labels, source_urls, self.graph, library.themes))
        return output

    def on_post_build(self, *, config) -> None:
        if self.text_html is not None:
            self.text_html.save()
        # The PDF step reads this, not mkdocs.yml: the parts as this build's navigation has them.
        library = self.library_now()
        meta = {
            "site_name": config.site_name, "site_description": config.site_description or "",
            "site_url": config.site_url or "", "copyright": config.copyright or "", "author": self.config.author,
            "source_months": [str(library.references[key].fields.get("date", ""))[:7] for key in library.sources],
            "reviewed": library.data.get("since", {}).get("reviewed"),  # the last review against the record
            "record_to": newest_date(library.data.get("since", {}).get("developments", [])),  # where that record stops
        }
        write_manifest(Path(config.site_dir) / self.config.manifest, manifest(self._print_parts, meta))
        paths = BookPaths(Path(config.config_file_path).parent, self.config)
        bib_texts = [path.read_text(encoding="utf-8") for path in sorted(paths.sources.glob("*.bib"))]
        write_exports(bib_texts, Path(config.site_dir), paths.cache, pandoc_path())
