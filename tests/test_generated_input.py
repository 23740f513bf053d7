"""Generated input for the loaders and the citation parser: every failure is a reported problem, never a traceback.

Hypothesis writes data files, BibTeX files and texts from the characters that
matter to each parser (brackets, anchors, quotes, control bytes, markers) and
shrinks any input that makes one raise to its smallest form.
"""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from macros.citations import LocatorError, find_citation_blocks, parse_locator
from macros.datafiles import load_yaml
from macros.decoding import decode
from macros.errors import Problem
from macros.references import field_problems, parse_bib
from macros.text_safety import markup_problems, reserved_marker_problems

SCHEMAS = ROOT / "sources" / "schema"
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

YAML_PIECES = ["key: ", "- ", "[", "]", "{", "}", ", ", ": ", "&a ", "*a", "!!str ", "!!python/object:os.system ",
               "'", '"', "|\n  ", ">\n  ", "\n", "  ", "#", "para: 1", "text: x", "\t", "\x00", "\ufeff", "\ue000",
               "<script>", "[x](javascript:y)", "précis", "%YAML 1.1\n", "---\n", "...\n", "? ", "9" * 30, "-.inf"]
BIB_PIECES = ["@article{", "@misc(", "@string{", "@comment{", "key", "a\"b", ",", "}", "{", ")", "(", "=", "title",
              "author = {A and B}", "url = {javascript:x}", "#", '"', "\n", " ", "\\", "%", "<b>", "\x00", "2021"]
TEXT_PIECES = ["[@", "mir2022", ", para. ", "paras. ", "p. ", "1", "-", "–", "0", ";", "]", "[", "(", ")", "`", "\\",
               "<!--", "-->", "<", ">", "&#", "x61;", "javascript:", "{: ", "}", "\n", " ", "@", "\ue002", "![i](", "//"]


def pieces(alphabet: list[str], size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(alphabet) | st.text(max_size=3), max_size=size).map("".join)


def assert_problems(problems) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem) and problem.message and problem.fix


@pytest.mark.parametrize("schema", ["source", "timeline", "glossary"])
@SETTINGS
@given(text=pieces(YAML_PIECES) | st.binary(max_size=200).map(lambda data: data.decode("latin-1")),
       raw=st.binary(max_size=60))
def test_a_data_file_is_data_or_problems(schema, text, raw, tmp_path):
    path = tmp_path / "sources" / "generated.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogatepass") + raw)
    data, problems = load_yaml(path, tmp_path, schema, SCHEMAS, themes=("ttp-blowback", "us-policy"))
    assert_problems(problems)
    assert all(problem.path == "sources/generated.yml" for problem in problems)


@SETTINGS
@given(text=pieces(BIB_PIECES, 60))
def test_a_bib_file_is_entries_or_problems(text):
    data, problems = parse_bib(text, "sources/generated.bib")
    assert_problems(problems)
    if data is not None:
        assert_problems(field_problems(data, text, "sources/generated.bib"))


@SETTINGS
@given(data=st.binary(max_size=120))
def test_any_bytes_decode_or_are_a_problem(data):
    text, problems = decode(data, "sources/x.yml")
    assert (text is None) == bool(problems)
    assert_problems(problems)


@SETTINGS
@given(text=pieces(TEXT_PIECES, 60))
def test_citations_and_markup_in_any_text(text):
    for block in find_citation_blocks(text):
        assert all(isinstance(error, str) and error for error in block.errors)
        for cite in block.cites:
            if cite.locator is not None:
                try:
                    parse_locator(cite.locator.text)
                except LocatorError:
                    pass
    for message, fix in markup_problems(text):
        assert message and fix
    assert_problems(reserved_marker_problems(text, "docs/x.md"))


@SETTINGS
@given(text=st.text(max_size=40))
def test_a_locator_parses_or_says_why(text):
    try:
        parse_locator(text)
    except LocatorError as error:
        assert str(error)
