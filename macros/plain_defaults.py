"""The plugin's defaults that the PDF step needs, as plain values: config.py gives them to MkDocs
as the settings' defaults, and `python -m macros.pdf` reads them here without loading MkDocs."""

# Nav sections printed, with the part title each takes in print, in nav order. The
# About section (house style, contributing) is for contributors, not readers.
PRINT_PARTS = {
    "Briefing": "Key judgments",
    "Themes": "Themes",
    "Sources": "Sources",
    "Reference": "Reference",
}
MANIFEST = "print-manifest.json"  # in the built site: the PDF step's parts, pages and metadata
