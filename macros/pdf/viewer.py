"""How the PDF opens in a reader's viewer: the bookmarks panel shown, the parts unfolded.

Typst writes the bookmarks folded and leaves the panel closed, so a reader sees no
outline until they look for it. The two settings are appended as an incremental
update (PDF 1.7, 7.5.6): new versions of the catalog and of the top-level bookmarks
after the file Typst wrote, which stays as it is, byte for byte, tags included.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject


_LAST_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")  # where the file's last cross-reference section is


def _serialised(number: int, obj: DictionaryObject) -> bytes:
    body = io.BytesIO()
    obj.write_to_stream(body)
    return f"{number} 0 obj\n".encode() + body.getvalue() + b"\nendobj\n"


def _dictionary(ref: object) -> DictionaryObject | None:
    obj = ref.get_object() if isinstance(ref, IndirectObject) else None
    return obj if isinstance(obj, DictionaryObject) else None


def with_outline_open(pdf: bytes, reader: PdfReader | None = None) -> bytes:
    """The PDF opening on its bookmarks (/PageMode /UseOutlines), each part showing its chapters.
    `reader`, if given, has read these bytes already. A PDF without bookmarks, or whose last
    section is not a classic cross-reference table, is returned as it is."""
    last = _LAST_XREF.search(pdf)
    previous = int(last[1]) if last else -1
    if previous < 0 or not pdf[previous:].startswith(b"xref"):  # the update below extends a classic table
        return pdf
    trailer = (reader or PdfReader(io.BytesIO(pdf))).trailer
    root_ref = trailer.raw_get("/Root")
    root = _dictionary(root_ref)
    outlines_ref = root.raw_get("/Outlines") if root is not None and "/Outlines" in root else None
    outlines = _dictionary(outlines_ref)
    if root is None or outlines is None:
        return pdf
    assert isinstance(root_ref, IndirectObject) and isinstance(outlines_ref, IndirectObject)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    changed: dict[int, DictionaryObject] = {root_ref.idnum: root, outlines_ref.idnum: outlines}
    visible, item_ref = 0, outlines.raw_get("/First") if "/First" in outlines else None
    while isinstance(item_ref, IndirectObject) and (item := _dictionary(item_ref)) is not None:
        children = int(item.get("/Count", 0))
        if children < 0:  # folded: unfold it to show its own items, which stay folded
            item[NameObject("/Count")] = NumberObject(-children)
            changed[item_ref.idnum] = item
        visible += 1 + abs(children)
        item_ref = item.raw_get("/Next") if "/Next" in item else None
    outlines[NameObject("/Count")] = NumberObject(visible)

    update = bytearray(b"\n")
    offsets = {}
    for number in sorted(changed):
        offsets[number] = len(pdf) + len(update)
        update += _serialised(number, changed[number])
    xref_at = len(pdf) + len(update)
    update += b"xref\n" + b"".join(f"{number} 1\n{offset:010d} 00000 n\r\n".encode()
                                   for number, offset in offsets.items())
    new_trailer = DictionaryObject({NameObject(key): trailer.raw_get(key) for key in ("/Size", "/Root", "/Info", "/ID")
                                    if key in trailer})
    new_trailer[NameObject("/Prev")] = NumberObject(previous)
    body = io.BytesIO()
    new_trailer.write_to_stream(body)
    update += b"trailer\n" + body.getvalue() + f"\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return pdf + bytes(update)
