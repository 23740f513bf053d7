"""Everything the book knows, loaded and checked once per change of `sources/`.

The library joins the BibTeX entries with the structured data files. It is the
one place that decides whether a citation is valid, so the build, the `check`
command and the tests all give the same verdict in the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from .citations import Cite, find_citation_blocks, parse_locator, LocatorError
from .corrections import data_correction_problems
from .datafiles import load_yaml, schema_path
from .decoding import read_text
from .disk_cache import DiskCache, tracked_cache_files
from .errors import BookError, Problem, line_of
from .md_links import is_page, link_targets
from .quotes import MAX_QUOTE_WORDS, quote_word_count
from .bib_dates import card_date_problem, reference_date_problems
from .quotes import key_passage_lines
from .references import Reference, load_references
from .text_safety import reserved_marker_problems
from .themes import THEMES_FILE, Theme, theme_problems, themes_from
from .since_data import since_problems, watch_problems

ANNOTATED_BIB = "references.bib"
_PLACEHOLDER = re.compile(r"\bTODO[:}]")
# Data files with a fixed role; every other sources/*.yml is an annotated source.
REFERENCE_DATA = {
    THEMES_FILE: THEMES_FILE,
    "timeline": "timeline",
    "disagreements": "disagreements",
    "glossary": "glossary",
    "actors": "actors",
    "house-style": "house-style",
    "since": "since",
    "watch": "watch",
}


@dataclass
class Library:
    root: Path
    references: dict[str, Reference]
    sources: dict[str, dict[str, Any]]
    data: dict[str, Any] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)  # from sources/themes.yml, in its order

    def is_annotated(self, key: str) -> bool:
        return key in self.sources

    def precis(self, key: str, paragraph: int) -> str | None:
        return self.sources.get(key, {}).get("precis_by_para", {}).get(paragraph)

    def source_path(self, key: str) -> str:
        """Where a source's annotated page lives, relative to docs/."""
        return f"sources/{key}.md"

    def cite_problem(self, cite: Cite) -> tuple[str, str] | None:
        """(what is wrong, how to fix it) for one citation, or None when it is sound."""
        if cite.key not in self.references:
            known = ", ".join(sorted(self.references))
            return (f"no source has the key '{cite.key}'",
                    f"check the spelling (known keys: {known}) or add the source to sources/")
        locator = cite.locator
        if not self.is_annotated(cite.key):
            if locator and locator.paragraphs:
                return (f"'{cite.key}' has no numbered paragraphs, so '{locator.text}' cannot be found",
                        "cite it with a page (p. N) or without a locator")
            return None
        count = self.sources[cite.key]["paragraphs"]
        if locator is None:
            return (f"the citation of '{cite.key}' has no paragraph locator",
                    f"say which paragraph supports the claim: [@{cite.key}, para. N] with N from 1 to {count}")
        if locator.is_page:
            return (f"'{cite.key}' is cited by paragraph, not page ('{locator.text}')",
                    f"write para. N with N from 1 to {count}")
        beyond = [n for n in locator.paragraphs if n > count]
        if beyond:
            return (f"'{locator.text}' is beyond {cite.key}, which has {count} paragraphs",
                    f"use a paragraph from 1 to {count}")
        return None

    def text_problems(self, text: str, path: str, start_line: int = 1) -> list[Problem]:
        """Problems with every citation in a Markdown text (a page or a data file)."""
        problems = []
        for block in find_citation_blocks(text):
            line = block.line + start_line - 1
            problems += [Problem(path, line, f"in {block.raw}: {error}", "correct the marker") for error in block.errors]
            for cite in block.cites:
                found = self.cite_problem(cite)
                if found:
                    problems.append(Problem(path, line, f"in {block.raw}: {found[0]}", found[1]))
        return problems


def missing_source_pages(library: Library, has_page: Callable[[str], bool]) -> list[Problem]:
    """Annotated sources and themes without their page under docs/: notes, tags and the matrix link to it."""
    return [
        Problem(f"docs/{library.source_path(key)}", None, f"'{key}' has data but no page",
                f'create docs/{library.source_path(key)} containing {{{{ source("{key}") }}}} (the scaffold command writes it)')
        for key in sorted(library.sources)
        if not has_page(library.source_path(key))
    ] + [
        Problem(f"docs/{theme.page}", None, f"the theme '{slug}' of sources/{THEMES_FILE}.yml has no page",
                f"create docs/{theme.page}, or correct the theme's page: in sources/{THEMES_FILE}.yml")
        for slug, theme in library.themes.items()
        if not has_page(theme.page)
    ]


