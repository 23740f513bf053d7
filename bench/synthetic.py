"""Synthetic briefing books of any size, in the book's own formats, written from generated filler.

A book of N sources has, per source: a BibTeX entry in sources/references.bib, a data
file sources/<key>.yml valid against the source schema (20 paragraphs of précis) and a
page docs/sources/<key>.md that calls the `source` macro. Theme pages carry 20 citations
of every source, spread over one theme page per five sources (the four named themes
first). The text is random words from a fixed filler vocabulary, never corpus text.
"""

from __future__ import annotations

import calendar
import random
import shutil
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from macros.fingerprint import from_paragraphs, to_json

PARAGRAPHS = 20
CITES_PER_SOURCE = 20
SOURCES_PER_THEME_PAGE = 5
# The real book's themes (sources/themes.yml, copied into each synthetic book); the other theme-like
# pages (topic-NNN) only spread the citations.
_BOOK_THEMES = yaml.safe_load((Path(__file__).resolve().parent.parent / "sources" / "themes.yml").read_text(encoding="utf-8"))
THEMES = [theme["slug"] for theme in _BOOK_THEMES]
THEME_TITLES = {theme["slug"]: theme["title"] for theme in _BOOK_THEMES}

FILLER = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
    "et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip "
    "ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla "
    "pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim "
    "id est laborum curabitur pretium tincidunt lacus nulla gravida orci a odio nullam varius turpis "
    "molestie dictum integer blandit feugiat porttitor vestibulum"
).split()
SURNAMES = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hazel", "Ivy", "Juniper",
            "Kapok", "Larch", "Maple", "Nutmeg", "Olive", "Poplar", "Quince", "Rowan", "Spruce", "Teak"]
OUTLETS = ["Filler Quarterly", "Placeholder Review", "Sample Monitor", "Dummy Affairs"]


class Filler:
    """Seeded random filler, so the same size always gives the same book."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)

    def words(self, count: int) -> str:
        return " ".join(self.random.choice(FILLER) for _ in range(count))

    def sentence(self, count: int = 12) -> str:
        text = self.words(count)
        return text[0].upper() + text[1:] + "."

    def sentences(self, count: int, length: int = 12) -> str:
        return " ".join(self.sentence(length) for _ in range(count))


def source_keys(count: int) -> list[str]:
    return [f"src{number:04d}" for number in range(1, count + 1)]


def publication_day(number: int) -> tuple[int, int]:
    return number % 12 + 1, number % 28 + 1


def bib_entry(key: str, number: int, filler: Filler) -> str:
    surname = SURNAMES[number % len(SURNAMES)] + ("" if number < len(SURNAMES) else f"{number}")
    month, day = publication_day(number)
    title = filler.sentence(7).rstrip(".").title()
    return (
        f"@article{{{key},\n"
        f"  author  = {{{surname}, Given}},\n"
        f"  title   = {{{title}}},\n"
        f"  journal = {{{OUTLETS[number % len(OUTLETS)]}}},\n"
        f"  date    = {{2021-{month:02d}-{day:02d}}},\n"
        f"  year    = {{2021}},\n"
        f"  url     = {{https://example.org/filler/{key}}},\n"
        f"}}\n"
    )


def source_data(key: str, filler: Filler, number: int = 0) -> dict:
    """A data file's content, valid against sources/schema/source.schema.json."""
    def locator() -> str:
        first = filler.random.randint(1, PARAGRAPHS - 1)
        return f"para. {first}" if filler.random.random() < 0.5 else f"paras. {first}-{first + 1}"

    month, day = publication_day(number)
    # Sizes follow the real sources: ~40 words of précis a paragraph, ~300 words of context.
    return {
        "key": key,
        "paragraphs": PARAGRAPHS,
        "affiliation": filler.sentence(6),
        "article_type": "Analysis",
        "date_note": f"Day known ({day} {calendar.month_name[month]} 2021): " + filler.sentence(20),  # as the BibTeX date
        "thesis": filler.sentence(20),
        "bottom_line": filler.sentences(10, 16),
        "context": filler.sentences(20, 15),
        "argument_map": {
            "thesis": filler.sentence(30),
            "claims": [
                {"claim": filler.sentence(20), "locator": locator(),
                 "evidence": [{"text": filler.sentence(22), "locator": locator()} for _ in range(3)]}
                for _ in range(6)
            ],
        },
        "precis": [
            {"para": para, "text": filler.sentences(3, 13),
             "themes": sorted(filler.random.sample(THEMES, filler.random.randint(0, 2)))}
            for para in range(1, PARAGRAPHS + 1)
        ],
        "key_passages": [
            {"para": filler.random.randint(1, PARAGRAPHS), "quote": filler.words(20), "why": filler.sentence(25)}
            for _ in range(6)
        ],
        "themes": {slug: filler.sentences(7, 14) for slug in THEMES},
    }


