"""Macros that render the book's data into pages.

Registered with mkdocs-macros (`modules: [macros]` in mkdocs.yml). Each macro
is a thin call into a pure function of its own module; this file only wires
them up, so that it reads as the list of what pages may call. What the macros
need from the build (the library, a page's rendering) they ask of the briefing
plugin through its small interface (`Book` in plugin.py), which mkdocs.yml must list.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .library import Library


def define_env(env) -> None:
    # Imported here, not above: `python -m macros.pdf` and `macros.check` import this package
    # too, and need none of MkDocs.
    from . import book_scope, cite_export, reference_pages, since, source_page, sources_index
    from .links import page_address
    from .plugin import book_of

    book = book_of(env.conf)
    root = Path(env.conf.config_file_path).resolve().parent

    def library() -> Library:
        return book.library_now()

    def page_src() -> str:
        return env.page.file.src_uri

    def rendering() -> source_page.Rendering:
        return book.rendering_for(env.page)

    def site_root() -> str:
        """The site's root folder as seen from the page ('../../', or '../' for the offline copy's files)."""
        return page_address(page_src(), "index.md", env.conf.use_directory_urls).removesuffix("index.html")

    @env.macro
    def source(key: str) -> str:
        """The annotated source page for `key`, from sources/<key>.yml and its BibTeX entry."""
        if key in library().references:  # an unknown key is reported by the page itself
            ref = library().references[key]
            bib_text = (root / ref.path).read_text(encoding="utf-8")
            env.page.meta["citation"] = cite_export.highwire_meta(ref, cite_export.entry_type(bib_text, key))
            if key in library().sources:  # a shared link describes the source by its thesis
                env.page.meta.setdefault("description", " ".join(library().sources[key]["thesis"].split()))
        return source_page.source_page(key, library(), rendering(), downloads=cite_export.download_links(key, site_root()))

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
        return sources_index.bibliography(library(), page_src(),
                                          downloads=cite_export.download_links(cite_export.ALL, site_root()))

    def developments() -> list[dict]:
        return library().data.get("since", {}).get("developments", [])

    def as_of_now() -> since.AsOf | None:
        """The sources' span and the last review; None for a book without sources/since.yml."""
        reviewed = library().data.get("since", {}).get("reviewed")
        return since.as_of(library().references, reviewed, developments()) if reviewed else None

    @env.macro
    def timeline() -> str:
        events, when = library().data.get("timeline", []), as_of_now()
        if when is None or not developments():
            return reference_pages.timeline(events, library().themes, page_src())
        later = since.timeline_events(developments(), when, page_src())
        return since.timeline_legend(when, page_src()) + reference_pages.timeline(events + later, library().themes, page_src())

    def known_theme(theme: str, macro: str) -> str:
        if theme not in library().themes:
            raise ValueError(f"{macro}('{theme}') in docs/{page_src()}: no theme has that slug; "
                             f"use one of sources/themes.yml: {', '.join(library().themes)}")
        return theme

    @env.macro
    def as_of() -> str:
        """The line under a page's title: the sources' span, the last review, and where to read what followed."""
        when = as_of_now()
        return since.as_of_line(when, page_src()) if when else ""

    @env.macro
    def since_chapter() -> str:
        when = as_of_now()
        return since.chapter(developments(), library().themes, page_src()) if when else ""

    @env.macro
    def since_box(theme: str) -> str:
        when = as_of_now()
        return since.theme_box(developments(), known_theme(theme, "since_box"), when, page_src()) if when else ""

    @env.macro
    def watch(theme: str, kind: str) -> str:
        """A theme's `indicators` or `questions`, with their status as of the last review."""
        if kind not in since.KIND_TITLES:
            raise ValueError(f"watch('{theme}', '{kind}') in docs/{page_src()}: the kind is one of {', '.join(since.KIND_TITLES)}")
        when = as_of_now()
        if when is None or "watch" not in library().data:
            raise ValueError(f"watch('{theme}', '{kind}') in docs/{page_src()}: the statuses need sources/watch.yml "
                             "and the review date in sources/since.yml")
        return since.watch_list(library().data["watch"], known_theme(theme, "watch"), kind, developments(),
                                when, page_src())

    @env.macro
    def disagreements() -> str:
        return reference_pages.disagreements(library().data.get("disagreements", []), library().themes, page_src())

    @env.macro
    def register_entries(theme: str) -> str:
        if theme not in library().themes:
            raise ValueError(f"register_entries('{theme}') in docs/{page_src()}: no theme has that slug; "
                             f"use one of sources/themes.yml: {', '.join(library().themes)}")
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
