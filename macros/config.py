"""The briefing plugin's settings: typed, with their defaults in one place.

mkdocs.yml may set any of them under `plugins: - briefing:`; `make check` takes the
same defaults from here, and the PDF step, which does not load MkDocs, the ones it
needs from plain_defaults.py, whose values these are: no path is written twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config

from .plain_defaults import MANIFEST, PRINT_PARTS


class BriefingConfig(Config):
    sources_dir = config_options.Type(str, default="sources")
    """The book's data: BibTeX, YAML data files, themes.yml and schema/ (relative to mkdocs.yml)."""
    cache_dir = config_options.Type(str, default=".cache/briefing")
    """Results kept between builds (relative to mkdocs.yml); deleting it only slows the next build."""
    print_parts = config_options.Type(dict, default=PRINT_PARTS)
    """Nav section title -> the part title it takes in the PDF, in nav order; other sections are not printed."""
    themes_section = config_options.Type(str, default="Themes")
    """The nav section that lists the theme pages of sources/themes.yml (filled in by the plugin)."""
    nav_group_size = config_options.Type(int, default=25)
    """A nav section of more pages than this is shown in groups of this many (a sidebar a reader can scan)."""
    author = config_options.Type(str, default="The briefing book’s contributors")
    """The author the PDF's cover and metadata name."""
    bibliography_page = config_options.Type(str, default="bibliography.md")
    """The page (under docs/) that lists every work: a note's reference to a work with no page of its own
    links to its entry there. Without that page the note gives the full reference alone."""
    manifest = config_options.Type(str, default=MANIFEST)
    """The file, in the built site, that tells the PDF step its parts, pages and metadata."""


def validated(options: dict[str, Any]) -> BriefingConfig:
    """The settings from a mapping of options (as under `- briefing:`), defaults filled in."""
    config = BriefingConfig()
    config.load_dict(options)
    failed, _warnings = config.validate()
    if failed:
        raise ValueError("; ".join(f"{name}: {error}" for name, error in failed))
    return config


def defaults() -> BriefingConfig:
    return validated({})


class BookPaths:
    """The book's folders, resolved from its root (the folder of mkdocs.yml), never from this code's."""

    def __init__(self, root: Path, config: BriefingConfig) -> None:
        self.root = root.resolve()
        self.sources = self.root / config.sources_dir
        self.schemas = self.sources / "schema"
        self.cache = self.root / config.cache_dir


def settings_in(mkdocs_config: dict[str, Any]) -> BriefingConfig:
    """The plugin's settings as a loaded mkdocs.yml gives them (`- briefing` or `- briefing: {...}`)."""
    for entry in mkdocs_config.get("plugins") or []:
        if entry == "briefing":
            return defaults()
        if isinstance(entry, dict) and "briefing" in entry:
            return validated(entry["briefing"] or {})
    return defaults()


def book_settings(root: Path) -> BriefingConfig:
    """The plugin's settings in the book at `root`, read from its mkdocs.yml by MkDocs' own YAML loader."""
    from mkdocs.utils.yaml import yaml_load

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return defaults()
    with config_file.open(encoding="utf-8") as stream:
        return settings_in(yaml_load(stream) or {})
