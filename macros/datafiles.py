"""Load YAML data files and validate them against their JSON Schemas, with line numbers."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .decoding import read_text
from .disk_cache import DiskCache
from .errors import Problem
from .text_safety import text_problems
from .themes import with_themes

if TYPE_CHECKING:
    import jsonschema

# libyaml when the wheel has it (ten times faster than the pure-Python parser).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Bounds on what a data file may make the parser do. The largest file of a real source is
# tens of kilobytes and eight levels deep; the book needs no anchors or aliases, which
# let a few kilobytes expand to gigabytes.
MAX_BYTES = 2_000_000
MAX_DEPTH = 32


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


class UnsafeYAML(Exception):
    def __init__(self, line: int, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


def _check_structure(text: str, loader: type) -> None:
    """Refuse anchors, aliases and nesting deeper than MAX_DEPTH, before anything is built."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise UnsafeYAML(line, "a YAML anchor or alias (& or *)",
                             "write the value out in full: the book's data files use no anchors or aliases")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise UnsafeYAML(line, f"values nested more than {MAX_DEPTH} deep",
                                 "flatten the structure: the schema shows how deep each field goes")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _parse(text: str) -> Any:
    try:
        _check_structure(text, _FAST_LOADER)
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        # Parsed again by the pure-Python loader, whose messages and marks the errors quote.
        _check_structure(text, yaml.SafeLoader)
        return yaml.safe_load(text)


def _texts(value: Any, field: str = "") -> list[tuple[str, str]]:
    """Every string in a data file's value, with the field it is in ('precis.text')."""
    if isinstance(value, str):
        return [(field or "the file", value)]
    if isinstance(value, dict):
        return [found for name, item in value.items()
                for found in [*_texts(str(name), field or "a key"), *_texts(item, f"{field}.{name}".lstrip("."))]]
    if isinstance(value, list):
        return [found for item in value for found in _texts(item, field)]
    return []


def _is_plain_data(value: Any) -> bool:
    """What JSON keeps as it is: the cache may hold only that."""
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_plain_data(item) for key, item in value.items())
    if isinstance(value, list):
        return all(map(_is_plain_data, value))
    return value is None or isinstance(value, (str, int, float, bool))


def load_yaml(path: Path, root: Path, schema: str, schema_dir: Path, cache: DiskCache | None = None,
              themes: tuple[str, ...] = ()) -> tuple[Any, list[Problem]]:
    """Parse and validate one data file against `schema_dir`/`schema`.schema.json, with the theme
    slugs `themes` filled in (see themes.py); problems name the file and line.

    A file already found valid against the same schema and themes, word for word, comes from `cache`.
    """
    relative = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_BYTES:
        return None, [Problem(relative, None, f"{size:,} bytes, more than a data file may hold ({MAX_BYTES:,})",
                              "split it, or shorten its texts")]
    text, problems = read_text(path, root)
    if text is None:
        return None, problems
    schema_text = _schema_text(schema_dir, schema)
    key = (cache or DiskCache(None)).key("data", schema, schema_text, " ".join(themes), text)
    if cache is not None and (known := cache.get(key)) is not None:
        return known, []
    try:
        data = _parse(text)
    except UnsafeYAML as error:
        return None, [Problem(relative, error.line, error.message, error.fix)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "\\t" in (error.problem or ""):  # PyYAML writes the tab it found as the two characters \t
            return None, [Problem(relative, mark.line + 1 if mark else None, "malformed YAML: a tab in the indentation",
                                  "indent with spaces, not tabs (set your editor to insert spaces in .yml files)")]
        return None, [Problem(relative, mark.line + 1 if mark else None, f"malformed YAML: {error.problem}",
                              "check the indentation, and quote text that contains ': ' or starts with a symbol")]
    except (yaml.YAMLError, RecursionError, ValueError) as error:  # the parser's last resort: still the file's problem
        return None, [Problem(relative, None, f"malformed YAML: {error}", "check the file's structure")]
    errors = sorted(_validator_for(schema_text, themes).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    unsafe = text_problems(_texts(data), text, relative)
    if not errors and not unsafe:
        if cache is not None and _is_plain_data(data):
            cache.put(key, data)
        return data, []
    if not errors:
        return data, unsafe
    try:  # only to give each problem its line, by the parser that read the file (the two differ on tabs)
        tree = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        tree = None
    problems = []
    for invalid in errors:
        message, fix = _describe(invalid)
        problems.append(Problem(relative, node_line(tree, list(invalid.absolute_path)), message, fix))
    return data, problems + unsafe
