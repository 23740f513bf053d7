"""`python -m macros.check`: every editorial and citation check, without building the site.

Fast enough to run before each commit. Reads docs/ and sources/; reads the
corpus too when one is given (BRIEFING_CORPUS or --corpus) for the checks
that compare against the articles' text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import book_settings
from .copying import copied_runs, run_index
from .corpus import CORPUS_ENV, corpus_dir_from_env, load_corpus
from .corrections import page_correction_problems
from .decoding import read_text
from .errors import BookError, Problem, line_of
from .house_style import variant_patterns, variants_in
from .library import Library, load_library, missing_source_pages, placeholder_problems
from .quotes import MAX_QUOTES_PER_SOURCE, marked_quotations, quote_problem
from .text_safety import reserved_marker_problems


def page_files(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*.md"))


def data_files(root: Path) -> list[Path]:
    return sorted((root / "sources").glob("*.yml"))


def citation_problems(library: Library, root: Path) -> list[Problem]:
    problems = []
    for path in page_files(root):
        text, relative = path.read_text(encoding="utf-8"), path.relative_to(root).as_posix()
        problems += placeholder_problems(text, relative) + reserved_marker_problems(text, relative)
        problems += library.text_problems(text, relative)
    return problems


def house_style_problems(library: Library, root: Path) -> list[Problem]:
    style = library.data.get("house-style", {})
    patterns = variant_patterns(style)
    problems = []
    for path in [*page_files(root), *data_files(root)]:
        if path.stem in {"house-style", "actors"}:
            continue  # these list the variants on purpose
        for line, variant, preferred in variants_in(path.read_text(encoding="utf-8"), patterns):
            problems.append(Problem(path.relative_to(root).as_posix(), line, f"'{variant}' is not the house spelling",
                                    f"write '{preferred}' (variants are allowed only inside “quotations”)"))
    return problems


def quotation_problems(library: Library, root: Path, corpus) -> list[Problem]:
    """Every quotation verbatim in the paragraph it cites, short, and at most eight per source."""
    problems = []
    per_source: dict[str, int] = {}
    for key, source in library.sources.items():
        path = f"sources/{key}.yml"
        text = (root / path).read_text(encoding="utf-8")
        for item in source.get("key_passages", []):
            per_source[key] = per_source.get(key, 0) + 1
            if key in corpus:
                found = quote_problem(item["quote"], corpus[key].paragraphs, [item["para"]])
                if found:
                    problems.append(Problem(path, line_of(text, item["quote"].split()[0]), found, "quote the corpus exactly"))
    for file in [*page_files(root), *data_files(root)]:
        relative = file.relative_to(root).as_posix()
        for line, quote, block in marked_quotations(file.read_text(encoding="utf-8")):
            annotated = [cite for cite in block.cites if cite.key in corpus and cite.locator]
            for cite in annotated[:1]:
                per_source[cite.key] = per_source.get(cite.key, 0) + 1
            if annotated and all(
                quote_problem(quote, corpus[cite.key].paragraphs, list(cite.locator.paragraphs)) for cite in annotated
            ):
                first = annotated[0]
                message = quote_problem(quote, corpus[first.key].paragraphs, list(first.locator.paragraphs))
                assert message is not None  # all() found a problem with every citation, the first included
                problems.append(Problem(relative, line, message, "quote the corpus exactly, or paraphrase without quotation marks"))
    for key, count in per_source.items():
        if count > MAX_QUOTES_PER_SOURCE:
            problems.append(Problem(f"sources/{key}.yml", None, f"{key} is quoted {count} times across the book",
                                    f"keep to at most {MAX_QUOTES_PER_SOURCE} quotations per source: paraphrase the rest"))
    return problems


def copying_problems(root: Path, corpus) -> list[Problem]:
    index = run_index({(key, n): text for key, item in corpus.items() for n, text in item.paragraphs.items()})
    problems = []
    for path in [*page_files(root), *data_files(root)]:
        relative = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith(("quote:", "- quote:")):
                continue
            for run, (key, paragraph) in copied_runs(line, index):
                problems.append(Problem(relative, number, f"“{run}” is copied from {key}, para. {paragraph}",
                                        "put it in your own words, or quote it (at most 30 words) with its citation"))
    return problems


def run_checks(root: Path, corpus_dir: Path | None) -> tuple[list[Problem], list[str]]:
    """All problems, and notes on checks that could not run."""
    notes: list[str] = []
    undecodable = [problem for path in page_files(root) for problem in read_text(path, root)[1]]
    if undecodable:  # every check below reads the pages as text
        return undecodable, notes
    try:
        settings = book_settings(root)
        library = load_library(root, root / settings.cache_dir, root / settings.sources_dir)
    except BookError as error:
        return error.problems, notes
    problems = missing_source_pages(library, lambda src: (root / "docs" / src).is_file())
    problems += citation_problems(library, root) + house_style_problems(library, root)
    problems += page_correction_problems(root, page_files(root), library.data.get("disagreements", []))
    if corpus_dir is None:
        notes.append(f"quotation and copying checks skipped: no corpus given (set {CORPUS_ENV} or pass --corpus)")
    else:
        corpus = load_corpus(corpus_dir)
        problems += quotation_problems(library, root, corpus) + copying_problems(root, corpus)
    return problems, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.check", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the book's folder (default: here)")
    parser.add_argument("--corpus", type=Path, help=f"the corpus folder (default: ${CORPUS_ENV})")
    args = parser.parse_args(argv)
    problems, notes = run_checks(args.root.resolve(), corpus_dir_from_env(args.corpus))
    for note in notes:
        print(f"note: {note}")
    if problems:
        print(str(BookError(problems)))
        return 1
    print("All checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
