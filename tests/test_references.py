"""Formatting references with pandoc's citeproc, in runs small enough to stay fast."""

from __future__ import annotations

from macros import references
from macros.references import citeproc_runs, entry_texts, format_in_runs, format_with_pandoc, pandoc_path

BIB = """% shared head
@article{ali2021a, author = {Ali, Sana}, title = {First}, journal = {J}, year = {2021}}
@article{ali2021b, author = {Ali, Sana}, title = {Second}, journal = {J}, year = {2021}}
@article{khan2020, author = {Khan, Omar}, title = {Third}, journal = {J}, year = {2020}}
"""
FIRST_AUTHORS = {"ali2021a": "Ali", "ali2021b": "Ali", "khan2020": "Khan"}


def test_entries_are_cut_at_their_starts_and_the_head_kept():
    head, entries = entry_texts(BIB)
    assert head == "% shared head\n" and list(entries) == ["ali2021a", "ali2021b", "khan2020"]
    assert entries["ali2021b"].startswith("@article{ali2021b") and "Third" not in entries["ali2021b"]


def test_runs_keep_each_first_author_together_and_give_the_same_references(monkeypatch):
    monkeypatch.setattr(references, "RUN_ENTRIES", 1)
    runs = citeproc_runs([BIB], FIRST_AUTHORS)
    assert len(runs) == 2 and all(run[0] == "% shared head\n" for run in runs)
    assert "ali2021a" in runs[0][1] and "ali2021b" in runs[0][2]
    pandoc = pandoc_path()
    formatted = format_in_runs([BIB], FIRST_AUTHORS, pandoc)
    assert formatted == format_with_pandoc([BIB], pandoc)
    assert "2021a" in formatted["ali2021a"] and "2021b" in formatted["ali2021b"]  # told apart, as in one run


def test_a_book_with_string_abbreviations_is_formatted_in_one_run(monkeypatch):
    monkeypatch.setattr(references, "RUN_ENTRIES", 1)
    assert citeproc_runs(['@string{j = "Journal"}\n' + BIB], FIRST_AUTHORS) == [['@string{j = "Journal"}\n' + BIB]]


def test_pandocs_bare_spans_go_with_their_own_closing_tags():
    from macros.references import without_bare_spans

    body = '<span>Geo. “<span class="nocase">Zarb-e-Azb</span>” in <span>North</span> Waziristan</span>.'
    assert without_bare_spans(body) == 'Geo. “<span class="nocase">Zarb-e-Azb</span>” in North Waziristan.'


def test_works_sharing_an_author_and_year_are_cited_with_the_bibliographys_letters():
    """A note names 'Ali 2021a' where the bibliography lists 'Ali. 2021a.': the letter citeproc
    gave each entry, or, where it gave none, the titles' order."""
    from macros.references import told_apart

    pandoc = pandoc_path()
    formatted = format_with_pandoc([BIB], pandoc)
    labels = {"ali2021a": "Ali 2021", "ali2021b": "Ali 2021", "khan2020": "Khan 2020"}
    titles = {"ali2021a": "First", "ali2021b": "Second", "khan2020": "Third"}
    assert told_apart(labels, formatted, titles) == {"ali2021a": "Ali 2021a", "ali2021b": "Ali 2021b",
                                                     "khan2020": "Khan 2020"}
    unlettered = dict.fromkeys(labels, "")
    assert told_apart(labels, unlettered, {"ali2021a": "Zeta", "ali2021b": "Alpha"}) == {
        "ali2021a": "Ali 2021b", "ali2021b": "Ali 2021a", "khan2020": "Khan 2020"}


def test_no_two_works_of_the_book_share_the_label_a_note_names_them_by():
    from collections import Counter
    from pathlib import Path

    from macros.library import load_library

    labels = Counter(reference.label for reference in load_library(Path(__file__).resolve().parent.parent).references.values())
    assert labels and not [label for label, works in labels.items() if works > 1]
