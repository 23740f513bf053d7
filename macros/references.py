"""Read the BibTeX files and format every entry once, in Chicago author-date.

Parsing is pybtex's; formatting is pandoc's citeproc with the vendored CSL
style. Pandoc runs once per build for all entries together, and its output is
cached on disk by the content of the .bib files and the style, so rebuilds
that change no reference cost nothing.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData, BibliographyDataError, parse_string
from pybtex.scanner import PybtexSyntaxError

from .decoding import read_text
from .disk_cache import DiskCache
from .errors import Problem
from .text_safety import markup_problems, reserved_marker_problems

CSL_STYLE = Path(__file__).with_name("chicago-author-date.csl")
_ENTRY_START = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)
# A key names a file (sources/KEY.yml), a page address and an HTML id, and is written in
# citations: ASCII letters, digits, '-' and '_', starting with a letter or digit.
KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
KEY_FIX = "use only ASCII letters, digits, '-' and '_' (at most 80), starting with a letter or digit, e.g. rahman2023"
# A web address as a card links it in Markdown: no spaces, quotes, brackets or parentheses (write %28, %29).
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\{}|^\[\]()]+", re.I)
_SPAN_TAG = re.compile(r"<span\b[^>]*>|</span>")


@dataclass(frozen=True)
class Reference:
    key: str
    label: str  # "Mir 2022": how a note names the work
    full_html: str  # the formatted reference, one line of HTML
    url: str | None
    path: str  # the .bib file, relative to the project
    line: int
    fields: dict[str, str]
    authors: tuple[str, ...] = ()  # "Forename Surname", as a card shows them


def entry_lines(text: str) -> list[tuple[str, int]]:
    """(key, line) of every entry, in order, counting repeats: pybtex reports neither."""
    return [
        (match.group(2), text.count("\n", 0, match.start(2)) + 1)
        for match in _ENTRY_START.finditer(text)
        if match.group(1).lower() not in {"comment", "preamble", "string"}
    ]


def parse_bib(text: str, path: str) -> tuple[BibliographyData | None, list[Problem]]:
    """Parse one .bib text; every syntax error and repeated key becomes a Problem."""
    seen: dict[str, int] = {}
    problems = []
    for key, line in entry_lines(text):
        if not KEY_PATTERN.fullmatch(key):
            problems.append(Problem(path, line, f"the key '{key}' has characters a key may not use", KEY_FIX))
        if key in seen:
            problems.append(
                Problem(path, line, f"the key '{key}' is defined twice (first at line {seen[key]})",
                        "give each entry its own key, or delete the duplicate")
            )
        seen.setdefault(key, line)
    if problems:
        return None, problems
    try:
        return parse_string(text, "bibtex"), []
    except PybtexSyntaxError as error:
        # pybtex reports an unclosed brace where it gave up, often past the end: name the entry's first line.
        starts = [line for _, line in entry_lines(text) if line <= (error.lineno or 1)]
        return None, [Problem(path, starts[-1] if starts else error.lineno, f"malformed BibTeX: {error.error_type}",
                              "check the braces, commas and quotes of the entry that starts on that line")]
    except BibliographyDataError as error:
        return None, [Problem(path, None, f"malformed BibTeX: {error}", "correct the entry it names")]
    except Exception as error:  # pybtex's parser has no other contract: whatever it raises is the file's problem
        return None, [Problem(path, getattr(error, "lineno", None), f"malformed BibTeX: {error}",
                              "check the braces, commas and quotes of the entry")]


def field_problems(data: BibliographyData, text: str, path: str) -> list[Problem]:
    """Fields that would reach a page as markup: each is plain text (Markdown's emphasis at most),
    and a url is a web address."""
    lines = dict(entry_lines(text))
    problems = []
    for key, entry in data.entries.items():
        line = lines.get(key)
        if key not in lines and not KEY_PATTERN.fullmatch(key):
            problems.append(Problem(path, None, f"the key '{key}' has characters a key may not use", KEY_FIX))
        values = [(name, str(value)) for name, value in entry.fields.items()]
        values += [(role, str(person)) for role, persons in entry.persons.items() for person in persons]
        for name, value in values:
            if name.lower() == "url":
                if not _WEB_ADDRESS.fullmatch(value.strip()):
                    problems.append(Problem(path, line, f"the url of '{key}' is not a web address ('{value[:60]}')",
                                            "give the http:// or https:// address, with no spaces, quotes, "
                                            "brackets or parentheses (write %28 and %29)"))
                continue
            for message, fix in markup_problems(value.replace("{", "").replace("}", "")):  # BibTeX's own braces
                problems.append(Problem(path, line, f"the {name} of '{key}': {message}", fix))
    return problems


def short_label(fields: dict[str, str], persons: list[str]) -> str:
    """Author-date label: 'Mir 2022', 'Shah and Khan 2021', 'Rahman et al. 2020'."""
    # A report with no author is known by its outlet: a newspaper's journaltitle, a page's organisation.
    names = persons or [fields.get("journaltitle") or fields.get("organization") or fields.get("howpublished")
                        or "Anon."]
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {fields.get('year', 'n.d.')}"


def told_apart(labels: dict[str, str], formatted: dict[str, str], titles: dict[str, str]) -> dict[str, str]:
    """key -> label, two works that share one ('Dawn 2023') told apart as the bibliography tells them
    ('Dawn 2023a', 'Dawn 2023b'): by the letter citeproc put after the year in each formatted entry,
    else by title, the order Chicago lists them in."""
    sharing: dict[str, list[str]] = {}
    for key, label in labels.items():
        sharing.setdefault(label, []).append(key)
    result = dict(labels)
    for label, keys in sharing.items():
        if len(keys) < 2:
            continue
        year = label.rsplit(" ", 1)[-1]
        letters = {key: found[1] for key in keys
                   if (found := re.search(rf"\b{re.escape(year)}([a-z])\b", formatted.get(key, "")))}
        if len(set(letters.values())) < len(keys):  # citeproc did not tell them apart: the titles' order does
            letters = {key: chr(ord("a") + index)
                       for index, key in enumerate(sorted(keys, key=lambda key: (titles.get(key, "").lower(), key)))}
        result |= {key: f"{label}{letters[key]}" for key in keys}
    return result


def _full_names(entry) -> tuple[str, ...]:
    persons = entry.persons.get("author", [])
    return tuple(" ".join(person.first_names + person.middle_names + person.last_names).replace("{", "").replace("}", "")
                 for person in persons)


def _surnames(entry) -> list[str]:
    persons = entry.persons.get("author", [])
    return [" ".join(person.last_names).replace("{", "").replace("}", "") for person in persons]


def without_bare_spans(body: str) -> str:
    """Pandoc's entry HTML without its attribute-less <span>s, each with its own </span>.

    The spans that carry a class (`nocase`) stay, closed where pandoc closed them.
    """
    kept: list[str] = []
    opened: list[bool] = []
    position = 0
    for tag in _SPAN_TAG.finditer(body):
        kept.append(body[position:tag.start()])
        position = tag.end()
        if tag[0] == "</span>":
            if opened and opened.pop():
                kept.append(tag[0])
        else:
            bare = tag[0] == "<span>"
            opened.append(not bare)
            if not bare:
                kept.append(tag[0])
    kept.append(body[position:])
    return "".join(kept)


def format_with_pandoc(bib_texts: list[str], pandoc: str) -> dict[str, str]:
    """key -> formatted reference (HTML) for every entry, in one pandoc run."""
    document = "---\nnocite: '@*'\n---\n"
    bibliography = "\n".join(bib_texts)
    with _temporary_bib(bibliography) as bib_path:
        result = subprocess.run(
            [pandoc, "--citeproc", "--wrap=none", "--bibliography", bib_path, "--csl", str(CSL_STYLE),
             "-f", "markdown", "-t", "html"],
            input=document, capture_output=True, text=True,
        )
    if result.returncode != 0:
        raise PandocFailed(result.stderr, bibliography)
    return {
        key: without_bare_spans(body).strip()
        for key, body in re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>',
                                    result.stdout, re.S)
    }


class PandocFailed(Exception):
    """Pandoc refused a bibliography: its own message, and the text it was given (to find the entry)."""

    def __init__(self, message: str, bibliography: str) -> None:
        super().__init__(message)
        self.message, self.bibliography = message.strip(), bibliography


def pandoc_problem(failure: PandocFailed, bib_texts: dict[str, str]) -> Problem:
    """Pandoc's message, with the entry it names (by line in the text it read) found in its .bib file."""
    found = re.search(r"line (\d+)", failure.message)
    entries = entry_lines(failure.bibliography)
    key = None
    if found:
        before = [entry for entry, line in entries if line <= int(found[1])]
        key = before[-1] if before else None
    for path, text in bib_texts.items():
        lines = dict(entry_lines(text))
        if key in lines:
            return Problem(path, lines[key], f"pandoc cannot format the entry '{key}': {failure.message}",
                           "correct that entry (pandoc's message above says what it could not read)")
    return Problem(next(iter(bib_texts), "sources"), None, f"pandoc cannot format the bibliography: {failure.message}",
                   "correct the entry pandoc names, or run pandoc --citeproc on the .bib file to find it")


# A citeproc run's time grows much faster than its entries: 300 take 1 s, 1,000 take 25 s.
RUN_ENTRIES = 200


def entry_texts(text: str) -> tuple[str, dict[str, str]]:
    """A .bib file as the text before its first entry, and each entry's text by key."""
    starts = [(match.start(), match.group(2)) for match in _ENTRY_START.finditer(text)
              if match.group(1).lower() not in {"comment", "preamble", "string"}]
    ends = [start for start, _ in starts[1:]] + [len(text)]
    head = text[:starts[0][0]] if starts else text
    return head, {key: text[start:end] for (start, key), end in zip(starts, ends, strict=True)}


def citeproc_runs(bib_texts: list[str], first_authors: dict[str, str]) -> list[list[str]]:
    """The .bib texts cut into runs of at most RUN_ENTRIES entries.

    Citeproc tells apart works whose author and year look alike (2021a, 2021b) only
    within one run, so each first author's entries stay in the same run. A book that
    defines @string abbreviations is formatted in one run: an entry may use one defined
    anywhere.
    """
    if any("@string" in text.lower() for text in bib_texts):
        return [bib_texts]
    heads, entries = [], {}
    for text in bib_texts:
        head, found = entry_texts(text)
        heads.append(head)
        entries.update(found)
    by_author: dict[str, list[str]] = {}
    for key, entry in entries.items():
        by_author.setdefault(first_authors.get(key, ""), []).append(entry)
    runs: list[list[str]] = [[]]
    for group in by_author.values():
        if runs[-1] and len(runs[-1]) + len(group) > RUN_ENTRIES:
            runs.append([])
        runs[-1] += group
    return [[*heads, *run] for run in runs]


def format_in_runs(bib_texts: list[str], first_authors: dict[str, str], pandoc: str) -> dict[str, str]:
    """Every entry formatted, the runs side by side on as many cores as there are."""
    runs = citeproc_runs(bib_texts, first_authors)
    if len(runs) == 1:
        return format_with_pandoc(runs[0], pandoc)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # pandoc runs in its own process
        formatted: dict[str, str] = {}
        for part in pool.map(lambda run: format_with_pandoc(run, pandoc), runs):
            formatted.update(part)
    return formatted


class _temporary_bib:
    def __init__(self, text: str):
        self.text = text

    def __enter__(self) -> str:
        import tempfile

        self.handle = tempfile.NamedTemporaryFile("w", suffix=".bib", encoding="utf-8", delete=False)
        self.handle.write(self.text)
        self.handle.close()
        return self.handle.name

    def __exit__(self, *exc) -> None:
        Path(self.handle.name).unlink(missing_ok=True)


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc_identity() -> str:
    """Which pandoc would format the references (its path, size and time, which a new version changes),
    found without running it or importing pypandoc (a quarter of a second that a warm build never needs)."""
    spec = importlib.util.find_spec("pypandoc")
    bundled = Path(spec.origin).parent / "files" / "pandoc" if spec and spec.origin else None
    found = bundled if bundled is not None and bundled.is_file() else shutil.which("pandoc")
    try:
        stat = Path(found).stat() if found else None
    except OSError:
        stat = None
    return f"{found}:{stat.st_size}:{stat.st_mtime_ns}" if stat else "no pandoc found"


def _formatted_entries(value) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def formatted_references(bib_texts: list[str], cache_dir: Path | None,
                         first_authors: dict[str, str] | None = None) -> dict[str, str]:
    """Formatted references, from the disk cache when the .bib files, the style and pandoc are unchanged."""
    cache = DiskCache(cache_dir / "references.json" if cache_dir else None, valid=_formatted_entries)
    key = cache.key("references", pandoc_identity(), CSL_STYLE.read_text(encoding="utf-8"), *bib_texts)
    formatted = cache.get(key)
    if formatted is None:
        formatted = format_in_runs(bib_texts, first_authors or {}, pandoc_path())
        cache.put(key, formatted)
        cache.save()
    return formatted


def load_references(bib_files: list[Path], root: Path, cache_dir: Path | None) -> tuple[dict[str, Reference], list[Problem]]:
    """All entries of all .bib files; problems for syntax errors and keys repeated anywhere."""
    problems: list[Problem] = []
    parsed = []
    for bib_file in bib_files:
        relative = bib_file.relative_to(root).as_posix()
        text, found = read_text(bib_file, root)
        if text is None:
            problems += found
            continue
        data, found = parse_bib(text, relative)
        problems += found + reserved_marker_problems(text, relative)
        if data is not None:
            problems += field_problems(data, text, relative)
            parsed.append((relative, text, data))
    first_seen: dict[str, str] = {}
    for relative, text, _ in parsed:
        for key, line in entry_lines(text):
            if key in first_seen:
                problems.append(Problem(relative, line, f"the key '{key}' is also defined in {first_seen[key]}",
                                        "keep one entry per key across all .bib files"))
            first_seen.setdefault(key, relative)
    if problems:
        return {}, problems
    texts = [text for _, text, _ in parsed]
    entries = {key: entry for _, _, data in parsed for key, entry in data.entries.items()}
    first_authors = {key: next(iter(_surnames(entry)), "") for key, entry in entries.items()}
    try:
        formatted = formatted_references(texts, cache_dir, first_authors) if texts else {}
    except PandocFailed as failure:
        return {}, [pandoc_problem(failure, {relative: text for relative, text, _ in parsed})]
    fields_of = {key: {name: str(value) for name, value in entry.fields.items()} for key, entry in entries.items()}
    labels = told_apart({key: short_label(fields_of[key], _surnames(entry)) for key, entry in entries.items()},
                        formatted, {key: fields.get("title", "") for key, fields in fields_of.items()})
    references = {}
    for relative, text, data in parsed:
        lines = dict(entry_lines(text))
        for key, entry in data.entries.items():
            fields = fields_of[key]
            references[key] = Reference(
                key=key,
                label=labels[key],
                full_html=formatted.get(key) or html.escape(fields.get("title", key)),
                url=fields.get("url"),
                path=relative,
                line=lines.get(key, 1),
                fields=fields,
                authors=_full_names(entry),
            )
    return references, problems
