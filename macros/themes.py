"""The book's themes, as data: sources/themes.yml lists them, and everything else takes the list from it.

Adding a theme is one entry in themes.yml and one page: the schemas' theme fields,
the checks, the matrix, the timeline's filters, the scaffold's template and the
navigation's Themes section all follow the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import Problem

THEMES_FILE = "themes"  # sources/themes.yml, validated by schema/themes.schema.json
EVERY_THEME = "x-every-theme"
_THEME_REF = "#/$defs/theme"  # a schema keyword: this object must have one property per theme


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str
    page: str  # the theme's page, relative to docs/
    description: str


def themes_from(data: list[dict[str, Any]]) -> dict[str, Theme]:
    """The themes in the file's order, by slug (the file has passed its schema and `theme_problems`)."""
    return {item["slug"]: Theme(item["slug"], item["title"], item["page"], item["description"]) for item in data}


def theme_problems(data: list[dict[str, Any]], path: str, line_of_text) -> list[Problem]:
    """What the schema cannot say: each slug and each page once."""
    problems = []
    for field in ("slug", "page"):
        seen: set[str] = set()
        for item in data:
            if item[field] in seen:
                problems.append(Problem(path, line_of_text(f"{field}: {item[field]}"), f"the {field} '{item[field]}' "
                                        "is given to two themes", f"give each theme its own {field}"))
            seen.add(item[field])
    return problems


def with_themes(schema: Any, slugs: tuple[str, ...]) -> Any:
    """A schema with the theme list filled in: `$defs/theme` allows the slugs, and an object
    marked `x-every-theme` requires one property per slug.

    A reference to `$defs/theme` is replaced by the list itself: jsonschema resolves a `$ref`
    at every value it checks, which made validating a large book a fifth slower.
    """
    if isinstance(schema, list):
        return [with_themes(item, slugs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema == {"$ref": _THEME_REF}:
        return {"enum": list(slugs)}
    filled = {name: with_themes(value, slugs) for name, value in schema.items()}
    if "theme" in filled.get("$defs", {}):
        filled["$defs"] = {**filled["$defs"], "theme": {**filled["$defs"]["theme"], "enum": list(slugs)}}
    if filled.get(EVERY_THEME):
        filled["required"] = list(slugs)
    return filled