def without_markers(text: str) -> str:
    """The text with its citation markers (and the space before each) removed."""
    pieces, position = [], 0
    for block in find_citation_blocks(text):
        pieces.append(text[position : block.start].rstrip(" "))
        position = block.end
    return "".join(pieces) + text[position:]


def placeholder_problems(text: str, path: str) -> list[Problem]:
    """Every TODO left by the scaffold command, one problem per line."""
    if "TODO" not in text:
        return []
    return [
        Problem(path, number, f"placeholder still to fill: {line.strip()[:90]}", "replace the TODO with the real content")
        for number, line in enumerate(text.splitlines(), 1)
        if _PLACEHOLDER.search(line)
    ]


def page_placeholder_problems(root: Path, docs_dir: Path | None = None) -> list[Problem]:
    """Placeholders in the pages: reported with the data's problems, so one pass lists them all."""
    docs = docs_dir or root / "docs"
    return [problem for path in sorted(docs.rglob("*.md"))
            for problem in placeholder_problems(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())]


_PARA_ANCHOR = re.compile(r"^#para-(\d+)$")


def _texts(value: Any, field: str = "") -> list[tuple[str, str]]:
    """Every string in a data file's value, with the field it is in ('precis.text')."""
    if isinstance(value, str):
        return [(field, value)]
    if isinstance(value, dict):
        return [found for name, item in value.items() for found in _texts(item, f"{field}.{name}".lstrip("."))]
    if isinstance(value, list):
        return [found for item in value for found in _texts(item, field)]
    return []


# Texts shown inside a line of their page (and, for précis, in notes on other pages):
# one paragraph each, and no link to another page, which would point wrong in a note
# and which MkDocs, not seeing it in Markdown, would neither rewrite nor check.
_SHOWN_INLINE = {"precis.text", "key_passages.quote", "key_passages.why"}


def _link_problems(data: dict[str, Any], text: str, path: str) -> list[Problem]:
    """Links in a source's texts (to its own paragraphs, which must exist, or to pages where allowed),
    and the texts shown inline kept to one paragraph.

    Source pages are written as HTML past Markdown (see passthrough), so MkDocs does
    not check their in-page links; this does.
    """
    problems, count = [], data["paragraphs"]
    for where, value in _texts(data):
        for target in link_targets(value):
            line = line_of(text, f"]({target})")
            anchor = _PARA_ANCHOR.match(target)
            if target.startswith("#") and not (anchor and 1 <= int(anchor[1]) <= count):
                problems.append(Problem(path, line, f"the link to '{target}' in {where} is not a paragraph of this "
                                        f"source (it has {count})", "link to #para-N, N from 1 to the last paragraph"))
            elif where in _SHOWN_INLINE and is_page(target):
                problems.append(Problem(path, line, f"{where} links to another page ('{target}'): précis and key "
                                        "passages may link only to this source's paragraphs",
                                        "name the page in words, or move the link to the context or a theme text"))
        if where in _SHOWN_INLINE and re.search(r"\n[ \t]*\n", value.strip()):
            problems.append(Problem(path, line_of(text, value.strip()[:30]), f"a {where} has more than one paragraph",
                                    "make it one paragraph: remove the blank line"))
    return problems


