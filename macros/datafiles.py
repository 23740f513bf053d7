"""Load YAML data files and validate them against their JSON Schemas, with line numbers."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .disk_cache import DiskCache, digest
from .errors import Problem
from .themes import with_themes

if TYPE_CHECKING:
    import jsonschema

# libyaml when the wheel has it (ten times faster than the pure-Python parser).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def schema_path(schema_dir: Path, name: str) -> Path:
    """A data file's schema, in the book's own schema folder (each book validates against its own)."""
    return schema_dir / f"{name}.schema.json"


def _schema_text(schema_dir: Path, name: str) -> str:
    return schema_path(schema_dir, name).read_text(encoding="utf-8")


@cache
def _validator_for(text: str, themes: tuple[str, ...]) -> jsonschema.Draft202012Validator:
    import jsonschema  # only on a cache miss: a rebuild of unchanged data never needs it (a tenth of a second)

    return jsonschema.Draft202012Validator(with_themes(json.loads(text), themes))


def schema_validator(schema_dir: Path, name: str, themes: tuple[str, ...] = ()) -> jsonschema.Draft202012Validator:
    """The validator of a schema with the book's themes filled in, made once per text of the schema."""
    return _validator_for(_schema_text(schema_dir, name), themes)


def node_line(node: yaml.Node | None, path: list[Any]) -> int | None:
    """The 1-based line of the YAML node at a JSON path (as jsonschema reports it)."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    where = "/".join(str(step) for step in error.absolute_path) or "the file"
    if error.validator == "required":
        return f"{where}: {error.message}", "add the missing field (see the schema's description of it)"
    if error.validator == "additionalProperties":
        return f"{where}: {error.message}", "remove or rename the field: the schema lists the fields it knows"
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{where}: {error.instance!r} is not allowed", f"use one of: {allowed}"
    if error.validator == "pattern":
        return f"{where}: {error.instance!r} has the wrong form", f"write it in the form {error.validator_value}"
    return f"{where}: {error.message}", "correct the value to match the schema's description"


def _parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        # Parsed again by the pure-Python loader, whose messages and marks the errors quote.
        return yaml.safe_load(text)


def load_yaml(path: Path, root: Path, schema: str, schema_dir: Path, cache: DiskCache | None = None,
              themes: tuple[str, ...] = ()) -> tuple[Any, list[Problem]]:
    """Parse and validate one data file against `schema_dir`/`schema`.schema.json, with the theme
    slugs `themes` filled in (see themes.py); problems name the file and line.

    A file already found valid against the same schema and themes, word for word, comes from `cache`.
    """
    relative = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    schema_text = _schema_text(schema_dir, schema)
    key = digest(schema, schema_text, " ".join(themes), text)
    if cache is not None and (known := cache.get(key)) is not None:
        return known, []
    try:
        data = _parse(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return None, [Problem(relative, mark.line + 1 if mark else None, f"malformed YAML: {error.problem}",
                              "check the indentation, and quote text that contains ': ' or starts with a symbol")]
    errors = sorted(_validator_for(schema_text, themes).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        if cache is not None:
            cache.put(key, data)
        return data, []
    tree = yaml.compose(text)  # only to give each problem its line
    problems = []
    for invalid in errors:
        message, fix = _describe(invalid)
        problems.append(Problem(relative, node_line(tree, list(invalid.absolute_path)), message, fix))
    return data, problems
