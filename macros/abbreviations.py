"""Abbreviation definitions from the glossary, appended to every page for hover explanations."""

from __future__ import annotations


def abbreviation_definitions(glossary: list[dict]) -> str:
    """Markdown abbreviation lines (`*[TTP]: Tehrik-i-Taliban Pakistan`) for every term with an expansion."""
    lines = [f"*[{entry['term']}]: {entry['expansion']}" for entry in glossary if entry.get("expansion")]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""
