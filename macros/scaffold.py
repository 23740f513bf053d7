"""`python -m macros.scaffold KEY [--bib ENTRY.bib] [--paragraphs N]`: start a new annotated source.

Writes the four things a source needs: its BibTeX entry (in sources/references.bib),
its data file (sources/KEY.yml, from a template full of TODO placeholders), its page
(docs/sources/KEY.md) and its navigation entry (mkdocs.yml). The strict build and
`make check` then list, with file and line, every placeholder still to fill.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .corpus import corpus_dir_from_env, parse_corpus_text
from .errors import BookError
from .library import book_themes
from .references import entry_lines

TODO = "TODO"
_NAV_SOURCES = re.compile(r"^(\s*)- Sources:\s*$")


def bib_entry_template(key: str) -> str:
    """The fields a reference manager fills in; the checks require date (or year and month) to agree."""
    return (
        f"@article{{{key},\n"
        f"  author  = {{{TODO}: Surname, Forename}},\n"
        f"  title   = {{{TODO}: the article's title}},\n"
        f"  journal = {{{TODO}: the outlet}},\n"
        f"  date    = {{{TODO}: YYYY-MM-DD, or YYYY-MM when only the month is known}},\n"
        f"  year    = {{{TODO}: YYYY}},\n"
        f"  month   = {{{TODO}: jan to dec}},\n"
        f"  url     = {{{TODO}: the article's address, or delete this line if none was found}},\n"
        f"  urldate = {{{TODO}: YYYY-MM-DD, the day you read it at that address}},\n"
        f"  note    = {{{TODO}: what is known and not known of the publication (day, address)}},\n"
        "}\n"
    )


def nav_label(key: str) -> str:
    """'rahman2023' -> 'Rahman 2023', as the other sources are listed; the key itself if it has no year."""
    match = re.fullmatch(r"([a-z]+)[-_]?(\d{4})([a-z]?)", key)
    return f"{match[1].capitalize()} {match[2]}{match[3]}" if match else key


def data_template(key: str, paragraphs: int | None, themes: dict) -> str:
    count = paragraphs or 1
    precis = "\n".join(
        f"  - para: {n}\n    text: \"{TODO}: one or two sentences, in our words, on paragraph {n}.\"\n    themes: []"
        for n in range(1, count + 1)
    )
    theme_lines = "\n".join(f"  # {theme.title}: {theme.description}\n  {slug}: \"{TODO}: what this source contributes to "
                            f"{theme.title}.\"" for slug, theme in themes.items())
    paragraphs_line = f"paragraphs: {count}" + ("" if paragraphs else f"  # {TODO}: the number of body paragraphs")
    return f"""# Annotated source data: see the contributors' guide (docs/contributing.md) for each field.
key: {key}
{paragraphs_line}
affiliation: "{TODO}: the author's position when writing"
article_type: "{TODO}: Analysis, Essay, Q&A, ..."
date_note: "{TODO}: how precisely the date is known, and from what"
thesis: "{TODO}: the central claim, in one line"
bottom_line: "{TODO}: the argument in three to five sentences, in our own words."
context: "{TODO}: when it was written relative to the events, and the author's vantage point."
argument_map:
  thesis: "{TODO}: the thesis"
  claims:
    - claim: "{TODO}: a main claim"
      locator: para. 1
      evidence:
        - text: "{TODO}: the evidence offered for it"
          locator: para. 1
