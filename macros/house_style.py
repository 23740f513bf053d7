"""The house style's one spelling per name: find variants used outside quotations."""

from __future__ import annotations

import re

_QUOTED = re.compile(r"“[^“”]*”")


def variant_patterns(style: dict) -> list[tuple[re.Pattern, str, str]]:
    """(pattern, variant, preferred) for every listed variant, matched as whole words."""
    return [
        (re.compile(rf"(?<![\w-]){re.escape(variant)}(?![\w-])"), variant, name["preferred"])
        for name in style.get("names", [])
        for variant in name["variants"]
    ]


def variants_in(text: str, patterns) -> list[tuple[int, str, str]]:
    """(line, variant, preferred) for each variant outside “quotations” in a text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("quote:", "- quote:")):
            continue  # a key passage is a verbatim quotation
        unquoted = _QUOTED.sub(" ", line)
        found += [(number, variant, preferred) for pattern, variant, preferred in patterns if pattern.search(unquoted)]
    return found
