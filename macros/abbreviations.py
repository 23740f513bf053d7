"""Abbreviations from the glossary, explained on hover wherever they appear."""

from __future__ import annotations


def abbreviations(glossary: list[dict]) -> dict[str, str]:
    """Term to expansion (`TTP` to `Tehrik-i-Taliban Pakistan`) for every glossary term with an expansion.

    Given to the abbr extension as its glossary, for pages and notes alike.
    """
    return {entry["term"]: entry["expansion"] for entry in glossary if entry.get("expansion")}
