"""Every contribution is untrusted: each attack on the minimal book is refused with file, line and fix,
or made harmless, by the strict build and by `make check` alike (see tests/test_bad_input.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, check, copy_of_fixture, run_mkdocs
from test_bad_input import THEME, append, replace, write

SOURCE = "sources/demo2020.yml"
BIB = "sources/references.bib"
HTML_FIX = "HTML, attribute lists and scripts are not allowed"
LINK_FIX = "link only to http(s) addresses"
CONTEXT = "context: Written for the tests; it describes no real events and quotes no real article text at all."


def write_bytes(path: str, data: bytes):
    return lambda root: (root / path).write_bytes(data)


def append_bytes(path: str, data: bytes):
    return lambda root: (root / path).write_bytes((root / path).read_bytes() + data)


def replace_bytes(path: str, old: bytes, new: bytes):
    def edit(root: Path) -> None:
        content = (root / path).read_bytes()
        assert old in content, f"fixture changed: {old!r} not in {path}"
        (root / path).write_bytes(content.replace(old, new, 1))
    return edit


def tracked_cache(root: Path) -> None:
    """A cache file added to the repository, as `git add -f` would."""
    cache = root / ".cache" / "briefing"
    cache.mkdir(parents=True)
    (cache / "texts.json").write_text('{"format": "forged", "entries": {}}', encoding="utf-8")
    for command in (["init", "-q"], ["add", "-f", ".cache/briefing/texts.json"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, capture_output=True)


# (case, edit, expected fragments of the message: the file:line and the words of the fix)
CASES = [
    ("script in a précis", replace(SOURCE, "introduces the fixture.", "introduces the fixture. <script>alert(1)</script>"),
     [f"{SOURCE}:19", "precis.text: raw HTML '<script>", HTML_FIX]),
    ("image with onerror in the context", replace(SOURCE, "at all.", 'at all. <img src="x" onerror="alert(1)">'),
     [f"{SOURCE}:8", "context: raw HTML '<img", HTML_FIX]),
    ("svg with onload in a theme text", replace(SOURCE, "us-policy: Nothing on this theme in the fixture.",
                                                "us-policy: Nothing <svg/onload=alert(1)> here."),
     [f"{SOURCE}:32", "themes.us-policy: raw HTML", HTML_FIX]),
    ("HTML starting a folded text", replace(SOURCE, CONTEXT, "context: >-\n  <b onmouseover=alert(1)>Written</b>\n  for the tests."),
     [f"{SOURCE}:9", "context: raw HTML '<b onmouseover", HTML_FIX]),
    ("javascript link in the bottom line", replace(SOURCE, "It has one source", "It has [one source](javascript:alert(1))"),
     [f"{SOURCE}:7", "uses the scheme 'javascript:'", LINK_FIX]),
    ("javascript link hidden by an entity", replace(SOURCE, "Fixtures make guards testable.",
                                                    "Fixtures make [guards](jav&#x61;script:alert(1)) testable."),
     [f"{SOURCE}:6", "uses the scheme 'javascript:'", LINK_FIX]),
    ("data URI link in a claim", replace(SOURCE, "Each guard needs a failing case.",
                                         "Each guard needs [a case](data:text/html;base64,PHNjcmlwdD4=)."),
     [f"{SOURCE}:12", "uses the scheme 'data:'", LINK_FIX]),
    ("reference-style javascript link", replace(SOURCE, CONTEXT, 'context: "[Written][x] for the tests.\\n\\n[x]: javascript:alert(1)"'),
     [f"{SOURCE}:8", "uses the scheme 'javascript:'", LINK_FIX]),
    ("attribute list with an event handler", replace(SOURCE, CONTEXT, 'context: "Written for the tests.\\n{: onclick=\\"alert(1)\\" }"'),
     [f"{SOURCE}:8", "an attribute list sets onclick", HTML_FIX]),
    ("image from another host", replace(SOURCE, "at all.", "at all. ![x](https://tracker.example/pixel.png)"),
     [f"{SOURCE}:8", "is not served by the site", "put the image under docs/"]),
    ("the notes marker in a précis", replace(SOURCE, "makes a claim to cite.", "makes a claim <!-- briefing:notes --> to cite."),
     [f"{SOURCE}:22", "the build's marker '<!-- briefing:' is reserved", "the build writes these markers itself"]),
    ("a private-use character in a précis", replace(SOURCE, "closes the fixture.", "closes the fixture \ue0020\ue003."),
     [f"{SOURCE}:25", "the reserved character U+E002", "the build writes these markers itself"]),
    ("the matrix marker in a page", append(THEME, "\n<!-- briefing:matrix -->\n"),
     [f"{THEME}:9", "the build's marker", "the build writes these markers itself"]),
    ("a note-call character in a page", append(THEME, "\nA claim \ue0001\ue001 here.\n"),
     [f"{THEME}:9", "the reserved character U+E000"]),
    ("script in a BibTeX title", replace(BIB, "{A Demonstration Article}", "{A Demonstration <script>alert(1)</script>}"),
     [f"{BIB}:1", "the title of 'demo2020': raw HTML", HTML_FIX]),
    ("Markdown link in a BibTeX title", replace(BIB, "{A Demonstration Article}", "{A [Demonstration](javascript:alert(1))}"),
     [f"{BIB}:1", "the title of 'demo2020': the link", LINK_FIX]),
    ("javascript url in BibTeX", replace(BIB, "  date    = {2020-01},", "  date    = {2020-01},\n  url = {javascript:alert(1)},"),
     [f"{BIB}:1", "the url of 'demo2020' is not a web address", "http:// or https://"]),
    ("BibTeX key with a quote", write("sources/other.bib", '@misc{bad"key,\n  title = {Other},\n  year = {2020},\n}\n'),
     ["sources/other.bib:1", "the key 'bad\"key' has characters a key may not use", "ASCII letters, digits"]),
    ("YAML aliases that expand without end", write("sources/bomb.yml", "a: &a [x, x, x, x, x, x, x, x, x]\n"
                                                    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"),
     ["sources/bomb.yml:1", "a YAML anchor or alias", "write the value out in full"]),
    ("YAML nested without end", write("sources/deep.yml", "a: " + "[" * 20000 + "]" * 20000 + "\n"),
     ["sources/deep.yml:1", "values nested more than 32 deep", "flatten the structure"]),
    ("a NUL byte in a data file", replace_bytes(SOURCE, b"Fixture Institute", b"Fixture\0Institute"),
     [f"{SOURCE}:3", "a NUL byte", "save the file as UTF-8"]),
    ("invalid UTF-8 in a data file", replace_bytes(SOURCE, b"Analysis", b"Analys\xe9s"),
     [f"{SOURCE}:4", "not UTF-8: the byte 0xE9", "save the file as UTF-8"]),
    ("invalid UTF-8 in BibTeX", replace_bytes(BIB, b"The Fixture Review", b"The Fixture R\xffview"),
     [f"{BIB}:4", "not UTF-8: the byte 0xFF", "save the file as UTF-8"]),
    ("a byte-order mark inside a data file", replace_bytes(SOURCE, b"thesis: Fixtures", b"thesis: \xef\xbb\xbfFixtures"),
     [f"{SOURCE}:6", "a byte-order mark (U+FEFF) inside the text", "retype the line"]),
    ("invalid UTF-8 in a page", append_bytes(THEME, b"\xc3(\n"),
     [f"{THEME}:8", "not UTF-8", "save the file as UTF-8"]),
    ("a data file too large to parse", write("sources/huge.yml", "a: " + "x" * 2_100_000 + "\n"),
     ["sources/huge.yml", "more than a data file may hold", "split it"]),
    ("a cache file tracked by git", tracked_cache,
     [".cache/briefing/texts.json", "tracked by git", "git rm --cached .cache/briefing/texts.json"]),
]


@pytest.fixture
def book(tmp_path):
    def make(edit) -> Path:
        root = copy_of_fixture(tmp_path)
        edit(root)
        return root
    return make


@pytest.mark.parametrize("case, edit, expected", CASES, ids=[case for case, _, _ in CASES])
def test_the_build_refuses_it_with_file_line_and_fix(case, edit, expected, book, tmp_path):
    result = run_mkdocs(book(edit), tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed\n{output}"
    assert "Traceback" not in output, output
    assert "Fix:" in output, output
    for fragment in expected:
        assert fragment in output, f"{case}: {fragment!r} missing from:\n{output}"


@pytest.mark.parametrize("case, edit, expected", CASES, ids=[case for case, _, _ in CASES])
def test_check_refuses_it_alike(case, edit, expected, book):
    code, output = check(book(edit))  # in this process: an exception would fail the test, as a traceback would
    assert code == 1, f"{case}: check passed\n{output}"
    for fragment in expected:
        assert fragment in output, f"{case}: {fragment!r} missing from:\n{output}"


def test_allowed_markdown_in_data_texts_still_builds(book, tmp_path):
    """The guard refuses markup, not Markdown: emphasis, web links, anchors and autolinks pass."""
    root = book(replace(SOURCE, "at all.", "at *all* ([para. 2](#para-2), [web](https://example.org/a?b=1&c=2), "
                                            "<https://example.org>, AT&T, 3 < 4)."))
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr


def _cache_files(root: Path) -> dict[str, Path]:
    cache = root / ".cache" / "briefing"
    return {path.name: path for path in cache.glob("*.json")}


def test_caches_are_json_and_a_damaged_or_foreign_entry_is_rebuilt(book, tmp_path):
    root = book(lambda root: None)
    assert run_mkdocs(root, tmp_path / "first").returncode == 0
    files = _cache_files(root)
    assert set(files) == {"data.json", "texts.json", "references.json", "evidence.json", "exports.json"}, files
    for path in files.values():
        assert json.loads(path.read_text(encoding="utf-8"))["entries"], f"{path.name} kept nothing"
    first_page = (tmp_path / "first" / "sources" / "demo2020" / "index.html").read_text(encoding="utf-8")
    files["references.json"].write_text(files["references.json"].read_text(encoding="utf-8")[:40], encoding="utf-8")
    files["data.json"].write_bytes(b"\x80\x04\x95 a pickle, not JSON")
    texts = json.loads(files["texts.json"].read_text(encoding="utf-8"))
    texts["entries"] = {key: {"forged": True} for key in texts["entries"]}  # entries of the wrong shape
    files["texts.json"].write_text(json.dumps(texts), encoding="utf-8")
    result = run_mkdocs(root, tmp_path / "second")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "second" / "sources" / "demo2020" / "index.html").read_text(encoding="utf-8") == first_page
    for path in _cache_files(root).values():
        assert json.loads(path.read_text(encoding="utf-8"))["format"].startswith("briefing-cache/")


def test_an_entry_made_by_other_code_is_never_found(book, tmp_path):
    """A forged entry under the right inputs but another producer (other code, other versions) is ignored."""
    root = book(lambda root: None)
    assert run_mkdocs(root, tmp_path / "first").returncode == 0
    texts_file = _cache_files(root)["texts.json"]
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    forged = {f"{key[:-4]}beef": "<p>FORGED</p>" for key in texts["entries"]}
    texts_file.write_text(json.dumps({**texts, "entries": forged}), encoding="utf-8")
    assert run_mkdocs(root, tmp_path / "second").returncode == 0
    assert "FORGED" not in (tmp_path / "second" / "sources" / "demo2020" / "index.html").read_text(encoding="utf-8")


def test_a_cache_folder_that_cannot_be_written_is_a_warning(book, tmp_path):
    root = book(lambda root: None)
    (root / ".cache").mkdir()
    (root / ".cache" / "briefing").write_text("a file where the folder should be", encoding="utf-8")
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cache not saved" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    check = subprocess.run([sys.executable, "-m", "macros.check", "--root", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_title_is_text_in_the_sources_index():
    """Made harmless as well as refused: a BibTeX title is escaped where it becomes Markdown."""
    import markdown

    from macros.text_safety import markdown_escaped

    title = "Pakistan [& the](javascript:alert(1)) <b>Taliban</b> *now*"
    rendered = markdown.markdown(f"[{markdown_escaped(title)}](../sources/x.md)")
    assert "javascript" not in rendered.split('href="')[1].split('"')[0]
    assert "<b>" not in rendered and "<em>" not in rendered
    assert rendered.count("<a ") == 1


def test_a_pandoc_failure_names_the_entry_and_shows_pandocs_message():
    from macros.references import PandocFailed, format_with_pandoc, pandoc_path, pandoc_problem

    bib = '@misc{good,\n  title = {Fine},\n  year = {2020},\n}\n\n@misc{bad"key,\n  title = {X},\n  year = {2021},\n}\n'
    with pytest.raises(PandocFailed) as failure:
        format_with_pandoc([bib], pandoc_path())
    problem = pandoc_problem(failure.value, {"sources/other.bib": bib})
    assert problem.path == "sources/other.bib" and problem.message.startswith("pandoc cannot format")
    assert failure.value.message and failure.value.message in problem.message


def test_make_passes_arguments_to_the_shell_as_data(tmp_path):
    (tmp_path / "stamp").touch()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(["make", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), "scaffold",
                             f"VENV={Path(sys.executable).parent.parent}", "STAMP=stamp", "-o", "stamp",
                             "KEY=x;touch injected", "BIB=y;touch injected2"], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert not (tmp_path / "injected").exists() and not (tmp_path / "injected2").exists(), result.stdout + result.stderr
