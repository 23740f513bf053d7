"""python -m macros.pdf SITE_DIR OUT.pdf: the PDF briefing from the built site, in A4 and US Letter.

When the site has a page brief.md, its two-page brief is written beside it too
(brief.pdf, brief-letter.pdf).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BookError
from ..plain_defaults import MANIFEST
from .assemble import BookMeta, PageError, print_chapters
from .meta import book_meta, edition_date
from .notes import short_references_only
from .outline import Chapter, ManifestError, Part, built_parts, page_url, read_manifest
from .papers import Written
from .render import Metadata, TypesetError, default_targets, typeset
from .tree import PageParseError, parse_page
from .typeset import book_markup, brief_markup

BRIEF_PAGE = "brief.md"
BRIEF_PAGES = 2  # the brief is a handout: two sides of one sheet


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m macros.pdf", description=__doc__)
    parser.add_argument("site", type=Path, help="the built site (mkdocs build's output folder)")
    parser.add_argument("out", type=Path, help="the A4 PDF to write; US Letter goes beside it with -letter")
    parser.add_argument("--manifest", type=Path, help="the print manifest the build wrote "
                        f"(default: SITE/{MANIFEST})")
    parser.add_argument("--typst-source", type=Path, help="also write the Typst markup typeset, to this file")
    return parser.parse_args(argv)


def _language(site: Path) -> str:
    """The front page's language (<html lang>), which the PDF declares as its own; English if unsaid."""
    try:
        lang = parse_page((site / "index.html").read_text(encoding="utf-8")).get("lang")
    except (PageParseError, UnicodeDecodeError):
        return "en"
    return lang or "en"


def _report(written: list[Written]) -> list[str]:
    lines = [f"Wrote {item.path}: {item.pages} pages, {item.paper.name}" for item in written]
    if written:  # one typesetting serves every paper
        lines.append(f"Typeset once for {len(written)} papers in {written[0].seconds:.1f} s "
                     f"({written[0].cpu_seconds:.1f} s CPU)")
    return lines


def _brief(site: Path, out: Path, meta: BookMeta, metadata: Metadata, root: Path) -> tuple[list[str], list[str]]:
    """brief.pdf and brief-letter.pdf beside the book, when the site has the brief page and it
    fits on BRIEF_PAGES pages; otherwise a message says what to shorten. Returns what to print
    (the report, the message) for the caller to print after the book's."""
    chapter = Chapter(page_url(BRIEF_PAGE), None)
    if not chapter.html_path(site).is_file():
        return [], []
    title = print_chapters([Part("Brief", (chapter,))], site, meta)[0][1][0].title
    # Read again as a part of its own title, so the page's title heads the sheet once.
    read = print_chapters([Part(title, (chapter,))], site, meta)
    for _, chapters in read:
        for printed in chapters:
            short_references_only(printed.article)
    brief_meta = Metadata(f"{title}: {metadata.title}" if title != metadata.title else title,
                          metadata.author, metadata.description, metadata.lang, metadata.edition)
    targets = default_targets(out.with_name("brief.pdf"))
    try:
        return _report(typeset(brief_markup(read), brief_meta, targets, root, max_pages=BRIEF_PAGES)), []
    except TypesetError as error:
        # The book is written and sound: a brief too long is reported and left unwritten, not
        # allowed to stop the book's PDF.
        return [], [f"Not written: the brief. {BRIEF_PAGE}: {error}. Shorten the page: the brief is a handout of "
                    f"{BRIEF_PAGES} pages."]


@contextmanager
def _beside(job: Callable[..., tuple[list[str], list[str]]], *args: object) -> Iterator[Callable[[], tuple]]:
    """Run `job` in a process of its own while the caller works, where the system can fork;
    otherwise when its result is asked for. It must start before this process runs Typst,
    whose worker threads a forked process would not have."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield lambda: job(*args)
        return
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = pool.apply_async(job, args)
        yield pending.get


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The assembly makes tens of thousands of objects that live until the markup is written (the
    parsed pages' element proxies, the markup's pieces) and none in cycles to free: Python's cycle
    collector would walk them again and again (0.05 to 0.15 s of the assembly's 0.5 s)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _unwritable(out: Path) -> str | None:
    """Why OUT cannot name the PDF, or None: the Letter copy and the brief are named after it."""
    if out.suffix.lower() != ".pdf" or out.is_dir():
        return (f"{out}: name the PDF to write, ending in .pdf (such as site/briefing.pdf); the US Letter "
                f"copy is written beside it with -letter before .pdf.")
    return None


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.perf_counter()
    if (problem := _unwritable(args.out)) is not None:
        print(problem, file=sys.stderr)
        return 2
    if not (args.site / "index.html").is_file():
        print(f"No built site in {args.site}: build it first (make site, or mkdocs build -d {args.site}).",
              file=sys.stderr)
        return 2
    try:
        printed, meta_data = read_manifest(args.manifest or args.site / MANIFEST)
    except ManifestError as error:
        print(error, file=sys.stderr)
        return 2
    parts, missing = built_parts(printed, args.site)
    if not parts:
        print(f"None of the pages the print manifest lists is built in {args.site}.", file=sys.stderr)
        return 2
    for chapter in missing:
        print(f"Left out (not built): {chapter.url or 'the front page'}", file=sys.stderr)
    try:
        meta = book_meta(meta_data, meta_data.get("source_months", []), edition_date())
    except BookError as error:
        print(error, file=sys.stderr)
        return 1
    metadata = Metadata(meta.title, meta.author, meta.description, _language(args.site), edition_date())
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as root, \
            _beside(_brief, args.site, args.out, meta, metadata, Path(root)) as brief:
        try:
            with _without_cycle_collection():
                markup = book_markup(print_chapters(parts, args.site, meta), meta)
        except (BookError, PageError) as error:
            print(error, file=sys.stderr)
            return 1
        chapters = sum(len(part.chapters) for part in parts)
        print(f"Assembled {chapters} pages of the site in {len(parts)} parts ({time.perf_counter() - started:.1f} s)")
        try:
            if args.typst_source:
                args.typst_source.write_text(markup, encoding="utf-8")
            print("\n".join(_report(typeset(markup, metadata, default_targets(args.out), Path(root)))))
            brief_report, brief_problems = brief()
        except (TypesetError, PageError) as error:
            print(f"The PDF could not be typeset: {error}", file=sys.stderr)
            return 1
        except OSError as error:  # a folder where a file should go, no permission, a full disk
            print(f"Could not write {error.filename or 'the PDF'}: {error.strerror or error}. Check that the "
                  f"path names a file in a folder you can write to.", file=sys.stderr)
            return 1
    for line in brief_report:
        print(line)
    for line in brief_problems:
        print(line, file=sys.stderr)
    print(f"PDF briefing done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
