"""The bibliography for reference managers: BibTeX, RIS and CSL-JSON files, and Highwire `citation_*`
metadata for source pages, all from the book's .bib files.

Pandoc reads the .bib files as citeproc does for the formatted references, and writes them back as
BibLaTeX and as CSL-JSON; RIS is written here from the CSL-JSON. Every work has its own three files
beside the whole bibliography's, so that a source page offers its own.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from .disk_cache import DiskCache
from .references import Reference, entry_texts
from .typography import bib_title

DOWNLOADS = "downloads"  # the site's folder for the files
ALL = "bibliography"
FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}

# CSL item types as RIS names them (RIS has no "webpage" for an article on a website: ELEC is its kind).
_RIS_TYPES = {"article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
              "report": "RPRT", "book": "BOOK", "chapter": "CHAP", "webpage": "ELEC", "post-weblog": "BLOG"}


def _pandoc(bib_text: str, to: str, pandoc: str) -> str:
    return subprocess.run([pandoc, "-f", "bibtex", "-t", to, "--wrap=none"], input=bib_text,
                          capture_output=True, text=True, check=True).stdout


def _date(item: dict) -> str:
    """'2021/08/13/' style, as RIS's DA field writes a date (month and day when known)."""
    parts = (item.get("issued", {}).get("date-parts") or [[]])[0]
    return "/".join(f"{int(part):02d}" if index else str(part) for index, part in enumerate(parts)) + "/" if parts else ""


def ris_entry(item: dict) -> str:
    """One CSL-JSON item as an RIS record."""
    lines = [("TY", _RIS_TYPES.get(item.get("type", ""), "GEN")), ("ID", item["id"])]
    lines += [("AU", f"{name.get('family', '')}, {name.get('given', '')}".strip(", ") or name.get("literal", ""))
              for name in item.get("author", [])]
    lines += [(tag, item[field]) for tag, field in (("TI", "title"), ("T2", "container-title"), ("PB", "publisher"))
              if item.get(field)]
    if date := _date(item):
        lines += [("PY", date.split("/")[0]), ("DA", date)]
    lines += [(tag, item[field]) for tag, field in (("UR", "URL"), ("N1", "note")) if item.get(field)]
    return "".join(f"{tag}  - {' '.join(str(value).split())}\n" for tag, value in lines) + "ER  - \n"


def export_files(bib_texts: list[str], pandoc: str) -> dict[str, str]:
    """File name (under DOWNLOADS) -> content: the whole bibliography and each work, in every format."""
    joined = "\n".join(bib_texts)
    items = json.loads(_pandoc(joined, "csljson", pandoc))
    _, bib_entries = entry_texts(_pandoc(joined, "biblatex", pandoc))
    files = {f"{ALL}.bib": "".join(entry.rstrip() + "\n\n" for entry in bib_entries.values()),
             f"{ALL}.ris": "\n".join(ris_entry(item) for item in items),
             f"{ALL}.json": json.dumps(items, ensure_ascii=False, indent=2) + "\n"}
    for item in items:
        key = item["id"]
        files[f"{key}.bib"] = bib_entries.get(key, "").rstrip() + "\n"
        files[f"{key}.ris"] = ris_entry(item)
        files[f"{key}.json"] = json.dumps([item], ensure_ascii=False, indent=2) + "\n"
    return files


def _file_contents(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def write_exports(bib_texts: list[str], site_dir: Path, cache_dir: Path | None, pandoc: str) -> None:
    """Write the files into the built site, from the book's cache when the .bib files are unchanged."""
    cache = DiskCache(cache_dir / "exports.json" if cache_dir else None, valid=_file_contents)
    key = cache.key("exports", *bib_texts)
    files = cache.get(key)
    if files is None:
        files = export_files(bib_texts, pandoc)
    cache.put(key, files)
    cache.save()
    folder = site_dir / DOWNLOADS
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def download_links(name: str, base: str) -> str:
    """'BibTeX · RIS · CSL-JSON' links to the files called `name`, `base` being the site's root as
    seen from the page."""
    return " · ".join(f'<a href="{base}{DOWNLOADS}/{name}.{ext}" download>{label}</a>' for ext, label in FORMATS.items())


def entry_type(bib_text: str, key: str) -> str:
    """The BibTeX type of `key`'s entry ('article', 'online'…), lower case; '' when not found."""
    found = re.search(r"^\s*@(\w+)\s*\{\s*" + re.escape(key) + r"\s*,", bib_text, re.M)
    return found[1].lower() if found else ""


def highwire_meta(ref: Reference, entry_type: str) -> list[tuple[str, str]]:
    """The `citation_*` tags (Highwire Press, as Google Scholar and Zotero read them) for a source page.

    An article gives its journal or magazine; an analysis published by an institution on its own site
    names that institution as a report's, so that a reference manager saves a journal article or a
    report, not a generic web page."""
    fields = ref.fields
    tags = [("citation_title", bib_title(fields.get("title", ref.key)))]
    tags += [("citation_author", name) for name in ref.authors]
    date = fields.get("date") or fields.get("year", "")
    if date:
        tags.append(("citation_publication_date", date.replace("-", "/")))
    outlet = fields.get("journal") or fields.get("organization") or fields.get("publisher") or fields.get("howpublished")
    if outlet:
        tags.append(("citation_journal_title" if entry_type == "article" else "citation_technical_report_institution",
                     bib_title(outlet)))
    if ref.url:
        tags.append(("citation_fulltext_html_url", ref.url))
    tags.append(("citation_language", "en"))
    return tags
