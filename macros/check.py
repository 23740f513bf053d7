"""`python -m macros.check`: every editorial and citation check, without building the site.

Fast enough to run before each commit. Reads docs/ and sources/. Quotations
and copying are checked against each source's text when the corpus is given
(BRIEFING_CORPUS or --corpus), else against its committed fingerprint
(sources/fingerprints/, see macros/fingerprint.py); with the text given, the
fingerprint must match it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .config import book_settings
from .copying import RUN_LENGTH, WINDOW, Words, outside_quotations, run_around, window_hits, words
from .corpus import CORPUS_ENV, CorpusText, corpus_dir_from_env, load_corpus
from .corrections import page_correction_problems
from .decoding import read_text
from .errors import BookError, Problem, line_of
from .disk_cache import DiskCache, digest
from .fingerprint import FOLDER as FINGERPRINT_FOLDER
from .fingerprint import Fingerprint, fingerprint_path, from_paragraphs, load_fingerprint, normal_quotation, window_digest
from .house_style import variant_patterns, variants_in
from .library import Library, load_library, missing_source_pages, page_placeholder_problems, placeholder_problems
from .quotes import (MAX_QUOTE_WORDS, MAX_QUOTES_PER_SOURCE, key_passage_spans, marked_quotations, quote_matches,
                     quote_problem, quote_word_count)
from .text_safety import reserved_marker_problems
from .typography import typography_problems


def page_files(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*.md"))


def data_files(root: Path) -> list[Path]:
    return sorted((root / sources_of(root)).glob("*.yml"))


def sources_of(root: Path) -> str:
    """The book's sources folder, relative to its root (the plugin's sources_dir setting)."""
    return book_settings(root).sources_dir


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


@dataclass
class Evidence:
    """What the quotations and copying are checked against: the text when given, else the fingerprint.

    `verified` and `accepted` collect, from the texts given, what a fingerprint records.
    """

    texts: dict[str, CorpusText]
    fingerprints: dict[str, Fingerprint]
    committed: dict[str, Fingerprint | None]
    sources: str = "sources"  # the sources folder, for the files problems name
    verified: dict[str, set[tuple[int, str]]] = field(default_factory=dict)
    accepted: dict[str, set[str]] = field(default_factory=dict)
    _owners: dict[str, tuple[str, int]] | None = None

    def owners(self) -> dict[str, tuple[str, int]]:
        """Every window digest -> (source, paragraph): made once, looked up for every window of the book."""
        if self._owners is None:
            self._owners = {digest: (key, para) for key, fingerprint in self.fingerprints.items()
                            for digest, para in fingerprint.windows.items()}
        return self._owners


def gather_evidence(library: Library, root: Path, corpus_dir: Path | None) -> tuple[Evidence, list[Problem]]:
    problems: list[Problem] = []
    texts: dict[str, CorpusText] = {}
    if corpus_dir is not None:
        if corpus_dir.is_dir():
            texts = {key: text for key, text in load_corpus(corpus_dir).items() if key in library.sources}
        else:
            problems.append(Problem(str(corpus_dir), None, f"the folder of the sources' texts ({CORPUS_ENV}) does not exist",
                                    f"set {CORPUS_ENV} to the folder that holds <key>.txt, or unset it to check "
                                    "against the committed fingerprints"))
    fingerprints: dict[str, Fingerprint] = {}
    committed: dict[str, Fingerprint | None] = {}
    sources = sources_of(root)
    for key in sorted(library.sources):
        committed[key], found = load_fingerprint(root, key, sources)
        kept = committed[key]
        if key in texts:
            fingerprints[key] = from_paragraphs(key, texts[key].paragraphs)
        elif kept is not None:
            fingerprints[key] = kept
        else:
            problems += found or [Problem(
                f"{sources}/{key}.yml", None, f"'{key}' has neither its text nor a fingerprint, so its quotations "
                "and copying cannot be checked",
                f"put the article's text in the corpus folder as {key}.txt (see docs/contributing.md) and run "
                f"`make fingerprint BRIEFING_CORPUS=/path/to/corpus`, then commit {fingerprint_path(key, sources)}")]
        if key in fingerprints and fingerprints[key].paragraphs != library.sources[key].get("paragraphs"):
            path = f"{sources}/{key}.yml"
            where = f"{key}.txt" if key in texts else fingerprint_path(key, sources)
            problems.append(Problem(path, line_of((root / path).read_text(encoding="utf-8"), "paragraphs:"),
                                    f"paragraphs: {library.sources[key].get('paragraphs')}, but {where} has "
                                    f"{fingerprints[key].paragraphs} body paragraphs",
                                    "count the [para N] lines of the text; each is one paragraph"))
    return Evidence(texts, fingerprints, committed, sources=sources), problems


def book_quotations(library: Library, root: Path):
    """(path, line, quotation, [(key, paragraphs)]) for every quotation of an annotated source in the book."""
    sources = sources_of(root)
    for key, source in library.sources.items():
        path = f"{sources}/{key}.yml"
        spans = key_passage_spans((root / path).read_text(encoding="utf-8"))
        for index, item in enumerate(source.get("key_passages", [])):
            line = spans[index][0] if index < len(spans) else None
            yield path, line, item["quote"], [(key, [item["para"]])]
    for file in [*page_files(root), *data_files(root)]:
        relative = file.relative_to(root).as_posix()
        for line, quote, block in marked_quotations(file.read_text(encoding="utf-8")):
            cites = [(cite.key, list(cite.locator.paragraphs)) for cite in block.cites
                     if cite.key in library.sources and cite.locator and cite.locator.paragraphs]
            if cites:
                yield relative, line, quote, cites


def quotation_verdict(quote: str, cites, evidence: Evidence) -> str | None:
    """None when one of the cited paragraphs holds the quotation, else what is wrong (of the first cite)."""
    found = []
    for key, paragraphs in cites:
        if key in evidence.texts:
            problem = quote_problem(quote, evidence.texts[key].paragraphs, paragraphs)
            if problem is None:
                para = next(n for n in paragraphs if quote_matches(normal_quotation(quote), evidence.texts[key].paragraphs.get(n, "")))
                evidence.verified.setdefault(key, set()).add((para, normal_quotation(quote)))
                return None
            found.append(problem)
        elif key in evidence.fingerprints:
            if any(evidence.fingerprints[key].has_quotation(n, quote) for n in paragraphs):
                return None
            where = ", ".join(f"para. {n}" for n in paragraphs)
            found.append(f"the quotation is not in {key}'s ledger of quotations verified in {where} "
                         f"({fingerprint_path(key, evidence.sources)}): it differs from the text, or it is new")
        else:
            return None  # neither text nor fingerprint: reported once for the source
    return found[0] if found else None


def quotation_problems(library: Library, root: Path, evidence: Evidence) -> list[Problem]:
    """Every quotation verbatim in the paragraph it cites, short, and at most eight per source."""
    problems = []
    per_source: dict[str, int] = {}
    fix = ("copy it character for character from the text; a new or corrected quotation is recorded by "
           "`make fingerprint` run with the texts (docs/contributing.md)")
    for path, line, quote, cites in book_quotations(library, root):
        per_source[cites[0][0]] = per_source.get(cites[0][0], 0) + 1
        words = quote_word_count(quote)
        if words > MAX_QUOTE_WORDS:
            problems.append(Problem(path, line, f"the quotation has {words} words",
                                    f"quote at most {MAX_QUOTE_WORDS} words, marking omissions with …"))
            continue
        verdict = quotation_verdict(quote, cites, evidence)
        if verdict:
            problems.append(Problem(path, line, verdict, fix))
    for key, count in per_source.items():
        if count > MAX_QUOTES_PER_SOURCE:
            problems.append(Problem(f"{evidence.sources}/{key}.yml", None, f"{key} is quoted {count} times across the book",
                                    f"keep to at most {MAX_QUOTES_PER_SOURCE} quotations per source: paraphrase the rest"))
    return problems


def book_texts(root: Path) -> list[tuple[str, Words]]:
    """Every page and data file as words, their quotations (“…” and key passages) left out."""
    texts = []
    for path in [*page_files(root), *data_files(root)]:
        text = path.read_text(encoding="utf-8")
        spans = [(start, end) for _, start, end in key_passage_spans(text)] if path.suffix == ".yml" else []
        texts.append((path.relative_to(root).as_posix(), outside_quotations(text, spans)))
    return texts


def copied_text_problems(where: str, text: Words, evidence: Evidence) -> list[Problem]:
    """Runs of a text copied from a source: judged on the source's text when given, else on its fingerprint."""
    owners = evidence.owners()
    problems = []
    for group in window_hits(text, lambda window: window_digest(window) in owners):
        copied = None
        for hit in group:
            digest = window_digest(hit.window)
            key, para = owners[digest]
            if key in evidence.texts:
                paragraph = words(evidence.texts[key].paragraphs[para])
                start, end = run_around(text, hit.index, paragraph, evidence.fingerprints[key].positions[digest])
                if end - start >= RUN_LENGTH:
                    copied = copied or f"“{text.phrase(start, end)}” ({end - start} words) is copied from {key}, para. {para}"
                else:
                    evidence.accepted.setdefault(key, set()).add(digest)
            elif digest not in evidence.fingerprints[key].accepted:
                copied = copied or (f"“{text.phrase(hit.index, hit.index + WINDOW)}” is also in {key}, para. {para} "
                                    f"(its fingerprint shows {WINDOW} words in a row, part of any copied run of {RUN_LENGTH})")
        if copied:
            problems.append(Problem(where, text.line(group[0].index), copied,
                                    "put it in your own words, or quote it (at most 30 words) with its citation"))
    return problems