def _source_problems(key: str, data: dict[str, Any], text: str, path: str) -> list[Problem]:
    """Checks the schema cannot express: paragraph coverage, locators and quotation length."""
    problems = []
    count = data["paragraphs"]
    if data["key"] != key:
        problems.append(Problem(path, line_of(text, "key:"), f"the key '{data['key']}' differs from the file name",
                                f"name the file {data['key']}.yml or set key: {key}"))
    numbers = [item["para"] for item in data["precis"]]
    if numbers != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(numbers))
        extra = sorted(set(numbers) - set(range(1, count + 1)))
        detail = "; ".join(filter(None, [
            f"missing paragraphs {missing}" if missing else "",
            f"paragraphs that do not exist {extra}" if extra else "",
            "" if missing or extra else "entries out of order or repeated",
        ]))
        problems.append(Problem(path, line_of(text, "precis:"), f"the précis must cover paragraphs 1 to {count} in order: {detail}",
                                "write one précis entry per body paragraph, para: 1 to the last"))
    quote_lines = key_passage_lines(text)
    for index, item in enumerate(data["key_passages"]):
        line = quote_lines[index] if index < len(quote_lines) else line_of(text, "key_passages:")
        if item["para"] > count:
            problems.append(Problem(path, line, f"key passage cites para {item['para']}, beyond the {count} paragraphs",
                                    "correct the para number"))
        if quote_word_count(item["quote"]) > MAX_QUOTE_WORDS:
            problems.append(Problem(path, line, f"a key passage has {quote_word_count(item['quote'])} words",
                                    f"shorten it to at most {MAX_QUOTE_WORDS} words, marking omissions with …"))
    locators = [claim["locator"] for claim in data["argument_map"]["claims"]]
    locators += [item["locator"] for claim in data["argument_map"]["claims"] for item in claim["evidence"]]
    for text_locator in locators:
        try:
            beyond = [n for n in parse_locator(text_locator).paragraphs if n > count]
        except LocatorError as error:
            beyond, problems = [], problems + [Problem(path, line_of(text, text_locator), str(error), "correct the locator")]
        if beyond:
            problems.append(Problem(path, line_of(text, f"locator: {text_locator}"),
                                    f"'{text_locator}' is beyond the {count} paragraphs", "correct the locator"))
    return problems + _link_problems(data, text, path)


def cache_problems(root: Path, cache_dir: Path | None) -> list[Problem]:
    """A cache committed to the repository would be read as the build's own work: refused before any is read."""
    tracked = tracked_cache_files(root, cache_dir) if cache_dir is not None else []
    return [Problem(name, None, "a file under the build's cache folder is tracked by git",
                    f"remove it from the repository (git rm --cached {name}): caches come from builds, never commits")
            for name in tracked]


def _load_themes(root: Path, sources_dir: Path, schema_dir: Path, cache: DiskCache) -> tuple[dict[str, Theme], list[Problem]]:
    """The themes of sources/themes.yml, which the other data files' theme fields are checked against."""
    path = sources_dir / f"{THEMES_FILE}.yml"
    relative = path.relative_to(root).as_posix()
    if not path.is_file():
        return {}, [Problem(relative, None, "the book has no list of themes",
                            f"create it: a list of slug, title, page, description (see schema/{THEMES_FILE}.schema.json)")]
    if not schema_path(schema_dir, THEMES_FILE).is_file():
        return {}, [Problem(relative, None, f"its schema {schema_path(schema_dir, THEMES_FILE).relative_to(root).as_posix()} "
                            "is missing", "give the book its schema folder (copy sources/schema/ from the book)")]
    loaded, problems = load_yaml(path, root, THEMES_FILE, schema_dir, cache)
    if loaded is None or problems:
        return {}, problems
    text = path.read_text(encoding="utf-8")
    problems = theme_problems(loaded, relative, lambda needle: line_of(text, needle))
    return ({} if problems else themes_from(loaded)), problems


