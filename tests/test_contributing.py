"""The contributor's path: scaffold a source, see the build say what is missing, fill it, see it pass."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, run_mkdocs
from test_bad_input import FIXTURE


def scaffold(root: Path, key: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.scaffold", key, "--paragraphs", "2", "--root", str(root)],
                          capture_output=True, text=True)


def test_scaffolded_source_fails_with_plain_messages_until_filled_then_passes(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".cache", "site"))
    assert scaffold(root, "rahman2023").returncode == 0
    assert "sources/rahman2023.md" in (root / "mkdocs.yml").read_text()

    first = run_mkdocs(root, tmp_path / "site")
    assert first.returncode != 0
    assert "sources/rahman2023.yml:7: placeholder still to fill: thesis" in first.stderr
    assert "sources/references.bib:" in first.stderr and "Fix: replace the TODO" in first.stderr

    bib = root / "sources" / "references.bib"
    bib.write_text(re.sub(r"@article\{rahman2023,.*\}\n", "@article{rahman2023,\n  author = {Rahman, Sana},\n  title = {A Sixth View},\n"
                          "  journal = {The Fixture Review},\n  year = {2023},\n  month = mar,\n  date = {2023-03},\n}\n",
                          bib.read_text(), flags=re.S))
    data = yaml.safe_load((root / "sources" / "rahman2023.yml").read_text())
    for field in ("affiliation", "article_type", "date_note", "thesis"):
        data[field] = f"Filled {field} for the fixture."
    data["bottom_line"] = data["context"] = "A filled field, long enough to pass the schema's minimum length for prose."
    data["argument_map"] = {"thesis": "A filled thesis.", "claims": [{"claim": "A filled claim.", "locator": "para. 1",
                                                                          "evidence": [{"text": "Filled evidence.", "locator": "para. 2"}]}]}
    data["precis"] = [{"para": n, "text": f"The paragraph {n} précis.", "themes": []} for n in (1, 2)]
    data["themes"] = dict.fromkeys(data["themes"], "Nothing on this theme in the fixture.")
    (root / "sources" / "rahman2023.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    second = run_mkdocs(root, tmp_path / "site")
    assert second.returncode != 0 and "docs/sources/rahman2023.md:1: placeholder still to fill" in second.stderr

    (root / "docs" / "sources" / "rahman2023.md").write_text('# Rahman 2023: A Sixth View\n\n{{ source("rahman2023") }}\n')
    theme = root / "docs" / "themes" / "us-policy.md"
    theme.write_text(theme.read_text() + "\nA new view [@rahman2023, para. 2].\n")
    final = run_mkdocs(root, tmp_path / "site")
    assert final.returncode == 0, final.stderr
    page = (tmp_path / "site" / "sources" / "rahman2023" / "index.html").read_text()
    assert "themes/us-policy/#fnref:cite-" in page, "the new source lists the passage that cites it"


def test_workflows_are_valid_yaml_and_call_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make build" in readme and "make test" in readme
    for name in ("pull-request.yml", "deploy.yml"):
        workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
        steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
        commands = " ".join(step.get("run", "") for step in steps)
        assert "make test" in commands and "make build" in commands, name
        text = (ROOT / ".github" / "workflows" / name).read_text()
        for step in steps:
            if "uses" in step:  # a tag can be moved; a commit cannot (the tag stays beside it, for people)
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), f"{name}: pin {step['uses']} to a commit"
                assert re.search(re.escape(step["uses"]) + r" # v\d+\.\d+\.\d+\n", text), f"{name}: give {step['uses']}'s tag"
    pull_request = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text())
    assert pull_request["permissions"] == {"contents": "read"}, "pull request runs get no write permission"
    assert "secrets." not in (ROOT / ".github" / "workflows" / "pull-request.yml").read_text()


def test_every_page_has_an_edit_link_to_a_file_that_exists(html_pages):
    edit_uri = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!ENV", ""))["edit_uri"]
    for url, page in html_pages.items():
        link = page.select_one('a[rel="edit"]')
        assert link is not None, f"{url} has no edit link"
        assert link["href"].startswith(edit_uri)
        assert (ROOT / "docs" / link["href"][len(edit_uri):]).is_file(), link["href"]
