"""How the PDF opens in a reader's viewer, and on which paper.

Typst writes the bookmarks folded and leaves the panel closed, so a reader sees no
outline until they look for it; and it writes one page size, the sheet the book is
typeset on. Both are changed by an incremental update (`incremental`): new versions
of the catalog, the top-level bookmarks and the pages, after the file Typst wrote.
"""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, IndirectObject, NameObject, NumberObject

from .incremental import Changes


def _dictionary(ref: object) -> DictionaryObject | None:
    obj = ref.get_object() if isinstance(ref, IndirectObject) else None
    return obj if isinstance(obj, DictionaryObject) else None


def outline_opened(reader: PdfReader) -> dict[int, DictionaryObject]:
    """The catalog opening on the bookmarks (/PageMode /UseOutlines) and each part showing its
    chapters; nothing when the PDF has no bookmarks. The reader's own objects are left as they are."""
    root_ref = reader.trailer.raw_get("/Root")
    root = _dictionary(root_ref)
    outlines_ref = root.raw_get("/Outlines") if root is not None and "/Outlines" in root else None
    outlines = _dictionary(outlines_ref)
    if root is None or outlines is None:
        return {}
    assert isinstance(root_ref, IndirectObject) and isinstance(outlines_ref, IndirectObject)
    root, outlines = DictionaryObject(root), DictionaryObject(outlines)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    changed: dict[int, DictionaryObject] = {root_ref.idnum: root, outlines_ref.idnum: outlines}
    visible, item_ref = 0, outlines.raw_get("/First") if "/First" in outlines else None
    while isinstance(item_ref, IndirectObject) and (item := _dictionary(item_ref)) is not None:
        children = int(item.get("/Count", 0))
        if children < 0:  # folded: unfold it to show its own items, which stay folded
            changed[item_ref.idnum] = unfolded = DictionaryObject(item)
            unfolded[NameObject("/Count")] = NumberObject(-children)
        visible += 1 + abs(children)
        item_ref = item.raw_get("/Next") if "/Next" in item else None
    outlines[NameObject("/Count")] = NumberObject(visible)
    return changed


def on_paper(box: tuple[float, float, float, float]) -> Changes:
    """Every page's box set to `box` (points): the paper, around the sheet Typst typeset."""
    def pages(reader: PdfReader) -> dict[int, DictionaryObject]:
        changed = {}
        for page in reader.pages:
            if not isinstance(page.indirect_reference, IndirectObject):
                continue
            changed[page.indirect_reference.idnum] = boxed = DictionaryObject(page)
            boxed[NameObject("/MediaBox")] = ArrayObject(FloatObject(round(value, 4)) for value in box)
            boxed.pop(NameObject("/CropBox"), None)  # the paper is the page: nothing cropped from it
        return changed
    return pages