def _load(root: Path, sources_dir: Path, cache_dir: Path | None) -> Library:
    if tracked := cache_problems(root, cache_dir):
        raise BookError(tracked)
    schema_dir = sources_dir / "schema"
    bib_files = sorted(sources_dir.glob("*.bib"))
    placeholders = []
    for path in sorted(sources_dir.glob("*.yml")):  # .bib files: load_references reads them
        text, _ = read_text(path, root)  # what cannot be decoded, load_yaml reports
        relative = path.relative_to(root).as_posix()
        placeholders += [] if text is None else placeholder_problems(text, relative) + reserved_marker_problems(text, relative)
    for path in bib_files:
        text, _ = read_text(path, root)
        placeholders += placeholder_problems(text or "", path.relative_to(root).as_posix())
    references, problems = load_references(bib_files, root, cache_dir)
    problems = placeholders + problems + [found for ref in references.values() for found in reference_date_problems(ref)]
    annotated_keys = {ref.key for ref in references.values() if ref.path.endswith("/" + ANNOTATED_BIB)}
    sources: dict[str, dict[str, Any]] = {}
    data: dict[str, Any] = {}
    texts: dict[str, str] = {}
    valid_data = DiskCache(cache_dir / "data.json" if cache_dir else None, valid=lambda value: isinstance(value, (dict, list)))
    themes, found = _load_themes(root, sources_dir, schema_dir, valid_data)
    if found:  # every other file's themes are checked against this list
        raise BookError(problems + found)
    slugs = tuple(themes)
    for path in sorted(sources_dir.glob("*.yml")):
        if path.stem == THEMES_FILE:
            continue
        relative = path.relative_to(root).as_posix()
        schema = REFERENCE_DATA.get(path.stem, "source")
        if not schema_path(schema_dir, schema).is_file():
            problems.append(Problem(relative, None, f"its schema {schema_path(schema_dir, schema).relative_to(root).as_posix()} "
                                    "is missing", "give the book its schema folder (copy sources/schema/ from the book)"))
            continue
        loaded, found = load_yaml(path, root, schema, schema_dir, valid_data, slugs)
        problems += found
        texts[relative] = read_text(path, root)[0] or ""
        if loaded is None or found:
            if schema == "source":
                sources[path.stem] = {}  # known, so its citations do not also read as unknown keys
            continue
        if schema != "source":
            data[path.stem] = loaded
            continue
        problems += _source_problems(path.stem, loaded, texts[relative], relative)
        if path.stem in references and (date_problem := card_date_problem(
                references[path.stem], loaded["date_note"], relative, line_of(texts[relative], "date_note:"))):
            problems.append(date_problem)
        # Notes quote the précis; a note cannot hold notes, so its own markers are left out there.
        precis_by_para = {item["para"]: without_markers(item["text"]) for item in loaded["precis"]}
        sources[path.stem] = {**loaded, "precis_by_para": precis_by_para}  # the cached data stays as parsed
        if path.stem not in annotated_keys and references:
            problems.append(Problem(relative, 1, f"'{path.stem}' has a data file but no entry in sources/{ANNOTATED_BIB}",
                                    f"add a BibTeX entry with the key {path.stem} to sources/{ANNOTATED_BIB}"))
    for key in sorted(annotated_keys - set(sources)):
        ref = references[key]
        problems.append(Problem(ref.path, ref.line, f"'{key}' has a BibTeX entry but no data file sources/{key}.yml",
                                f"create sources/{key}.yml (the scaffold command writes a template)"))
    source_dates = [references[key].fields.get("date", "") for key in annotated_keys]
    if "since" in data:
        problems += since_problems(data["since"], texts["sources/since.yml"], source_dates)
    if "watch" in data:
        problems += watch_problems(data["watch"], texts["sources/watch.yml"], data.get("since"))
    valid_data.save()
    library = Library(root=root, references=references, sources=sources, data=data, themes=themes)
    problems += data_correction_problems(texts, data.get("disagreements", []))
    if not problems:
        for relative, text in texts.items():
            problems += library.text_problems(text, relative)
    if problems:
        raise BookError(problems)
    return library


def book_themes(root: Path, sources_dir: Path | None = None) -> dict[str, Theme]:
    """The themes of the book at `root`, checked against their schema (for commands that need only them)."""
    sources_dir = sources_dir or root / "sources"
    themes, problems = _load_themes(root.resolve(), sources_dir.resolve(), sources_dir.resolve() / "schema", DiskCache(None))
    if problems:
        raise BookError(problems)
    return themes


_cache: dict[Path, tuple[tuple, Library]] = {}


def _fingerprint(sources_dir: Path) -> tuple:
    files = sorted(sources_dir.glob("*.*")) + sorted((sources_dir / "schema").glob("*.json"))
    return tuple((p.name, (stat := p.stat()).st_mtime_ns, stat.st_size) for p in files)


def load_library(root: Path, cache_dir: Path | None = None, sources_dir: Path | None = None) -> Library:
    """The library of the book in `root` (its data in `sources_dir`, by default root/sources),
    reloaded only when a file there changed."""
    root = root.resolve()
    sources_dir = (sources_dir or root / "sources").resolve()
    if not sources_dir.is_dir():
        raise BookError([Problem(sources_dir.as_posix(), None, "the book's data folder does not exist",
                                 "run from the book's folder (the one with mkdocs.yml), or set sources_dir")])
    fingerprint = (cache_dir, _fingerprint(sources_dir))
    cached = _cache.get(sources_dir)
    if cached and cached[0] == fingerprint:
        return cached[1]
    library = _load(root, sources_dir, cache_dir)
    _cache[sources_dir] = (fingerprint, library)
    return library