def copying_problems(root: Path, evidence: Evidence) -> list[Problem]:
    return [problem for where, text in book_texts(root) for problem in copied_text_problems(where, text, evidence)]


def fingerprint_problems(evidence: Evidence) -> list[Problem]:
    """With a source's text given, its committed fingerprint must be the one the text and the book give now."""
    problems = []
    for key in sorted(evidence.texts):
        fresh = regenerate(key, evidence)
        committed = evidence.committed.get(key)
        path = fingerprint_path(key, evidence.sources)
        fix = f"run `make fingerprint` (with {CORPUS_ENV} set) and commit {path}"
        if committed is None:
            problems.append(Problem(path, None, f"'{key}' has its text but no fingerprint", fix))
        elif differences := fresh.differences(committed):
            problems.append(Problem(path, None, f"the fingerprint is out of date: {'; '.join(differences)}", fix))
    return problems


def regenerate(key: str, evidence: Evidence) -> Fingerprint:
    return from_paragraphs(key, evidence.texts[key].paragraphs, evidence.verified.get(key, ()), evidence.accepted.get(key, ()))


def evidence_problems(library: Library, root: Path, corpus_dir: Path | None) -> tuple[list[Problem], Evidence]:
    evidence, problems = gather_evidence(library, root, corpus_dir)
    problems += quotation_problems(library, root, evidence) + copying_problems(root, evidence)
    return problems + fingerprint_problems(evidence), evidence


