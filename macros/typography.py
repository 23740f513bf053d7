"""Typography of a published book: typographic quotes and apostrophes, and one dash for ranges.

Pure functions, for the texts the book shows and for `make check`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import Problem

# What the checks do not read as prose: code, HTML tags and comments, Jinja, citation markers (their
# syntax is pandoc's: a hyphen in a range), link addresses, attribute lists.
_NOT_PROSE = re.compile(
    r"^\s*(?:!!!|\?\?\?\+?) .*$|```.*?```|\[@[^\]\n]*\]|`[^`\n]*`|<!--.*?-->|<[^>\n]*>|\{\{.*?\}\}|\{%.*?%\}|\]\([^)\s]*\)|\{\s*[#.:][^}\n]*\}|https?://\S+",
    re.S | re.M,
)
_STRAIGHT = re.compile(r"[A-Za-z0-9.,;:!?)\]’”][\"']|[\"'][A-Za-z0-9(\[‘“]")
_HYPHEN_RANGE = re.compile(r"\b(paras?\.|pp?\.)\s*\d+\s*-\s*\d+")


def smart_quotes(text: str) -> str:
    """Straight quotes and apostrophes as typographic ones: ' after a letter or at a word's end is an
    apostrophe or closing quote, otherwise an opening one; likewise for "."""
    text = re.sub(r"(^|[\s(\[—–-])'", r"\1‘", text)
    text = text.replace("'", "’")
    text = re.sub(r'(^|[\s(\[—–-])"', r"\1“", text)
    return text.replace('"', "”")


def bib_title(raw: str) -> str:
    """A BibTeX title as shown: without the braces that protect capitals, with typographic quotes."""
    return smart_quotes(raw.replace("{", "").replace("}", ""))


def _prose(text: str) -> str:
    """The text with everything that is not prose blanked out, line breaks kept (for line numbers)."""
    return _NOT_PROSE.sub(lambda found: re.sub(r"[^\n]", " ", found[0]), text)


def prose_problems(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """Straight quotes and ranges written with a hyphen in a text's prose."""
    problems = []
    for number, line in enumerate(_prose(text).splitlines(), first_line):
        if _STRAIGHT.search(line):
            problems.append(Problem(path, number, "a straight quote or apostrophe in the text",
                                    "write typographic ones: ’ for an apostrophe, ‘…’ or “…” for quotations"))
        if found := _HYPHEN_RANGE.search(line):
            problems.append(Problem(path, number, f"the range '{found[0]}' is written with a hyphen",
                                    "write ranges with an en dash (–), as the book's locators show them"))
    return problems


# Data fields written in the book's own syntax, not shown as written (a locator's range takes a hyphen).
SYNTAX_FIELDS = {"locator", "id", "date", "themes", "para", "kind", "url"}


def _scalars(node, key: str = "") -> list:
    """Every scalar of a composed YAML document that is shown as text, in order."""
    if isinstance(node, yaml.ScalarNode):
        return [] if key in SYNTAX_FIELDS else [node]
    if isinstance(node, yaml.MappingNode):
        return [scalar for name, value in node.value for scalar in _scalars(value, str(name.value))]
    if isinstance(node, yaml.SequenceNode):
        return [scalar for item in node.value for scalar in _scalars(item, key)]
    return []


def data_problems(text: str, path: str) -> list[Problem]:
    """The prose problems of every text in a YAML data file, at the line where the text starts."""
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # the data's own loading reports a file that does not parse
    problems = []
    for scalar in _scalars(document):
        if isinstance(scalar.value, str) and " " in scalar.value:
            for problem in prose_problems(scalar.value, path):
                problems.append(Problem(path, scalar.start_mark.line + 1, problem.message, problem.fix))
    return problems


_SITE_TEXT = re.compile(r"^(site_name|site_description|copyright):[ \t]*(?:>-?|\|-?)?[ \t]*(.*(?:\n[ \t]+.*)*)", re.M)


def site_text_problems(text: str, path: str) -> list[Problem]:
    """The prose problems of the site's name, description and copyright line in mkdocs.yml."""
    problems = []
    for found in _SITE_TEXT.finditer(text):
        value = found[2].strip()
        if value[:1] in "\"'" and value[-1:] == value[:1]:
            value = value[1:-1]
        line = text.count("\n", 0, found.start()) + 1
        problems += [Problem(path, line, f"{found[1]}: {problem.message}", problem.fix)
                     for problem in prose_problems(value, path)]
    return problems


def typography_problems(root: Path, pages: list[Path], data: list[Path]) -> list[Problem]:
    """`make check`'s typography: the pages, the data texts and the site's own texts in mkdocs.yml."""
    problems = []
    for path in pages:
        problems += prose_problems(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
    for path in data:
        if path.stem == "house-style":
            continue  # it shows the citation syntax, hyphen included, on purpose
        problems += data_problems(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
    config = root / "mkdocs.yml"
    if config.is_file():
        problems += site_text_problems(config.read_text(encoding="utf-8"), "mkdocs.yml")
    return problems
