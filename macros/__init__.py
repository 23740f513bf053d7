"""Macros that render the book's data into pages.

Registered with mkdocs-macros (`modules: [macros]` in mkdocs.yml). Each macro
is a thin call into a pure function of its own module; this file only wires
them up, so that it reads as the list of what pages may call.
"""

from __future__ import annotations

from pathlib import Path

from . import reference_pages, since, source_page, sources_index
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

    @env.macro
    def sources_table() -> str:
        return sources_index.sources_table(library(), page_src())

    @env.macro
    def source_theme_matrix() -> str:
        return sources_index.MATRIX_MARKER

    @env.macro
    def bibliography() -> str:
        return sources_index.bibliography(library(), page_src())

    def developments() -> list[dict]:
        return library().data.get("since", {}).get("developments", [])

    def as_of_now() -> since.AsOf | None:
        """The sources' span and the last review; None for a book without sources/since.yml."""
        reviewed = library().data.get("since", {}).get("reviewed")
        return since.as_of(library().references, reviewed) if reviewed else None

    @env.macro
    def timeline() -> str:
        events, when = library().data.get("timeline", []), as_of_now()
        if when is None or not developments():
            return reference_pages.timeline(events, page_src())
        later = since.timeline_events(developments(), when, page_src())
        return since.timeline_legend(when, page_src()) + reference_pages.timeline(events + later, page_src())

    @env.macro
    def as_of() -> str:
        """The line under a page's title: the sources' span, the last review, and where to read what followed."""
        when = as_of_now()
        return since.as_of_line(when, page_src()) if when else ""

    @env.macro
    def since_chapter() -> str:
        when = as_of_now()
        return since.chapter(developments(), when, page_src()) if when else ""

    @env.macro
    def since_box(theme: str) -> str:
        when = as_of_now()
        return since.theme_box(developments(), theme, when, page_src()) if when else ""

    @env.macro
    def watch(theme: str, kind: str) -> str:
        """A theme's `indicators` or `questions`, with their status as of the last review."""
        return since.watch_list(library().data["watch"], theme, kind, developments(), as_of_now(), page_src())

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
