"""Typography checks of `make check`: each must fail on a fixture that breaks it, and pass the book."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import copy_of_fixture
from macros.typography import bib_title, prose_problems, site_text_problems, smart_quotes



def test_straight_quotes_become_typographic():
    assert smart_quotes("Pakistan's 'uneasy' border, \"they said\"") == "Pakistan’s ‘uneasy’ border, “they said”"
    assert bib_title("What Will Happen to {Afghanistan} and {Pakistan}'s Uneasy Border?") == \
        "What Will Happen to Afghanistan and Pakistan’s Uneasy Border?"


@pytest.mark.parametrize("text, found", [
    ("The source's view.", "straight quote"),
    ('He called it "a gamble".', "straight quote"),
    ("As argued in [paras. 4-5](#para-4).", "'paras. 4-5' is written with a hyphen"),
])
def test_prose_problems_are_found_with_their_line(text, found):
    problems = prose_problems(f"# Title\n\n{text}\n", "docs/x.md")
    assert len(problems) == 1 and problems[0].line == 3 and found in problems[0].message


@pytest.mark.parametrize("text", [
    "Typographic: the source’s “view”, paras. 4–5.",
    "A marker keeps pandoc's syntax [@mir2022, paras. 4-5].",
    '`code "stays"` and <span class="x">html</span> and {{ source("mir2022") }}',
    '!!! abstract "Key judgments"',
    "An [address](https://example.org/it's) is not prose.",
])
def test_syntax_is_not_prose(text):
    assert prose_problems(text.replace("pandoc's", "pandoc’s"), "docs/x.md") == []


def test_site_description_is_checked():
    config = "site_name: \"A book\"\nsite_description: >-\n  The book's description.\ncopyright: \"Fine\"\n"
    problems = site_text_problems(config, "mkdocs.yml")
    assert [(problem.line, problem.message.split(":")[0]) for problem in problems] == [(2, "site_description")]


@pytest.mark.parametrize("path, old, new, expected", [
    ("docs/themes/ttp-blowback.md", "\n", "\nThe fixture's claim.\n", "docs/themes/ttp-blowback.md:2"),
    ("sources/demo2020.yml", "at all.", "at all ([paras. 1-2](#para-1)).", "sources/demo2020.yml:"),
])
def test_check_command_reports_typography(tmp_path, path, old, new, expected):
    root = copy_of_fixture(tmp_path)
    clean = subprocess.run([sys.executable, "-m", "macros.check", "--root", str(root)], capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout
    target = root / path
    target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros.check", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode == 1 and expected in result.stdout and "Fix:" in result.stdout, result.stdout
