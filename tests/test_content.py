"""Editorial rules, checked on the built book: quotations, copying, themes, matrix, reference pages."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import CORPUS_HINT, ROOT
from macros.check import (copied_text_problems, copying_problems, evidence_problems, gather_evidence,
                          quotation_problems, quotation_verdict)
from macros.copying import outside_quotations
from macros.corpus import corpus_dir_from_env
from macros.house_style import variant_patterns
from macros.library import load_library

LIBRARY = load_library(ROOT)
THEMES = LIBRARY.themes
THEME_URLS = [theme.page.removesuffix(".md") + "/" for theme in THEMES.values()]


def article(page):
    return page.select_one("article")


def marker_keys(ids, sup) -> set[str]:
    """Annotated sources cited by one marker, read from its note's précis links (ids: the page's page_ids)."""
    note = ids[sup.a["href"].lstrip("#")]
    return {m.group(1) for a in note.select("a.note__precis-link") for m in [re.search(r"([a-z]+\d{4})/#para", a["href"])] if m}


def cited_keys(ids, element) -> set[str]:
    """Annotated sources cited by the markers inside an element."""
    return set().union(*(marker_keys(ids, sup) for sup in element.select('sup[id^="fnref:cite-"]')))


# --- quotations and copying: against the texts when given, else the committed fingerprints ---

@pytest.fixture(scope="module")
def evidence():
    evidence, problems = gather_evidence(LIBRARY, ROOT, corpus_dir_from_env())
    assert not problems, "\n".join(map(str, problems))
    return evidence


def test_data_paragraph_counts_match_the_texts_or_fingerprints(evidence):
    assert set(evidence.fingerprints) == set(LIBRARY.sources)
    for key, source in LIBRARY.sources.items():
        assert source["paragraphs"] == evidence.fingerprints[key].paragraphs, f"{key}: paragraphs differ"


def test_every_quotation_is_verbatim_short_and_within_the_per_source_limit(evidence):
    problems = quotation_problems(LIBRARY, ROOT, evidence)
    assert not problems, "\n".join(map(str, problems))


def test_key_passages_in_the_built_pages_match_the_texts(evidence, html_pages):
    for key in LIBRARY.sources:
        page = html_pages[f"sources/{key}/"]
        quotes = page.select(".key-passage blockquote")
        assert len(quotes) == len(LIBRARY.sources[key]["key_passages"]), key
        for quote in quotes:
            text = " ".join(quote.p.get_text().split())
            quoted = re.search(r"“(.+)”", text).group(1)
            para = int(re.search(r"para\. (\d+)", text).group(1))
            assert quotation_verdict(quoted, [(key, [para])], evidence) is None, f"{key}: {quoted!r}"


def test_no_run_of_twelve_source_words_appears_outside_quotations(evidence, html_pages):
    for url, page in html_pages.items():
        body = article(page)
        for quoted in body.select(".key-passage blockquote"):
            quoted.decompose()
        found = copied_text_problems(url, outside_quotations(body.get_text(" ")), evidence)
        assert not found, "\n".join(map(str, found[:3]))
    assert not copying_problems(ROOT, evidence)


def test_with_the_texts_given_the_fingerprints_are_up_to_date():
    folder = corpus_dir_from_env()
    if folder is None:
        pytest.skip(CORPUS_HINT)
    problems, _ = evidence_problems(LIBRARY, ROOT, folder)
    assert not problems, "\n".join(map(str, problems))


# --- theme pages ---

@pytest.mark.parametrize("url", THEME_URLS)
def test_every_body_paragraph_of_a_theme_page_carries_a_citation(url, html_pages):
    page = html_pages[url]
    body = article(page)
    exempt = {"related-themes", "notes", "related-entries-in-the-register"}
    section = ""
    for element in body.find_all(["h2", "p", "li"]):
        if element.name == "h2":
            section = element.get("id", "")
            continue
        if section in exempt or element.find_parent(class_=["footnote", "admonition-title", "register-links", "since-box"]):
            continue
        if {"as-of", "watch-asof"} & set(element.get("class", [])):  # the book's date, not a claim
            continue
        if element.name == "p" and element.find_parent("li"):
            continue
        if "admonition-title" in element.get("class", []):
            continue
        assert element.select('sup[id^="fnref:cite-"]'), f"{url} ({section}): uncited: {element.get_text()[:90]!r}"


@pytest.mark.parametrize("url", THEME_URLS)
def test_each_theme_page_draws_on_at_least_four_sources(url, html_pages, page_ids):
    assert len(cited_keys(page_ids[url], article(html_pages[url]))) >= 4


def test_the_matrix_matches_the_citations_in_the_built_pages(html_pages, page_ids):
    table = html_pages["sources/"].select_one("table.matrix")
    assert table is not None
    headers = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    assert headers == [theme.title for theme in THEMES.values()]
    for row in table.select("tbody tr"):
        key = re.search(r"([a-z]+\d{4})/?$", row.th.a["href"]).group(1)
        for url, cell in zip(THEME_URLS, row.select("td"), strict=True):
            expected = sum(1 for sup in html_pages[url].select('sup[id^="fnref:cite-"]') if key in marker_keys(page_ids[url], sup))
            assert int(cell.get_text()) == expected, f"{key} on {url}"


# --- reference pages ---

def test_timeline_events_are_sorted_and_cited(html_pages):
    page = html_pages["timeline/"]
    events = page.select(".event")
    assert events and len(events) >= len(LIBRARY.data["timeline"])  # every event of the data, and the later series
    dates = [event["data-sort"] for event in events]
    assert dates == sorted(dates)
    for event in events:
        assert event.select('sup[id^="fnref:cite-"]'), f"uncited event: {event.get_text()[:80]}"


def test_register_entries_each_cite_both_sides(page_ids):
    ids = page_ids["disagreements/"]
    entries = LIBRARY.data["disagreements"]
    assert entries
    for entry in entries:
        heading = ids.get(entry["id"])
        assert heading is not None
        cited = set()
        for sibling in heading.find_next_siblings():
            if sibling.name in {"h2", "h3"}:
                break
            cited |= cited_keys(ids, sibling)
        assert cited, f"{entry['id']} cites nothing"


def test_every_glossary_abbreviation_is_explained_wherever_it_appears(html_pages):
    expansions = {e["term"]: e["expansion"] for e in LIBRARY.data["glossary"] if e.get("expansion")}
    assert expansions
    any_term = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(expansions, key=len, reverse=True))) + r")(?![\w-])")
    seen = Counter()
    for url, page in html_pages.items():
        body = article(page)
        for abbr in body.find_all("abbr"):
            assert abbr.get("title") == expansions[abbr.get_text()], f"{url}: {abbr}"
            seen[abbr.get_text()] += 1
        for text in body.find_all(string=any_term):
            generated = text.find_parent(class_=["footnote", "matrix", "cited-in", "tag", "timeline-filters"])
            if text.find_parent(["abbr", "code", "a", "script", "style", "th", "button"]) is None and generated is None:
                pytest.fail(f"{url}: {any_term.search(text).group(1)} appears without its hover definition in {text[:80]!r}")
    assert seen


def test_an_address_shown_as_a_link_is_shown_as_it_is_typed(html_pages):
    """A link whose text is its own address carries no abbreviation inside it ('…/824403-UN-reports…'
    is an address, not a use of UN), and reads exactly as it points."""
    addresses = 0
    for url, page in html_pages.items():
        for link in article(page).select('a[href^="http"]'):
            if link.get_text() != link["href"] and not link.find("abbr"):
                continue
            assert link.find("abbr") is None and link.get_text() == link["href"], f"{url}: {link}"
            addresses += 1
    assert addresses, "no address shown as a link anywhere: the test would check nothing"


def test_theme_tags_read_as_a_list(html_pages):
    """Side by side, tags show as chips; read aloud, printed or copied they are a list: "TTP blowback,
    Durand Line", not "TTP blowback Durand Line"."""
    pairs = 0
    for url, page in html_pages.items():
        for tag in article(page).select("a.tag"):
            between = []
            for node in tag.next_siblings:
                if getattr(node, "name", None) == "a" and "tag" in node.get("class", []):
                    text = "".join(between)
                    assert text.strip() == ",", f"{url}: {tag.get_text()!r} and {node.get_text()!r} read {text!r} between"
                    pairs += 1
                    break
                between.append(node.get_text() if hasattr(node, "get_text") else str(node))
    assert pairs, "no two tags side by side: the test would check nothing"


def test_no_house_style_variant_appears_outside_quotations(html_pages):
    patterns = variant_patterns(LIBRARY.data["house-style"])
    assert patterns
    for url, page in html_pages.items():
        body = article(page)
        for exempt in body.select(".variant, blockquote, q"):
            exempt.decompose()
        text = re.sub(r"“[^“”]*”", " ", body.get_text(" "))
        for pattern, variant, preferred in patterns:
            assert not pattern.search(text), f"{url}: '{variant}' (write '{preferred}')"