_CHECK_CODE = ("check.py", "copying.py", "fingerprint.py", "quotes.py", "corpus.py")


# The build runs the quotation and copying checks too. Their result is kept in the cache by a digest of every
# text they read, so that a build which changed none of them pays nothing; otherwise they run in a second
# process (`--evidence-json`) beside the build, on the other core, and the build collects them at the end.

def _evidence_key(root: Path, corpus_dir: Path | None) -> str:
    here = Path(__file__).parent
    inputs = [*page_files(root), *data_files(root), *sorted((root / sources_of(root) / FINGERPRINT_FOLDER).glob("*.json")),
              *(sorted(corpus_dir.glob("*.txt")) if corpus_dir and corpus_dir.is_dir() else []),
              *(here / name for name in _CHECK_CODE)]
    return digest(str(corpus_dir), *(f"{path}\n{path.read_text(encoding='utf-8')}" for path in inputs))


def _are_problems(value) -> bool:
    """A cached value that reads back as problems (a damaged or foreign cache file is ignored)."""
    return isinstance(value, list) and all(
        isinstance(item, dict) and set(item) == {"path", "line", "message", "fix"}
        and all(isinstance(item[name], str) for name in ("path", "message", "fix"))
        and (item["line"] is None or isinstance(item["line"], int)) for item in value)


