"""python -m macros.pdf SITE_DIR OUT.pdf: the PDF briefing from the built site, in A4 and US Letter.

When the site has a page brief.md, its two-page brief is written beside it too
(brief.pdf, brief-letter.pdf).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup

from ..config import defaults
from ..errors import BookError
from .assemble import BookMeta, PageError, print_chapters
from .meta import book_meta, edition_date
from .notes import short_references_only
from .outline import Chapter, ManifestError, Part, built_parts, page_url, read_manifest
from .papers import Written
from .render import Metadata, TypesetError, default_targets, typeset
from .typeset import book_markup, brief_markup

BRIEF_PAGE = "brief.md"
BRIEF_PAGES = 2  # the brief is a handout: two sides of one sheet


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m macros.pdf", description=__doc__)
    parser.add_argument("site", type=Path, help="the built site (mkdocs build's output folder)")
    parser.add_argument("out", type=Path, help="the A4 PDF to write; US Letter goes beside it with -letter")
    parser.add_argument("--manifest", type=Path, help="the print manifest the build wrote "
                        f"(default: SITE/{defaults().manifest})")
    parser.add_argument("--typst-source", type=Path, help="also write the Typst markup typeset, to this file")
    return parser.parse_args(argv)


def _language(site: Path) -> str:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    lang = soup.html.get("lang") if soup.html else None
    return lang if isinstance(lang, str) and lang else "en"


def _report(written: list[Written]) -> None:
    for item in written:
        print(f"Wrote {item.path}: {item.pages} pages, {item.paper.name} "
              f"({item.seconds:.1f} s, {item.cpu_seconds:.1f} s CPU)")


def _brief(site: Path, out: Path, meta: BookMeta, metadata: Metadata, root: Path) -> None:
    """brief.pdf and brief-letter.pdf beside the book, when the site has the brief page and it
    fits on BRIEF_PAGES pages in every paper; otherwise a message says what to shorten."""
    chapter = Chapter(page_url(BRIEF_PAGE), None)
    if not chapter.html_path(site).is_file():
        return
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
        _report(typeset(brief_markup(read), brief_meta, targets, root, max_pages=BRIEF_PAGES))
    except TypesetError as error:
        for _, path in targets:  # one paper may have fitted: the brief is both or neither
            path.unlink(missing_ok=True)
        # The book is written and sound: a brief too long is reported and left unwritten, not
        # allowed to stop the book's PDF.
        print(f"Not written: the brief. {BRIEF_PAGE}: {error}. Shorten the page: the brief is a handout of "
              f"{BRIEF_PAGES} pages.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.perf_counter()
    if not (args.site / "index.html").is_file():
        print(f"No built site in {args.site}: build it first (make site, or mkdocs build -d {args.site}).",
              file=sys.stderr)
        return 2
    try:
        printed, meta_data = read_manifest(args.manifest or args.site / defaults().manifest)
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
        read = print_chapters(parts, args.site, meta)
        markup = book_markup(read, meta)
    except (BookError, PageError) as error:
        print(error, file=sys.stderr)
        return 1
    chapters = sum(len(part.chapters) for part in parts)
    print(f"Assembled {chapters} pages of the site in {len(parts)} parts ({time.perf_counter() - started:.1f} s)")
    if args.typst_source:
        args.typst_source.write_text(markup, encoding="utf-8")
    metadata = Metadata(meta.title, meta.author, meta.description, _language(args.site), edition_date())
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as root:
        try:
            _report(typeset(markup, metadata, default_targets(args.out), Path(root)))
            _brief(args.site, args.out, meta, metadata, Path(root))
        except (TypesetError, PageError) as error:
            print(f"The PDF could not be typeset: {error}", file=sys.stderr)
            return 1
    print(f"PDF briefing done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
