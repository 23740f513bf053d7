"""The plugin's contract with mkdocs.yml: its order, its settings, and a book that is not this folder.

Each guard breaks a copy of tests/fixtures/minimal one way and asserts that the strict
build stops and says how to fix mkdocs.yml; a moved book builds against its own data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import run_mkdocs
from macros.config import BriefingConfig, defaults, settings_in, validated
from macros.plugin import plugin_order_problem

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"


def copy_of_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".cache", "site"))
    return root


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
    assert "sources/schema/source.schema.json is missing" in output, output
    assert "Traceback" not in output, output


def test_the_sources_folder_is_a_setting(tmp_path):
    root = copy_of_fixture(tmp_path)
    (root / "sources").rename(root / "data")

    def use_data(config):
        config["plugins"] = [entry if entry != "briefing" else {"briefing": {"sources_dir": "data"}}
                             for entry in config["plugins"]]
    edit_config(root, use_data)
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "sources" / "demo2020" / "index.html").is_file()
