"""The PDF briefing: the built site's pages assembled into one print document.

`python -m macros.pdf SITE_DIR OUT.pdf` reads the pages the nav puts in print
(outline), strips the site's chrome from each (clean), makes every id and link
work inside one document (anchors), drops the wrappers layout would pay for and
never show (lean), adds a cover and contents (assemble) and lays the whole out
once per paper size with WeasyPrint (render), in a process started before the
assembly so that WeasyPrint loads meanwhile (worker).
"""
