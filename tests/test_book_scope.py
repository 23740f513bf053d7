"""Counts and dates the book says of its sources come from the data (pure functions, and the built pages)."""

from __future__ import annotations

from macros.book_scope import Scope, fill, number_word, scope_of, scope_words


def test_words_from_dates():
    words = scope_words(Scope(("2022-05", "2021-08-13", "2021-09"), without_address=1))
    assert words["sources_count"] == "three"
    assert words["sources_span"] == "August 2021 to May 2022"
    assert (words["sources_first"], words["sources_last"]) == ("13 August 2021", "May 2022")
    assert words["sources_month_only"] == "two" and words["sources_without_address"] == "one"
    assert scope_words(Scope(("2023-03",)))["sources_span"] == "March 2023"
    assert number_word(6) == "six" and number_word(1000) == "1,000"


def test_fill_replaces_known_macros_and_leaves_the_rest():
    words = {"sources_count": "six", "sources_span": "2021 to 2023"}
    assert fill("{{ sources_count()|capitalize }} analyses ({{sources_span()}})", words) == "Six analyses (2021 to 2023)"
    assert fill("{{ other() }} and {{ sources_count }}", words) == "{{ other() }} and {{ sources_count }}"


def test_the_built_pages_say_what_the_data_says(html_pages):
    from conftest import ROOT
    from macros.library import load_library

    words = scope_words(scope_of(load_library(ROOT)))
    count, span = words["sources_count"], words["sources_span"]
    index = " ".join(html_pages["sources/"].select_one("article").get_text(" ").split())
    assert f"rests on {count} published analyses" in index
    assert f"Of the {count} dates, {words['sources_month_only']} are known only to the month" in index
    front = html_pages[""]
    assert front.select_one('meta[name="description"]')["content"].endswith(f"{span}.")
    for url, page in html_pages.items():
        prose = " ".join(text for text in page.body.find_all(string=True) if not text.find_parent(["code", "pre"]))
        assert "{{" not in prose and "{{" not in str(page.head), f"{url}: a macro was left unfilled"
    for url in (url for url in html_pages if url.startswith("themes/")):
        assert f"{count} analyses from {span}" in html_pages[url].select_one('meta[name="description"]')["content"], url
