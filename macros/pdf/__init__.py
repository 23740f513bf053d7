"""The PDF briefing: the built site's pages typeset as one tagged document.

`python -m macros.pdf SITE_DIR OUT.pdf` reads the pages the nav puts in print
(outline) as lxml trees (tree), strips the site's chrome from each (clean), makes every id and link
work inside one document (anchors), shortens the notes (notes), writes the book
as Typst markup (typst_markup, typeset) under the page design of book.typ, and
typesets it with Typst once, on the sheet every paper holds (render, papers);
each paper's PDF then gets its page boxes and opened bookmarks in one
incremental update (incremental, viewer).
"""
