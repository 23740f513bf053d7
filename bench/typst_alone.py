"""Typst alone on the book's markup, A4 then US Letter: the reference the PDF step is measured against.

    python bench/typst_alone.py BOOK.typ OUT_FOLDER

The markup is what `python -m macros.pdf ... --typst-source BOOK.typ` typeset; this
compiles it with nothing else (no reading of the site, no assembly, one process),
as `typst compile` would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typst

INPUTS = {"title": "Benchmark", "author": "Benchmark", "description": "", "lang": "en"}


def main(markup: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    source = markup.read_bytes()
    compiler = typst.Compiler(root=str(out))
    for paper in ("a4", "us-letter"):
        pdf = compiler.compile(source, format="pdf", pdf_standards="ua-1", sys_inputs={**INPUTS, "paper": paper})
        assert isinstance(pdf, bytes), "a PDF is one file"
        (out / f"{paper}.pdf").write_bytes(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
