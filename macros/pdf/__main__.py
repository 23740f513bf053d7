"""python -m macros.pdf SITE_DIR OUT.pdf: the PDF briefing from the built site, in A4 and US Letter."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

from ..errors import BookError
from .assemble import PageError, book_html
from ..config import defaults
from .meta import book_meta, edition_date
from .outline import ManifestError, built_parts, read_manifest
from .worker import PrintRefused, layout_worker


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m macros.pdf", description=__doc__)
    parser.add_argument("site", type=Path, help="the built site (mkdocs build's output folder)")
    parser.add_argument("out", type=Path, help="the A4 PDF to write; US Letter goes beside it with -letter")
    parser.add_argument("--manifest", type=Path, help="the print manifest the build wrote "
                        f"(default: SITE/{defaults().manifest})")
    return parser.parse_args(argv)


def _language(site: Path) -> str:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    return (soup.html.get("lang") if soup.html else None) or "en"


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
    with layout_worker(args.site, args.out) as lay_out:
        try:
            meta = book_meta(meta_data, meta_data.get("source_months", []), edition_date())
            book = book_html(parts, args.site, meta, _language(args.site))
        except (BookError, PageError) as error:
            print(error, file=sys.stderr)
            return 1
        assembled = time.perf_counter()
        chapters = sum(len(part.chapters) for part in parts)
        print(f"Assembled {chapters} pages of the site in {len(parts)} parts ({assembled - started:.1f} s)")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        try:
            written_papers = lay_out(book)
        except PrintRefused as refused:
            print(refused, file=sys.stderr)
            return 1
        for written in written_papers:
            print(f"Wrote {written.path}: {written.pages} pages, {written.paper.name} "
                  f"({written.seconds:.1f} s, {written.cpu_seconds:.1f} s CPU)")
    print(f"PDF briefing done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
