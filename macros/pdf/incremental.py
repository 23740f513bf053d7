"""Changes to the PDF Typst wrote, appended as an incremental update (PDF 1.7, 7.5.6).

New versions of the changed objects follow the file, with a cross-reference section
of their own: every byte Typst wrote stays as it was, tags included, and a reader
takes the newest version of each object.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject, NumberObject

Changes = Callable[[PdfReader], dict[int, DictionaryObject]]  # object number -> its new version

_LAST_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")  # where the file's last cross-reference section is


def _serialised(number: int, obj: DictionaryObject) -> bytes:
    body = io.BytesIO()
    obj.write_to_stream(body)
    return f"{number} 0 obj\n".encode() + body.getvalue() + b"\nendobj\n"


def last_table(pdf: bytes) -> int | None:
    """The offset of the file's last cross-reference section when it is a classic table, which
    an update can extend; None for a cross-reference stream or a damaged file."""
    last = _LAST_XREF.search(pdf)
    offset = int(last[1]) if last else -1
    return offset if 0 <= offset < len(pdf) and pdf[offset:].startswith(b"xref") else None


def updated(pdf: bytes, changes: list[Changes], reader: PdfReader | None = None) -> bytes:
    """The PDF with each change set's objects appended in one update; as it is when nothing
    changes or its last section is not a classic table. `reader`, if given, has read these bytes."""
    previous = last_table(pdf)
    if previous is None:
        return pdf
    reader = reader or PdfReader(io.BytesIO(pdf))
    changed: dict[int, DictionaryObject] = {}
    for change in changes:
        changed |= change(reader)
    if not changed:
        return pdf
    update = bytearray(b"\n")
    offsets = {}
    for number in sorted(changed):
        offsets[number] = len(pdf) + len(update)
        update += _serialised(number, changed[number])
    xref_at = len(pdf) + len(update)
    update += b"xref\n" + b"".join(f"{number} 1\n{offset:010d} 00000 n\r\n".encode()
                                   for number, offset in offsets.items())
    trailer = reader.trailer
    new_trailer = DictionaryObject({NameObject(key): trailer.raw_get(key) for key in ("/Size", "/Root", "/Info", "/ID")
                                    if key in trailer})
    new_trailer[NameObject("/Prev")] = NumberObject(previous)
    body = io.BytesIO()
    new_trailer.write_to_stream(body)
    update += b"trailer\n" + body.getvalue() + f"\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return pdf + bytes(update)
