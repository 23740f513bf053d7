"""Long navigation sections shown in groups, so that every page's sidebar stays short.

Material writes the whole navigation into every page. With hundreds of sources
in one section, each page would carry hundreds of links and the build would
grow with the square of the book. Split into groups (and with
`navigation.prune`), a page carries the groups' titles and its own group only.
"""

from __future__ import annotations

import posixpath
from typing import Any


def _target(entry: Any) -> Any:
    return next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry


def _title(entry: Any) -> str:
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return posixpath.splitext(posixpath.basename(str(entry)))[0]


def _is_index(entry: Any) -> bool:
    target = _target(entry)
    return isinstance(target, str) and posixpath.basename(target) in {"index.md", "README.md"}


def _grouped_children(children: list, size: int) -> list:
    index_pages = [entry for entry in children if _is_index(entry)]
    pages = [entry for entry in children if not _is_index(entry)]
    if len(pages) <= size or any(isinstance(_target(entry), list) for entry in pages):
        return children  # short, or already divided by hand
    groups = [pages[start:start + size] for start in range(0, len(pages), size)]
    return index_pages + [{f"{_title(group[0])} – {_title(group[-1])}": group} for group in groups]


def grouped_nav(nav: list | None, size: int) -> list | None:
    """mkdocs.yml's nav with every section of more than `size` pages split into groups, in order.

    `size` is the plugin's `nav_group_size` option (macros/config.py).
    """
    if not nav:
        return nav
    grouped = []
    for entry in nav:
        target = _target(entry)
        if isinstance(target, list):
            entry = {_title(entry): _grouped_children(grouped_nav(target, size) or [], size)}
        grouped.append(entry)
    return grouped


def _section_index(nav: list, title: str) -> int | None:
    return next((index for index, entry in enumerate(nav) if isinstance(entry, dict) and len(entry) == 1
                 and title in entry and isinstance(entry[title], list)), None)


def with_theme_pages(nav: list | None, section: str, pages: list[tuple[str, str]]) -> tuple[list | None, str | None]:
    """The nav with the section titled `section` listing the theme `pages` ((title, docs path), in the
    themes' order) first, then whatever else mkdocs.yml lists there; or a problem saying what to add.

    So a new theme needs its entry in sources/themes.yml and its page, not a line in mkdocs.yml too.
    """
    if not nav or not pages:
        return nav, None
    index = _section_index(nav, section)
    if index is None:
        return nav, (f"mkdocs.yml's nav has no '{section}' section for the theme pages of sources/themes.yml: "
                     f"add '- {section}: []' to the nav (the plugin lists the pages), or set the briefing "
                     f"plugin's themes_section to the section's title")
    theme_srcs = {page for _, page in pages}
    others = [entry for entry in nav[index][section] if _target(entry) not in theme_srcs]
    filled = list(nav)
    filled[index] = {section: [{title: page} for title, page in pages] + others}
    return filled, None
