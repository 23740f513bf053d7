"""The contributor's path: scaffold a source, see the build say what is missing, fill it, see it pass."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_of_fixture, run_mkdocs


def scaffold(root: Path, key: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.scaffold", key, "--paragraphs", "2", "--root", str(root)],
                          capture_output=True, text=True)


def test_make_scaffold_passes_the_number_of_paragraphs(tmp_path):
    root = copy_of_fixture(tmp_path)
    venv = Path(sys.executable).parent.parent  # this Python's environment, taken as installed (-o its stamp)
    result = subprocess.run(["make", "-f", str(ROOT / "Makefile"), "scaffold", "KEY=rahman2023", "PARAGRAPHS=8",
                             f"VENV={venv}", "-o", f"{venv}/.installed"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml.safe_load((root / "sources" / "rahman2023.yml").read_text())
    assert data["paragraphs"] == 8 and [item["para"] for item in data["precis"]] == list(range(1, 9))


def test_scaffold_says_what_to_do_next_including_where_the_text_goes(tmp_path):
    root = copy_of_fixture(tmp_path)
    result = scaffold(root, "rahman2023")
    assert result.returncode == 0, result.stderr
    for step in ("rahman2023.txt", "[para N]", "Never commit it", "make fingerprint", "make check"):
        assert step in result.stdout, f"{step!r} missing from:\n{result.stdout}"


@pytest.mark.build
def test_scaffolded_source_fails_with_plain_messages_until_filled_then_passes(tmp_path):
    root = copy_of_fixture(tmp_path)
    assert scaffold(root, "rahman2023").returncode == 0
    assert "sources/rahman2023.md" in (root / "mkdocs.yml").read_text()

    assert "- Rahman 2023: sources/rahman2023.md" in (root / "mkdocs.yml").read_text(), "the nav label is Surname Year"
    bib_text = (root / "sources" / "references.bib").read_text()
    for field in ("author", "title", "journal", "date", "year", "month", "url", "urldate", "note"):
        assert re.search(rf"^  {field} +=", bib_text, re.M), f"the BibTeX template lacks {field}"

    first = run_mkdocs(root, tmp_path / "site")
    assert first.returncode != 0
    assert "sources/rahman2023.yml:7: placeholder still to fill: thesis" in first.stderr
    assert "sources/references.bib:" in first.stderr and "Fix: replace the TODO" in first.stderr
    assert "docs/sources/rahman2023.md:1: placeholder still to fill" in first.stderr, "every placeholder in one pass"
    assert "is not an ISO date" not in first.stderr, "a placeholder is reported once, as a placeholder"

    bib = root / "sources" / "references.bib"
    bib.write_text(re.sub(r"@article\{rahman2023,.*\}\n", "@article{rahman2023,\n  author = {Rahman, Sana},\n  title = {A Sixth View},\n"
                          "  journal = {The Fixture Review},\n  year = {2023},\n  month = mar,\n  date = {2023-03},\n}\n",
                          bib.read_text(), flags=re.S))
    data = yaml.safe_load((root / "sources" / "rahman2023.yml").read_text())
    for field in ("affiliation", "article_type", "thesis"):
        data[field] = f"Filled {field} for the fixture."
    data["date_note"] = "Month known (March 2023); the day is not."
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
    third = run_mkdocs(root, tmp_path / "site")
    assert third.returncode != 0 and "'rahman2023' has neither its text nor a fingerprint" in third.stderr

    corpus = tmp_path / "corpus"  # the article's text, outside the book, then its fingerprint
    corpus.mkdir()
    (corpus / "rahman2023.txt").write_text("---\nkey: rahman2023\n---\n[para 1] A first fictional paragraph.\n"
                                           "[para 2] A second fictional paragraph.\n")
    fingerprint = subprocess.run([sys.executable, "-m", "macros.fingerprint", "--root", str(root), "--corpus", str(corpus)],
                                 capture_output=True, text=True)
    assert fingerprint.returncode == 0 and "wrote sources/fingerprints/rahman2023.json" in fingerprint.stdout, fingerprint.stdout
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


def test_the_pull_request_run_attaches_its_preview_and_names_failed_tests_whatever_fails():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text())
    job = next(job for job in workflow["jobs"].values()
               if any(step.get("uses", "").startswith("actions/upload-artifact") for step in job["steps"]))
    steps = job["steps"]
    check = next(index for index, step in enumerate(steps) if "make check" in step.get("run", ""))
    for step in steps[check:]:
        assert step.get("if") == "${{ !cancelled() }}", f"{step.get('name') or step.get('uses')} is skipped after a failure"
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact"))
    assert "site/" in upload["with"]["path"]
    assert any("make check" in step.get("run", "") for step in steps), "the checks run in CI, fingerprints and all"


def test_failed_tests_are_named_from_the_test_report(tmp_path):
    report = tmp_path / "report.xml"
    report.write_text('<testsuites><testsuite><testcase classname="tests.test_pdf" name="test_cover">'
                      '<failure message="AssertionError: the cover">trace</failure></testcase>'
                      '<testcase classname="tests.test_x" name="test_fine"/></testsuite></testsuites>')
    result = subprocess.run([sys.executable, str(ROOT / ".ci" / "failed-tests"), str(report)], capture_output=True, text=True)
    assert "- `tests/test_pdf.py::test_cover`: AssertionError: the cover" in result.stdout
    assert "test_fine" not in result.stdout and "::error" in result.stderr
    missing = subprocess.run([sys.executable, str(ROOT / ".ci" / "failed-tests"), str(tmp_path / "none.xml")],
                             capture_output=True, text=True)
    assert "the tests did not run" in missing.stdout


def test_every_page_has_an_edit_link_to_a_file_that_exists(html_pages):
    edit_uri = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!ENV", ""))["edit_uri"]
    repository = edit_uri.removesuffix("docs/")
    for url, page in html_pages.items():
        link = page.select_one('a[rel="edit"]')
        assert link is not None, f"{url} has no edit link"
        assert link["href"].startswith(repository)
        assert (ROOT / link["href"][len(repository):]).is_file(), link["href"]


def test_pages_drawn_from_data_link_to_the_data_file(html_pages):
    from macros.library import load_library

    expected = {f"sources/{key}/": f"sources/{key}.yml" for key in load_library(ROOT).sources}
    expected |= {f"{name}/": f"sources/{name}.yml" for name in ("timeline", "disagreements", "glossary", "actors")}
    expected["themes/us-policy/"] = "docs/themes/us-policy.md"  # a page of prose: its own file
    for url, path in expected.items():
        assert html_pages[url].select_one('a[rel="edit"]')["href"].endswith("/" + path), url


def test_edit_links_of_pages_with_data_macros():
    from macros.edit_links import data_edit_url

    base = "https://example.org/edit/main/"
    assert data_edit_url(base + "docs/sources/x2020.md", "sources/x2020.md", '{{ source("x2020") }}\n') == \
        base + "sources/x2020.yml"
    assert data_edit_url(base + "docs/glossary.md", "glossary.md", "Intro.\n\n{{ glossary() }}") == base + "sources/glossary.yml"
    assert data_edit_url(base + "docs/index.md", "index.md", "Prose only.") == base + "docs/index.md"
    assert data_edit_url(None, "glossary.md", "{{ glossary() }}") is None
