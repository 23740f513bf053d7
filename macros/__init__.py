"""Macros that render the book's data into pages.

Registered with mkdocs-macros (`modules: [macros]` in mkdocs.yml). Each macro
is a thin call into a pure function of its own module; this file only wires
them up, so that it reads as the list of what pages may call.
"""

from __future__ import annotations

from pathlib import Path

from . import book_scope, reference_pages, source_page, sources_index
from .abbreviations import abbreviations
from .library import load_library
from .links import page_address
from .text_html import TextRenderer


def define_env(env) -> None:
    root = Path(env.conf.config_file_path).resolve().parent

    def briefing():
        """The briefing plugin, which loads the library and the text renderer once per build."""
        return env.conf.plugins.get("briefing")

    def library():
        # The fallback serves a configuration without the plugin.
        loaded = getattr(briefing(), "library", None)
        return loaded if loaded is not None else load_library(root)

    def page_src() -> str:
        return env.page.file.src_uri

    def rendering() -> source_page.Rendering:
        if getattr(briefing(), "text_html", None) is not None:
            return briefing().rendering_for(env.page)
        glossary = abbreviations(library().data.get("glossary", []))
        src, directory_urls = page_src(), env.conf.use_directory_urls
        return source_page.Rendering(TextRenderer(glossary), src,
                                     lambda target: page_address(src, target, directory_urls))

    @env.macro
    def source(key: str) -> str:
        """The annotated source page for `key`, from sources/<key>.yml and its BibTeX entry."""
        return source_page.source_page(key, library(), rendering())

    def scope_macro(name: str):
        return lambda: book_scope.scope_words(book_scope.scope_of(library()))[name]

    for name in book_scope.scope_words(book_scope.Scope(())):  # sources_count, sources_span, ...
        env.macro(scope_macro(name), name)

    @env.macro
    def sources_table() -> str:
        return sources_index.sources_table(library(), page_src())

    @env.macro
    def source_theme_matrix() -> str:
        return sources_index.MATRIX_MARKER

    @env.macro
    def bibliography() -> str:
        return sources_index.bibliography(library(), page_src())

    @env.macro
    def timeline() -> str:
        return reference_pages.timeline(library().data.get("timeline", []), page_src())

    @env.macro
    def disagreements() -> str:
        return reference_pages.disagreements(library().data.get("disagreements", []), page_src())

    @env.macro
    def register_entries(theme: str) -> str:
        return reference_pages.register_links(library().data.get("disagreements", []), theme, page_src())

    def labels() -> dict[str, str]:
        return {key: ref.label for key, ref in library().references.items()}

    @env.macro
    def glossary() -> str:
        return reference_pages.glossary(library().data.get("glossary", []), page_src(), labels())

    @env.macro
    def actors() -> str:
        return reference_pages.actors(library().data.get("actors", []), page_src(), labels())

    @env.macro
    def house_style() -> str:
        return reference_pages.house_style(library().data.get("house-style", {}))
