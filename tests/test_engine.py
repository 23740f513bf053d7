"""The plugin's contract with mkdocs.yml: its order, its settings, and a book that is not this folder.

Each guard breaks a copy of tests/fixtures/minimal one way and asserts that the strict
build stops and says how to fix mkdocs.yml; a moved book builds against its own data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import copy_of_fixture, run_mkdocs
from macros.config import BriefingConfig, defaults, settings_in, validated
from macros.plugin import plugin_order_problem



def edit_config(root: Path, change) -> None:
    path = root / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(config)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


# Pure functions: milliseconds.

def test_the_order_is_accepted_with_macros_first():
    assert plugin_order_problem(["material/search", "macros", "briefing"], "briefing") is None


def test_briefing_before_macros_is_refused_with_the_fix():
    problem = plugin_order_problem(["briefing", "macros"], "briefing")
    assert problem and "move '- briefing' below '- macros'" in problem


def test_a_book_without_macros_is_refused_with_the_fix():
    problem = plugin_order_problem(["search", "briefing"], "briefing")
    assert problem and "macros" in problem and "before '- briefing'" in problem


def test_settings_have_typed_defaults():
    settings = defaults()
    assert isinstance(settings, BriefingConfig)
    assert (settings.sources_dir, settings.cache_dir) == ("sources", ".cache/briefing")
    assert isinstance(settings.nav_group_size, int) and settings.nav_group_size > 0
    assert settings.print_parts and all(isinstance(title, str) for title in settings.print_parts.values())


def test_settings_are_read_from_the_plugins_entry():
    config = {"plugins": ["search", {"briefing": {"nav_group_size": 7, "cache_dir": "tmp/cache"}}]}
    settings = settings_in(config)
    assert (settings.nav_group_size, settings.cache_dir, settings.sources_dir) == (7, "tmp/cache", "sources")
    assert settings_in({"plugins": ["briefing"]}).cache_dir == defaults().cache_dir


def test_a_setting_of_the_wrong_type_is_refused():
    with pytest.raises(ValueError, match="nav_group_size"):
        validated({"nav_group_size": "many"})


# Real builds of the fixture.

def test_briefing_listed_before_macros_stops_the_build(tmp_path):
    root = copy_of_fixture(tmp_path)
    edit_config(root, lambda config: config["plugins"].reverse())
    result = run_mkdocs(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "move '- briefing' below '- macros'" in output, output
    assert "Traceback" not in output, output


def test_a_moved_book_validates_against_its_own_schemas(tmp_path):
    """The fixture's schema, made stricter, is the one its build applies (not the main book's)."""
    root = copy_of_fixture(tmp_path)
    schema_file = root / "sources" / "schema" / "source.schema.json"
    schema = schema_file.read_text(encoding="utf-8")
    assert '"paragraphs"' in schema, "fixture changed: the source schema has no paragraphs field"
    schema_file.write_text(schema.replace('"paragraphs": {', '"paragraphs": {"maximum": 2, ', 1), encoding="utf-8")
    result = run_mkdocs(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "sources/demo2020.yml" in output and "paragraphs" in output, output


def test_a_book_without_its_schema_folder_is_told_so(tmp_path):
    root = copy_of_fixture(tmp_path)
    shutil.rmtree(root / "sources" / "schema")
    result = run_mkdocs(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "its schema sources/schema/" in output and "is missing" in output, output
    assert "Traceback" not in output, output


def test_the_sources_folder_is_a_setting(tmp_path):
    root = copy_of_fixture(tmp_path)
    (root / "sources").rename(root / "data")

    def use_data(config):
        briefing = next(entry for entry in config["plugins"] if isinstance(entry, dict) and "briefing" in entry)
        briefing["briefing"]["sources_dir"] = "data"
    edit_config(root, use_data)
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "sources" / "demo2020" / "index.html").is_file()


def test_a_fifth_theme_is_one_data_entry_and_one_page(tmp_path):
    """The schemas, the navigation, the matrix and the source page take the new theme from themes.yml."""
    root = copy_of_fixture(tmp_path)
    with (root / "sources" / "themes.yml").open("a", encoding="utf-8") as themes:
        themes.write("- slug: refugees\n  title: Refugees\n  page: themes/refugees.md\n"
                     "  description: Afghans crossing into Pakistan and their treatment there.\n")
    (root / "docs" / "themes" / "refugees.md").write_text("# Refugees\n\nA claim [@demo2020, para. 1].\n",
                                                          encoding="utf-8")
    data = root / "sources" / "demo2020.yml"
    text = data.read_text(encoding="utf-8")
    assert "\nthemes:\n" in text, "fixture changed: demo2020.yml has no themes mapping"
    data.write_text(text.replace("\nthemes:\n", "\nthemes:\n  refugees: What the source says of refugees, at length.\n", 1)
                    .replace("themes: [durand-line]", "themes: [durand-line, refugees]", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    from bs4 import BeautifulSoup

    page = BeautifulSoup((site / "sources" / "demo2020" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "Refugees" in [heading.get_text(strip=True).rstrip("¶") for heading in page.select("h3")]
    assert page.select_one('.precis__themes a[href$="themes/refugees/"]') is not None
    nav = [link.get_text(" ", strip=True) for link in page.select("nav.md-nav--primary a")]
    assert "Refugees" in nav, nav
    assert (site / "themes" / "refugees" / "index.html").is_file()


def test_a_source_without_a_text_for_a_new_theme_is_told_so(tmp_path):
    root = copy_of_fixture(tmp_path)
    with (root / "sources" / "themes.yml").open("a", encoding="utf-8") as themes:
        themes.write("- slug: refugees\n  title: Refugees\n  page: themes/refugees.md\n"
                     "  description: Afghans crossing into Pakistan and their treatment there.\n")
    (root / "docs" / "themes" / "refugees.md").write_text("# Refugees\n", encoding="utf-8")
    result = run_mkdocs(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "sources/demo2020.yml" in output and "'refugees' is a required property" in output, output


def test_a_theme_without_its_page_is_told_so(tmp_path):
    root = copy_of_fixture(tmp_path)
    (root / "docs" / "themes" / "us-policy.md").unlink()
    result = run_mkdocs(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "the theme 'us-policy' of sources/themes.yml has no page" in output, output


def test_an_unknown_theme_in_data_lists_the_themes(tmp_path):
    root = copy_of_fixture(tmp_path)
    data = root / "sources" / "demo2020.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("themes: [durand-line]", "themes: [durand]", 1),
                    encoding="utf-8")
    result = run_mkdocs(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "'durand' is not allowed" in output and "india-rationale, ttp-blowback, durand-line, us-policy" in output


def test_renaming_a_printed_nav_section_stops_the_build(tmp_path):
    root = copy_of_fixture(tmp_path)
    edit_config(root, lambda config: config["nav"].__setitem__(
        2, {"Readings": next(iter(config["nav"][2].values()))}))
    result = run_mkdocs(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "print_parts names 'Sources'" in output and "rename it in print_parts" in output, output


def test_the_build_writes_the_print_manifest_from_its_navigation(tmp_path):
    from macros.pdf.outline import read_manifest

    root = copy_of_fixture(tmp_path)
    site = tmp_path / "site"
    result = run_mkdocs(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    parts, meta = read_manifest(site / defaults().manifest)
    assert [part.title for part in parts] == ["Themes", "Sources"]
    assert [chapter.url for chapter in parts[0].chapters] == [
        f"themes/{slug}/" for slug in ("india-rationale", "ttp-blowback", "durand-line", "us-policy")]
    assert meta["site_name"] == "Fixture book" and meta["source_months"]


@pytest.mark.parametrize("content, expected", [
    ("{", "not a print manifest"),
    ('{"version": 99, "meta": {}, "parts": []}', "version 99"),
    ('{"version": 1, "meta": {}, "parts": [{"title": "X", "chapters": [{"url": "../../etc/", "nav_title": null}]}]}',
     "outside the site"),
    ('{"version": 1, "meta": {"reviewed": "x-y"}, "parts": []}', "not a date"),
    ('{"version": 1, "meta": {"record_to": "2026-02-30"}, "parts": []}', "not a date"),
    ('{"version": 1, "meta": {"source_months": ["2021-13", 5]}, "parts": []}', "not months"),
])
def test_a_bad_manifest_is_refused_with_what_to_do(tmp_path, content, expected):
    from macros.pdf.outline import ManifestError, read_manifest

    path = tmp_path / "print-manifest.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match=expected):
        read_manifest(path)
    with pytest.raises(ManifestError, match="make site"):
        read_manifest(tmp_path / "none.json")


# One Markdown for data texts: the site's.

def test_mkdocs_yml_extensions_are_read_as_python_markdown_takes_them():
    from macros.text_html import extensions_of, with_glossary

    names, configs = extensions_of(["abbr", {"toc": {"permalink": True}}, "tables"])
    assert names == ["abbr", "toc", "tables"] and configs == {"toc": {"permalink": True}}
    assert with_glossary(configs, {"TTP": "x"})["abbr"] == {"glossary": {"TTP": "x"}}


def test_a_table_in_a_data_text_is_a_table_whether_or_not_the_text_links_to_a_page(tmp_path):
    """Texts converted by the book and texts left to Markdown (they link to another page) read alike."""
    root = copy_of_fixture(tmp_path)
    data = root / "sources" / "demo2020.yml"
    table = "| Side | Claim |\\n| --- | --- |\\n| A | B |"
    replacements = {
        "context: ": f'context: "Converted by the book:\\n\\n{table}"',
        "bottom_line: ": f'bottom_line: "Left to Markdown, as it links to [a theme](../themes/us-policy.md):\\n\\n{table}"',
    }
    lines = data.read_text(encoding="utf-8").splitlines()
    for start, line in replacements.items():
        index = next((n for n, text in enumerate(lines) if text.startswith(start)), None)
        assert index is not None, f"fixture changed: demo2020.yml has no {start.strip()}"
        lines[index] = line
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    from bs4 import BeautifulSoup

    page = BeautifulSoup((site / "sources" / "demo2020" / "index.html").read_text(encoding="utf-8"), "lxml")
    tables = [table for table in page.select("article table") if "Side" in table.get_text()]
    assert len(tables) == 2, page.select_one("article")
    assert "| Side |" not in page.get_text()