precis:
{precis}
key_passages: []
themes:
{theme_lines}
"""


def page_template(key: str) -> str:
    return f"# {nav_label(key)}: {TODO}: the article's title\n\n{{{{ source(\"{key}\") }}}}\n"


def add_nav_entry(mkdocs_yml: str, key: str) -> str:
    """Append `- Surname Year: sources/KEY.md` to the end of the Sources section of the nav."""
    lines = mkdocs_yml.splitlines()
    for index, line in enumerate(lines):
        match = _NAV_SOURCES.match(line)
        if not match:
            continue
        child_indent = match.group(1) + "    "
        end = index + 1
        while end < len(lines) and lines[end].startswith(child_indent):
            end += 1
        lines.insert(end, f"{child_indent}- {nav_label(key)}: sources/{key}.md")
        return "\n".join(lines) + "\n"
    raise SystemExit("mkdocs.yml has no '- Sources:' section in its nav: add the page to the nav by hand")


def scaffold(root: Path, key: str, bib_file: Path | None, paragraphs: int | None) -> list[str]:
    """Write the new source's files; return what was written. Refuses to overwrite anything."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", key):
        raise SystemExit(f"'{key}' is not a usable key: use lower-case letters and digits, e.g. rahman2023")
    bib_path = root / "sources" / "references.bib"
    bib_text = bib_path.read_text(encoding="utf-8")
    data_path, page_path = root / "sources" / f"{key}.yml", root / "docs" / "sources" / f"{key}.md"
    existing = [str(p.relative_to(root)) for p in (data_path, page_path) if p.exists()]
    if key in dict(entry_lines(bib_text)) or existing:
        raise SystemExit(f"'{key}' already exists ({', '.join(existing) or 'sources/references.bib'}): choose another key")
    if bib_file:
        entries = [k for k, _ in entry_lines(bib_file.read_text(encoding="utf-8"))]
        if entries != [key]:
            raise SystemExit(f"{bib_file} must hold exactly one entry, with the key '{key}' (found: {entries})")
        entry = bib_file.read_text(encoding="utf-8").strip() + "\n"
    else:
        entry = bib_entry_template(key)
    try:
        themes = book_themes(root)
    except BookError as error:
        raise SystemExit(str(error)) from None
    bib_path.write_text(bib_text.rstrip("\n") + "\n\n" + entry, encoding="utf-8")
    data_path.write_text(data_template(key, paragraphs, themes), encoding="utf-8")
    page_path.write_text(page_template(key), encoding="utf-8")
    mkdocs_path = root / "mkdocs.yml"
    mkdocs_path.write_text(add_nav_entry(mkdocs_path.read_text(encoding="utf-8"), key), encoding="utf-8")
    return ["sources/references.bib (entry added)", f"sources/{key}.yml", f"docs/sources/{key}.md", "mkdocs.yml (nav entry)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.scaffold", description=__doc__.splitlines()[0])
    parser.add_argument("key", help="the new source's key, e.g. rahman2023")
    parser.add_argument("--bib", type=Path, help="a .bib file holding the source's one entry (else a template)")
    parser.add_argument("--paragraphs", type=int, help="how many body paragraphs the article has "
                        "(default: counted from the article's text in the corpus folder, if it is there)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the book's folder (default: here)")
    args = parser.parse_args(argv)
    if args.paragraphs is not None and args.paragraphs < 1:
        raise SystemExit(f"--paragraphs {args.paragraphs}: give the number of body paragraphs, 1 or more")
    text = text_path(args.key)
    paragraphs = args.paragraphs
    if paragraphs is None and text is not None and text.is_file():
        paragraphs = len(parse_corpus_text(args.key, text.read_text(encoding="utf-8")).paragraphs) or None
    for written in scaffold(args.root.resolve(), args.key, args.bib, paragraphs):
        print(f"wrote {written}")
    print(next_steps(args.key, text, paragraphs))
    return 0


def text_path(key: str) -> Path | None:
    folder = corpus_dir_from_env()
    return folder / f"{key}.txt" if folder else None


def next_steps(key: str, text: Path | None, paragraphs: int | None) -> str:
    where = str(text) if text else f"$BRIEFING_CORPUS/{key}.txt (a folder outside the repository)"
    have_text = text is not None and text.is_file()
    return "\n".join([
        "",
        "Next (docs/contributing.md, “Adding a source”, walks through each step):",
        f"1. The article's text: {'found at ' + where if have_text else 'save it as ' + where}, a header between"
        " --- lines and one line per body paragraph, `[para N] ...`. Never commit it: the book does not republish"
        " articles.",
        f"2. Fill every TODO in sources/references.bib (the {key} entry), sources/{key}.yml and docs/sources/{key}.md"
        + ("" if paragraphs else "; set paragraphs: and write one précis per paragraph"
           " (or run the scaffold again with PARAGRAPHS=N)") + ".",
        f"3. `make fingerprint BRIEFING_CORPUS=/path/to/corpus`: writes sources/fingerprints/{key}.json, which lets"
        " the checks verify your quotations and copying without the text. Commit it.",
        "4. `make check`: lists every placeholder and problem left, with file and line. Then `make serve` to read"
        " the page, and cite the new source from the theme pages.",
    ])


if __name__ == "__main__":
    sys.exit(main())
