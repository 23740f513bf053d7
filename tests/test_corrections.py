"""The register's corrections: a sentence may name a source's variant only beside the record's value."""

from __future__ import annotations

from macros.corrections import correction_problems, corrections_in, sentences

REGISTER = [{"id": "border-year", "corrections": [{"variant": r"\b1896\b", "record": ["1893"]}]}]


def test_a_sentence_with_the_variant_and_the_record_passes():
    text = "Haqqani dates the border to 1896, though it was agreed in 1893 [@haqqani2022, para. 4].\n"
    assert correction_problems(text, "docs/page.md", REGISTER) == []


def test_the_record_in_the_next_sentence_does_not_excuse_the_variant():
    text = "Haqqani dates the border to 1896 [@haqqani2022, para. 4]. The record gives 1893.\n"
    problems = correction_problems(text, "docs/page.md", REGISTER)
    assert [(p.line, p.path) for p in problems] == [(1, "docs/page.md")]
    assert "'1896'" in problems[0].message and "'1893'" in problems[0].fix


def test_the_line_is_that_of_the_sentence_in_a_folded_yaml_text():
    text = "- para: 4\n  text: >-\n    The border is old. Haqqani\n    dates it to 1896.\n"
    assert [p.line for p in correction_problems(text, "sources/x.yml", REGISTER)] == [3]


def test_a_citation_locator_does_not_end_a_sentence():
    found = [s for _, s in sentences("He gave 1896 [@a, para. 4; @b, paras. 2-3] but the record says 1893.\n")]
    assert len(found) == 1


def test_a_value_folded_across_lines_still_counts():
    register = [{"id": "pm", "corrections": [{"variant": "Obaidullah", "record": ["Hasan Akhund"]}]}]
    text = "  role: >-\n    Kugelman names him Obaidullah, the record Mohammad Hasan\n    Akhund.\n"
    assert correction_problems(text, "sources/actors.yml", register) == []


def test_the_register_itself_and_key_passages_are_not_read():
    quoted = '  - para: 4\n    quote: "a colonial-era artifact from 1896."\n'
    assert correction_problems(quoted, "sources/haqqani2022.yml", REGISTER) == []
    assert correction_problems("Haqqani says 1896.\n", "sources/disagreements.yml", REGISTER) == []


def test_a_bad_expression_is_a_problem_not_a_traceback():
    corrections, problems = corrections_in([{"id": "x", "corrections": [{"variant": "(", "record": ["y"]}]}])
    assert corrections == [] and "not a valid regular expression" in problems[0].message