def cached_evidence_problems(root: Path, corpus_dir: Path | None, cache_dir: Path) -> list[Problem] | None:
    """The problems found last time for exactly these texts, or None."""
    kept = DiskCache(cache_dir / "evidence.json", valid=_are_problems).get(_evidence_key(root, corpus_dir))
    return None if kept is None else [Problem(**item) for item in kept]


def build_evidence_problems(library: Library, root: Path, corpus_dir: Path | None, cache_dir: Path) -> list[Problem]:
    found = cached_evidence_problems(root, corpus_dir, cache_dir)
    if found is None:
        found, _ = evidence_problems(library, root, corpus_dir)
        cache = DiskCache(cache_dir / "evidence.json")
        cache.put(_evidence_key(root, corpus_dir), [asdict(problem) for problem in found])
        cache.save()
    return found


def start_evidence_check(root: Path, corpus_dir: Path | None) -> subprocess.Popen:
    """`python -m macros.check --evidence-json` for the book, with this code and this corpus folder."""
    package_parent = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))}
    env[CORPUS_ENV] = str(corpus_dir) if corpus_dir is not None else ""
    return subprocess.Popen([sys.executable, "-m", "macros.check", "--root", str(root), "--evidence-json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish_evidence_check(process: subprocess.Popen) -> list[Problem]:
    out, err = process.communicate()
    if process.returncode != 0:
        return [Problem("macros/check.py", None, f"the quotation and copying checks stopped: {err.strip()[-600:]}",
                        "run `make check`, which reports the same problems")]
    return [Problem(**item) for item in json.loads(out)]


def regenerated_fingerprints(root: Path, corpus_dir: Path) -> tuple[dict[str, Fingerprint], list[str]]:
    """Fingerprints of the sources whose text is in the corpus folder, and the keys without one there."""
    library = book_library(root)
    _, evidence = evidence_problems(library, root, corpus_dir)
    return ({key: regenerate(key, evidence) for key in evidence.texts},
            sorted(set(library.sources) - set(evidence.texts)))


def book_library(root: Path) -> Library:
    settings = book_settings(root)
    return load_library(root, root / settings.cache_dir, root / settings.sources_dir)


def run_checks(root: Path, corpus_dir: Path | None) -> tuple[list[Problem], list[str]]:
    """All problems, and notes on how the quotations and copying were checked."""
    notes: list[str] = []
    undecodable = [problem for path in page_files(root) for problem in read_text(path, root)[1]]
    if undecodable:  # every check below reads the pages as text
        return undecodable, notes
    try:
        library = book_library(root)
    except BookError as error:
        return error.problems + page_placeholder_problems(root), notes
    problems = missing_source_pages(library, lambda src: (root / "docs" / src).is_file())
    problems += citation_problems(library, root) + house_style_problems(library, root)
    problems += page_correction_problems(root, page_files(root), library.data.get("disagreements", []))
    problems += typography_problems(root, page_files(root), data_files(root))
    found, evidence = evidence_problems(library, root, corpus_dir)
    by_fingerprint = sorted(set(evidence.fingerprints) - set(evidence.texts))
    if evidence.texts:
        notes.append(f"checked against the texts of {', '.join(sorted(evidence.texts))}")
    if by_fingerprint:
        notes.append(f"checked against the fingerprints of {', '.join(by_fingerprint)}"
                     + ("" if corpus_dir else f" (no texts given: {CORPUS_ENV})"))
    return problems + found, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.check", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the book's folder (default: here)")
    parser.add_argument("--corpus", type=Path, help=f"the corpus folder (default: ${CORPUS_ENV})")
    parser.add_argument("--evidence-json", action="store_true",
                        help="only the quotation and copying problems, as JSON (what the build runs beside itself)")
    args = parser.parse_args(argv)
    if args.evidence_json:
        root = args.root.resolve()
        settings = book_settings(root)
        try:
            found = build_evidence_problems(book_library(root), root, corpus_dir_from_env(args.corpus), root / settings.cache_dir)
        except BookError:
            found = []  # the build reports the library's problems itself
        print(json.dumps([asdict(problem) for problem in found], ensure_ascii=False))
        return 0
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
