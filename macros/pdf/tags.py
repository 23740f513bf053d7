"""Finding tags in a parsed article: listed by name, tested in Python.

BeautifulSoup's find_all with attribute, pattern or function filters, and its CSS
selectors, run their matching machinery on every tag: three to four times slower
than this, which over the two dozen passes the assembly makes is half a second.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from bs4 import Tag


def with_class(root: Tag, class_: str, name: str | bool = True) -> list[Tag]:
    """Tags (named name, if given) with class_ among their classes."""
    return [tag for tag in root.find_all(name) if class_ in tag.get("class", ())]


def with_attribute(root: Tag, attribute: str, name: str | bool = True) -> list[Tag]:
    return [tag for tag in root.find_all(name) if tag.has_attr(attribute)]


def named(root: Tag, names: Collection[str]) -> list[Tag]:
    return [tag for tag in root.find_all(True) if tag.name in names]


def matching(root: Tag, test: Callable[[Tag], bool]) -> list[Tag]:
    return [tag for tag in root.find_all(True) if test(tag)]
