"""The same synthetic book as plain MkDocs + Material: macros pre-rendered, citation markers left as text.

This is the baseline the citation machinery is measured against: identical Markdown
pages and theme, but no macros plugin, no briefing plugin, and no notes, backlinks or
matrix (markers such as `[@src0001, para. 3]` stay in the text as written).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from macros import source_page, sources_index
from macros.abbreviations import abbreviations
from macros.library import load_library
from macros.links import page_address
from macros.config import settings_in
from macros.navigation import grouped_nav
from macros.text_html import TextRenderer, extensions_of, with_glossary

from synthetic import load_config_file

_SOURCE_CALL = re.compile(r'\{\{\s*source\("([^"]+)"\)\s*\}\}')
_MACRO_PLUGINS = {"macros", "briefing"}


_TABLES = {
    "{{ sources_table() }}": sources_index.sources_table,
    "{{ bibliography() }}": sources_index.bibliography,
}


def render_page(text: str, src: str, library, text_html: TextRenderer, directory_urls: bool = True) -> str:
    """A page's Markdown with every macro call replaced by what the macro returns.

    A source page's HTML stays in the Markdown, fenced, for Markdown to take as raw HTML.
    """
    rendering = source_page.Rendering(text_html, src, lambda target: page_address(src, target, directory_urls))
    text = _SOURCE_CALL.sub(lambda match: source_page.source_page(match.group(1), library, rendering), text)
    for call, render in _TABLES.items():
        if call in text:
            text = text.replace(call, render(library, src))
    return text.replace("{{ source_theme_matrix() }}", "")


def plain_config(config: dict) -> dict:
    plugins = [plugin for plugin in config["plugins"]
               if (next(iter(plugin)) if isinstance(plugin, dict) else plugin) not in _MACRO_PLUGINS]
    # The same navigation as the book's plugin makes, so that both builds render the same sidebar.
    return {**config, "plugins": plugins, "nav": grouped_nav(config.get("nav"), settings_in(config).nav_group_size)}


def make_plain(book: Path, target: Path, cache_dir: Path) -> None:
    """Copy the book to `target` with macros pre-rendered and the book's plugins removed.

    `cache_dir` holds the formatted references for the pre-rendering, away from the
    book's own cache, so that the book's first build still starts cold.
    """
    library = load_library(book, cache_dir)
    shutil.copytree(book, target, ignore=shutil.ignore_patterns(".cache", "site"))
    docs = target / "docs"
    config = load_config_file(book / "mkdocs.yml")
    extensions, configs = extensions_of(config.get("markdown_extensions"))
    text_html = TextRenderer(extensions, with_glossary(configs, abbreviations(library.data.get("glossary", []))))
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "{{" in text:
            page.write_text(render_page(text, page.relative_to(docs).as_posix(), library, text_html,
                                        config.get("use_directory_urls", True)), encoding="utf-8")
    (target / "mkdocs.yml").write_text(yaml.safe_dump(plain_config(config), allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
