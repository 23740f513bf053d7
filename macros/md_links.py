"""Links written in Markdown texts: their targets, and which of them are other pages of the book."""

from __future__ import annotations

import re

_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_PAGE = re.compile(r"^(?![a-z]+:)[^#]*\.md(#.*)?$")  # a docs/ file, not a web address or an anchor


def link_targets(markdown: str) -> list[str]:
    return _TARGET.findall(markdown)


def is_page(target: str) -> bool:
    return _PAGE.match(target) is not None


def links_to_page(markdown: str) -> bool:
    return any(is_page(target) for target in link_targets(markdown))
