"""The record since the sources: its data checks, its pages, and the book's "as of" date.

The unit tests call the pure functions on small hand-made data; the page tests read the real built
book and derive every expectation (the sources' span, the review date, the developments) from its data.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT, copy_of_fixture, run_mkdocs
from macros.dates import format_date
from macros.library import load_library
from macros.references import Reference
from macros.since import SINCE_SRC, as_of, as_of_line, chapter, theme_box, timeline_events, watch_list
from macros.since_data import since_problems, watch_problems

LIBRARY = load_library(ROOT)
THEMES = LIBRARY.themes
SINCE = LIBRARY.data["since"]
WHEN = as_of(LIBRARY.references, SINCE["reviewed"])


def ref(key: str, when: str, bib: str = "references.bib") -> Reference:
    return Reference(key, key, "", None, f"sources/{bib}", 1, {"date": when} if when else {})


def development(id_: str, when: str, themes=("ttp-blowback",), **extra) -> dict:
    return {"id": id_, "date": when, "title": f"Title of {id_}", "text": f"Text [@r{id_}].", "themes": list(themes), **extra}


# --- the pure functions ---

def test_the_span_comes_from_the_annotated_sources_dates_only():
    refs = {"a": ref("a", "2021-08-13"), "b": ref("b", "2022-05"), "c": ref("c", "2021-09"),
            "record": ref("record", "2030-01", bib="record.bib"), "undated": ref("undated", "")}
    when = as_of(refs, "2026-12-07")
    assert (when.first_month, when.last_month, when.sources) == ("2021-08", "2022-05", 3)
    assert when.span == "August 2021 to May 2022" and when.since_label == "Since May 2022"
    assert when.count_words == "three sources"


def test_the_as_of_line_dates_the_book_and_links_onward_except_on_the_chapter_itself():
    when = as_of({"a": ref("a", "2021-08"), "b": ref("b", "2022-05")}, "2026-12-07")
    line = as_of_line(when, "themes/ttp-blowback.md")
    assert "As of 7 December 2026" in line and "two sources run from August 2021 to May 2022" in line
    assert "](../since.md)" in line
    assert "](" not in as_of_line(when, SINCE_SRC)
    assert "records later developments" not in line  # no record since: nothing to date


def test_the_as_of_line_says_where_the_record_since_stops_as_well_as_when_it_was_reviewed():
    items = [development("a", "2023-02-01"), development("b", "2026-03-18"), development("c", "2024-07")]
    when = as_of({"a": ref("a", "2021-08"), "b": ref("b", "2022-05")}, "2026-12-07", items)
    assert when.record_to == "2026-03-18"
    assert ("last reviewed against the wider record on 7 December 2026, and records later developments up to "
            "18 March 2026.") in as_of_line(when, "themes/ttp-blowback.md")


def test_the_theme_box_lists_only_its_theme_newest_first_with_links_into_the_chapter():
    items = [development("old", "2022-07-01"), development("other", "2024-01-01", themes=["us-policy"]),
             development("new", "2025-03")]
    box = theme_box(items, "ttp-blowback", WHEN, "themes/ttp-blowback.md")
    assert box.startswith('!!! info since-box "Since')
    assert box.index("March 2025") < box.index("1 July 2022") and "other" not in box
    assert "(../since.md#new)" in box and "(../since.md#old)" in box
    assert theme_box(items, "durand-line", WHEN, "themes/durand-line.md") == ""


def test_the_chapter_groups_by_year_and_states_each_dispute():
    items = [development("b", "2023-02-01"), development("a", "2022-07", dispute="Two reports differ [@x; @y].")]
    text = chapter(items, THEMES, SINCE_SRC)
    assert text.index("## 2022") < text.index("{ #a }") < text.index("## 2023") < text.index("{ #b }")
    assert "**Reports differ.** Two reports differ [@x; @y]." in text and "Known to the month" in text


def test_watch_items_carry_their_status_and_link_each_settling_development():
    items = [development("d1", "2023-05-04")]
    watch = {"ttp-blowback": {"indicators": [
        {"text": "Still waiting [@mir2022, para. 1].", "status": "open"},
        {"text": "Came true [@mir2022, para. 2].", "status": "answered", "settled_by": ["d1"], "answer": "It did [@r1]."}]}}
    text = watch_list(watch, "ttp-blowback", "indicators", items, WHEN, "themes/ttp-blowback.md")
    assert "watch-status--open" in text and "watch-status--answered" in text
    assert "It did [@r1]. See [4 May 2023](../since.md#d1)." in text


def test_timeline_events_form_their_own_series_and_cite_every_report_once():
    item = development("d", "2024-03-18", dispute="Differ [@rd; @other].")
    (event,) = timeline_events([item], WHEN, "timeline.md")
    assert event["series"] == "since" and event["series_label"] == WHEN.since_label
    assert event["event"].endswith("[@rd; @other].") and "(since.md#d)" in event["event"]


def test_since_checks_name_the_problem():
    text = "reviewed: x\nid: early\nid: late\nid: twice\nid: onecite\n"
    since = {"reviewed": "2026-02-30", "developments": [
        development("early", "2022-05-20"), development("late", "2027-01"), development("twice", "2023-01"),
        development("twice", "2023-13-01"), development("onecite", "2023-02", dispute="Only one [@a] and [@a]."),
        development("month", "2024-13")]}
    messages = [p.message for p in since_problems(since, text, ["2021-08", "2022-05"])]
    assert any("'2026-02-30' is not a date" in m for m in messages)
    assert any("'early' is dated 2022-05-20, not after the last source (2022-05)" in m for m in messages)
    assert any("'late' is dated 2027-01, after the review date" in m for m in messages)
    assert any("'twice' is used twice" in m for m in messages)
    assert any("'2023-13-01', which does not exist" in m for m in messages)
    assert any("'2024-13', which does not exist" in m for m in messages)  # a month too
    assert since_problems({"reviewed": "2026-12", "developments": []}, "reviewed: x\n", []), "a review is a day"
    assert any("dispute of 'onecite' cites fewer than two reports" in m for m in messages)


def test_an_answer_must_name_a_development_that_exists():
    watch = {"us-policy": {"questions": [{"text": "Q", "status": "answered", "settled_by": ["nowhere"], "answer": "A"}]}}
    (problem,) = watch_problems(watch, "us-policy:\n  settled_by: [nowhere]\n", {"developments": []})
    assert problem.line == 2 and "'nowhere'" in problem.message


def test_the_pdf_cover_gives_the_review_date():
    from macros.pdf.meta import reviewed_scope

    assert reviewed_scope(["2021-08", "2022-05"], None) == "Two sources, August 2021 to May 2022"
    assert reviewed_scope(["2021-08", "2022-05"], "2026-12-07").endswith(
        "reviewed against the later record on 7 December 2026 (see What has happened since)")
    assert reviewed_scope(["2021-08", "2022-05"], "2026-12-07", "2026-03-18").endswith(
        "on 7 December 2026 (see What has happened since, which runs to 18 March 2026)")


# --- the real book ---

def test_the_data_keeps_the_brief(html_pages):
    developments = SINCE["developments"]
    assert developments, "sources/since.yml records no development"
    assert all(item["date"][:7] > WHEN.last_month and item["date"] <= SINCE["reviewed"] for item in developments)
    record = {key for key, reference in LIBRARY.references.items() if reference.path.endswith("/record.bib")}
    for item in developments:
        keys = set(re.findall(r"@([\w-]+)", item["text"] + item.get("dispute", "")))
        assert keys and keys <= record, f"{item['id']} cites outside record.bib: {keys - record}"
        assert all(LIBRARY.references[key].url and LIBRARY.references[key].fields.get("urldate") for key in keys)


@pytest.mark.parametrize("url", ["", *[f"themes/{slug}/" for slug in THEMES]])
def test_the_front_page_and_each_theme_say_how_current_the_book_is(url, html_pages):
    heading = html_pages[url].select_one("article h1")
    line = heading.find_next_sibling()
    assert "as-of" in line.get("class", []), f"{url}: the first thing under the title is not the as-of line"
    text = " ".join(line.get_text().split())
    assert f"run from {WHEN.span}" in text and format_date(SINCE["reviewed"]) in text
    assert line.find("a", href=re.compile(r"since/$"))


def test_the_chapter_tells_every_development_with_its_notes(html_pages):
    page = html_pages["since/"]
    for item in SINCE["developments"]:
        heading = page.find("h3", id=item["id"])
        assert heading is not None and format_date(item["date"]) in heading.get_text()
        body = heading.find_next_sibling("p", class_=lambda c: c != "since-meta")
        assert body.select('sup[id^="fnref:cite-"]'), f"{item['id']}: no note"
    disputes = [item for item in SINCE["developments"] if item.get("dispute")]
    assert len(page.find_all("strong", string="Reports differ.")) == len(disputes)
    newest = max(item["date"] for item in SINCE["developments"])  # where the record stops, said above it
    assert f"records later developments up to {format_date(newest)}." in " ".join(
        page.select_one("article p.as-of").get_text().split())


@pytest.mark.parametrize("slug", list(THEMES))
def test_each_theme_box_lists_its_developments_newest_first_before_the_indicators(slug, html_pages):
    page = html_pages[f"themes/{slug}/"]
    box = page.select_one(".admonition.since-box")
    expected = sorted((item for item in SINCE["developments"] if slug in item["themes"]), key=lambda i: i["date"], reverse=True)
    assert box is not None and box.select_one(".admonition-title").get_text(strip=True) == WHEN.since_label
    links = [a["href"] for a in box.select("li a")]
    assert links == [f"../../since/#{item['id']}" for item in expected]
    assert box.find_next("h2")["id"] == "indicators-to-watch"


@pytest.mark.parametrize("slug", list(THEMES))
def test_indicators_and_questions_keep_their_wording_and_show_their_status(slug, html_pages):
    page = html_pages[f"themes/{slug}/"]
    for kind, heading_id in (("indicators", "indicators-to-watch"), ("questions", "open-questions")):
        items = LIBRARY.data["watch"][slug][kind]
        listing = page.find(id=heading_id).find_next("ul")
        shown = listing.find_all("li", recursive=False)
        assert len(shown) == len(items)
        for item, li in zip(items, shown, strict=True):
            badge = li.select_one(".watch-status")
            assert badge["class"][-1] == f"watch-status--{item['status']}"
            words = re.sub(r"\s*\[@[^\]]*\]", "", item["text"]).split()[:6]
            shown_text = "".join(s for s in li.strings if not s.find_parent("sup"))  # without note numbers
            assert " ".join(words) in " ".join(shown_text.split())
            settled = [a["href"] for a in li.find_all("a", href=re.compile(r"since/#"))]
            dates = {development["id"]: development["date"] for development in SINCE["developments"]}
            in_order = sorted(item.get("settled_by", []), key=dates.get)
            assert settled == [f"../../since/#{key}" for key in in_order], "settling developments, oldest first"


def test_the_timeline_marks_the_later_series_apart(html_pages):
    page = html_pages["timeline/"]
    later = page.select(".event.event--since")
    assert len(later) == len(SINCE["developments"])
    assert all(event.select_one(".event__series").get_text() == WHEN.since_label for event in later)
    assert not any(event.select_one(".event__series") for event in page.select(".event:not(.event--since)"))


# --- the fixture book: valid data builds; the bad-input cases are in test_bad_input.py ---

def test_the_minimal_book_with_a_record_since_builds_and_checks(tmp_path):
    from test_bad_input import with_record_since

    root = copy_of_fixture(tmp_path)
    with_record_since()(root)
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    check = subprocess.run([sys.executable, "-m", "macros.check", "--root", str(root)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
