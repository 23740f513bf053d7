"""Typst alone on the book's markup, on the sheet both papers share: the reference the PDF step is measured against.

    python bench/typst_alone.py BOOK.typ OUT_FOLDER

The markup is what `python -m macros.pdf ... --typst-source BOOK.typ` typeset; this
compiles it once with nothing else (no reading of the site, no assembly, no page boxes
for the papers), as `typst compile --input width=… --input height=…` would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typst

from macros.pdf.papers import PAPERS, common_sheet

INPUTS = {"title": "Benchmark", "author": "Benchmark", "description": "", "lang": "en"}


def main(markup: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    source = markup.read_bytes()
    compiler = typst.Compiler(root=str(out))
    sheet = common_sheet(PAPERS)
    pdf = compiler.compile(source, format="pdf", pdf_standards="ua-1",
                           sys_inputs={**INPUTS, "width": str(sheet.width), "height": str(sheet.height)})
    assert isinstance(pdf, bytes), "a PDF is one file"
    (out / "sheet.pdf").write_bytes(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