def theme_slugs(source_count: int) -> list[str]:
    """The four named themes, then as many more pages as needed for five sources a page."""
    pages = max(len(THEMES), -(-source_count // SOURCES_PER_THEME_PAGE))
    return THEMES + [f"topic-{number:03d}" for number in range(1, pages - len(THEMES) + 1)]


def theme_markers(keys: list[str], slugs: list[str], filler: Filler) -> dict[str, list[str]]:
    """Citation markers per theme page: every source cited CITES_PER_SOURCE times in all."""
    markers: dict[str, list[str]] = {slug: [] for slug in slugs}
    for index, key in enumerate(keys):
        # Each source is cited mostly on "its" page and a little on two others, as in a real book.
        home = index // SOURCES_PER_THEME_PAGE % len(slugs)
        pages = [slugs[home], slugs[(home + 1) % len(slugs)], slugs[(home + 7) % len(slugs)]]
        for count in range(CITES_PER_SOURCE):
            para = filler.random.randint(1, PARAGRAPHS - 2)
            locator = f"para. {para}" if count % 3 else f"paras. {para}-{para + 2}"
            markers[pages[0 if count < 14 else 1 if count < 17 else 2]].append(f"@{key}, {locator}")
    for slug in slugs:
        filler.random.shuffle(markers[slug])
    return markers


def theme_page(slug: str, title: str, cites: list[str], filler: Filler) -> str:
    """A theme page: sections of paragraphs, each sentence pair ending in a marker (some with two cites)."""
    lines = ["---", f"title: {title}", f"description: {filler.sentence(10)}", "---", "", f"# {title}", "",
             filler.sentences(3), ""]
    position, section = 0, 0
    while position < len(cites):
        if position % 40 == 0:
            section += 1
            lines += [f"## {filler.words(3).title()} {section}", ""]
        take = 2 if filler.random.random() < 0.2 and position + 1 < len(cites) else 1
        block = "; ".join(cites[position : position + take])
        position += take
        lines += [f"{filler.sentences(2)} [{block}].", ""]
    return "\n".join(lines)


def load_config_file(path: Path) -> dict:
    """A mkdocs.yml as data, with MkDocs' own tags (!ENV) resolved as MkDocs resolves them."""
    with path.open(encoding="utf-8") as handle:
        return yaml_load(handle)


def mkdocs_config(project_config: dict, keys: list[str], slugs: list[str], labels: dict[str, str]) -> dict:
    """The real book's theme, plugins and Markdown setup, with the synthetic book's navigation."""
    config = {name: value for name, value in project_config.items() if name not in {"nav", "edit_uri", "watch"}}
    config["site_name"] = f"Synthetic briefing book ({len(keys)} sources)"
    # Its nav has the default sections only, so the PDF's parts are the plugin's defaults, not the real book's.
    config["plugins"] = [
        {"briefing": {name: value for name, value in entry["briefing"].items() if name != "print_parts"}}
        if isinstance(entry, dict) and "briefing" in entry else entry
        for entry in config.get("plugins", [])
    ]
    config["watch"] = ["sources", "overrides"]
    config["nav"] = [
        {"Briefing": "index.md"},
        {"Themes": [{(THEME_TITLES.get(slug) or slug.replace("-", " ").title()): f"themes/{slug}.md"} for slug in slugs]},
        {"Sources": ["sources/index.md", *({labels[key]: f"sources/{key}.md"} for key in keys)]},
        {"Reference": [{"Bibliography": "bibliography.md"}]},
    ]
    return config


def generate(project_root: Path, target: Path, source_count: int, seed: int = 1) -> dict:
    """Write a synthetic book of `source_count` sources into `target`; return what was made."""
    filler = Filler(seed)
    keys = source_keys(source_count)
    slugs = theme_slugs(source_count)
    for folder in ("sources", "docs/sources", "docs/themes"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    shutil.copytree(project_root / "overrides", target / "overrides", dirs_exist_ok=True)
    # The book's own schemas: the synthetic book is validated against them, as any book against its own.
    shutil.copytree(project_root / "sources" / "schema", target / "sources" / "schema", dirs_exist_ok=True)
    shutil.copy(project_root / "sources" / "themes.yml", target / "sources" / "themes.yml")
    shutil.copytree(project_root / "docs" / "assets", target / "docs" / "assets", dirs_exist_ok=True)

    bib = [bib_entry(key, number, filler) for number, key in enumerate(keys)]
    (target / "sources" / "references.bib").write_text("\n".join(bib), encoding="utf-8")
    labels = {key: f"{SURNAMES[n % len(SURNAMES)]}{'' if n < len(SURNAMES) else n} 2021" for n, key in enumerate(keys)}
    (target / "sources" / "fingerprints").mkdir(parents=True, exist_ok=True)
    texts = Filler(seed + 1)  # its own stream, so the rest of the book is as it was before fingerprints
    for number, key in enumerate(keys):
        source = source_data(key, filler, number)
        # A fingerprint of filler paragraphs stands for the text, as the checks require one of every source;
        # its ledger records the key passages as verified.
        text = {n: texts.sentences(5) for n in range(1, PARAGRAPHS + 1)}
        quoted = [(item["para"], item["quote"]) for item in source["key_passages"]]
        (target / "sources" / "fingerprints" / f"{key}.json").write_text(to_json(from_paragraphs(key, text, quoted)),
                                                                        encoding="utf-8")
        data = yaml.dump(source, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
        (target / "sources" / f"{key}.yml").write_text(data, encoding="utf-8")
        (target / "docs" / "sources" / f"{key}.md").write_text(f'# {labels[key]}\n\n{{{{ source("{key}") }}}}\n',
                                                               encoding="utf-8")

    markers = theme_markers(keys, slugs, filler)
    for slug in slugs:
        title = THEME_TITLES.get(slug) or slug.replace("-", " ").title()
        (target / "docs" / "themes" / f"{slug}.md").write_text(theme_page(slug, title, markers[slug], filler),
                                                              encoding="utf-8")
    docs = target / "docs"
    (docs / "index.md").write_text(f"# Synthetic briefing\n\n{filler.sentences(5)}\n", encoding="utf-8")
    (docs / "sources" / "index.md").write_text(
        "# Sources\n\n{{ sources_table() }}\n\n## Which source informs which theme\n\n{{ source_theme_matrix() }}\n",
        encoding="utf-8")
    (docs / "bibliography.md").write_text("# Bibliography\n\n{{ bibliography() }}\n", encoding="utf-8")

    project_config = load_config_file(project_root / "mkdocs.yml")
    config = mkdocs_config(project_config, keys, slugs, labels)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"sources": len(keys), "theme_pages": len(slugs), "citations": sum(len(m) for m in markers.values())}
