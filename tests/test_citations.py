"""Citations in the real book: every marker resolves to a note, a locator and a paragraph that exists."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest

from macros.library import load_library
from conftest import ROOT

ANNOTATED_LABELS = {ref.label for key, ref in load_library(ROOT).references.items() if key in load_library(ROOT).sources}


def resolve(page_url: str, href: str) -> tuple[str, str]:
    """(page URL path, fragment) of a link from a page."""
    target = urlparse(urljoin("http://book/" + page_url, href))
    return target.path.lstrip("/"), target.fragment


def test_every_marker_has_a_note_with_reference_and_locator(html_pages, page_ids):
    markers = 0
    for url, page in html_pages.items():
        for sup in page.select('sup[id^="fnref:cite-"]'):
            markers += 1
            note = page_ids[url].get(sup.a["href"].lstrip("#"))
            assert note is not None, f"{url}: marker {sup['id']} has no note"
            for cite in note.find_all("p"):
                label = cite.find("strong").get_text()
                if label.split(",")[0] in ANNOTATED_LABELS:
                    assert re.search(r", paras?\. [\d–, ]+$", label), f"{url}: {note['id']} lacks its locator: {label}"
                    assert cite.select_one("a.note__precis-link"), f"{url}: {note['id']} has no link to the précis"
    assert markers > 100, "the book should be citing its sources"


def test_every_locator_lands_on_an_existing_paragraph_anchor(html_pages, page_ids):
    checked = 0
    for url, page in html_pages.items():
        for link in page.select(".footnote a.note__precis-link"):
            target_url, fragment = resolve(url, link["href"])
            assert target_url in html_pages, f"{url}: {link['href']} leads to no page"
            anchor = page_ids[target_url].get(fragment)
            assert anchor is not None and "precis" in anchor.get("class", []), f"{url}: {link['href']} has no précis anchor"
            checked += 1
    assert checked > 100


def test_a_note_on_a_work_without_a_page_links_to_its_entry_in_the_bibliography(html_pages, page_ids):
    """A news report or other work that is not annotated: the note's short reference leads to the work's
    entry in the bibliography (the PDF prints the note short and the reference there)."""
    library = load_library(ROOT)
    checked = 0
    for url, page in html_pages.items():
        for paragraph in page.select('li[id^="fn:cite-"] > p'):
            if paragraph.select_one("a.note__precis-link"):
                continue
            link = paragraph.select_one("a.note__reference-link")
            assert link is not None and link.strong, f"/{url}: {paragraph.get_text()[:60]!r} links to no entry"
            target_url, key = resolve(url, link["href"])
            assert target_url == "bibliography/" and key in library.references, f"/{url}: {link['href']}"
            assert "bib-entry" in page_ids[target_url][key].get("class", []), f"/{url}: {link['href']} is no entry"
            checked += 1
    assert checked, "no note cites a work without a page: the test reads nothing"


def test_adjacent_markers_never_read_as_one_number(html_pages):
    for url, page in html_pages.items():
        for sup in page.select('sup[id^="fnref:cite-"]'):
            follower = sup.next_sibling
            assert not (getattr(follower, "name", None) == "sup"), f"{url}: two markers touch at {sup['id']}"


@pytest.mark.parametrize("key", sorted(load_library(ROOT).sources))
def test_source_page_lists_its_citing_passages_and_each_link_lands(key, html_pages, page_ids):
    page = html_pages[f"sources/{key}/"]
    card = page.select_one(".source-card").get_text(" ")
    for name in load_library(ROOT).references[key].authors:
        assert name in card, f"{key}: the card does not name {name}"
    for n in range(1, load_library(ROOT).sources[key]["paragraphs"] + 1):
        assert f"para-{n}" in page_ids[f"sources/{key}/"], f"{key}: #para-{n} missing"
    heading = page.find(id="cited-in-this-briefing")
    assert heading is not None
    listing = page.select_one("ul.cited-in")
    assert listing is not None, f"{key} is cited nowhere"
    expected = sum(
        1
        for url, other in html_pages.items()
        for sup in other.select('sup[id^="fnref:cite-"]')
        if any(resolve(url, a["href"])[0] == f"sources/{key}/"
               for a in page_ids[url][sup.a["href"].lstrip("#")].select("a.note__precis-link"))
    )
    links = listing.select("li a[href*='#fnref:cite-']")
    # Each locator once per section: at most one link per citation, and a link for every cited locator.
    assert 0 < len({link["href"] for link in links}) <= expected
    for item in listing.select("li"):
        assert "?:" not in item.get_text(), f"{key}: {item.get_text()[:80]}"
        for section in item.get_text().split("; "):
            shown = re.findall(r"paras?\. [\d–, ]+\d", section)
            assert len(shown) == len(set(shown)), f"{key}: a locator repeated in {section[:80]}"
            firsts = [int(re.search(r"\d+", text)[0]) for text in shown]
            assert firsts == sorted(firsts), f"{key}: locators out of order in {section[:80]}"
    for link in links:
        target_url, fragment = resolve(f"sources/{key}/", link["href"])
        target = page_ids[target_url].get(fragment)
        assert target is not None and target.name == "sup", f"{key}: backlink {link['href']} does not land on a marker"
        note = page_ids[target_url][target.a["href"].lstrip("#")]
        assert any(resolve(target_url, a["href"])[0] == f"sources/{key}/" for a in note.select("a.note__precis-link"))


def test_bibliography_lists_every_work_in_author_date_style_linked_to_its_page(html_pages):
    library = load_library(ROOT)
    page = html_pages["bibliography/"]
    for key, ref in library.references.items():
        entry = page.find(id=key)
        assert entry is not None, f"{key} missing from the bibliography"
        year = ref.fields["year"]
        names = re.split(r" and | et al\.", ref.label.rsplit(" ", 1)[0])  # 'Ahmed and Yousaf': each surname
        assert all(name.strip() in entry.get_text() for name in names) and year in entry.get_text(), key
        if key in library.sources:
            target_url, _ = resolve("bibliography/", entry.find("a", string="Annotated source page")["href"])
            assert target_url == f"sources/{key}/"
        if ref.url:
            assert entry.find("a", href=ref.url) is not None, f"{key}: the original's address is not linked"


def test_no_page_loads_anything_from_another_host(html_pages):
    for url, page in html_pages.items():
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute, "")
                if tag == "link" and "stylesheet" not in element.get("rel", []) and "preconnect" not in element.get("rel", []):
                    continue
                assert not urlparse(value).netloc, f"{url}: <{tag}> loads {value}"
        assert "fonts.googleapis" not in str(page) and "fonts.gstatic" not in str(page)


def test_every_internal_link_of_the_built_site_leads_to_a_page_and_anchor(built_site, html_pages, page_ids):
    """MkDocs checks Markdown links; this also covers raw HTML and the generated lists and tables."""
    broken = []
    for url, page in html_pages.items():
        for link in page.select("article a[href]"):
            href = link["href"]
            if urlparse(href).scheme or href.startswith("mailto:") or urlparse(href).path.endswith(".pdf"):
                continue  # the PDFs are written by the PDF step after the build (tests/test_pdf.py reads them)
            target_url, fragment = resolve(url, href)
            target = built_site / target_url
            if target_url and not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{url}: {href}")
            elif fragment and target_url in html_pages and fragment not in page_ids[target_url]:
                broken.append(f"{url}: {href} (no such anchor)")
            elif fragment and not target_url and fragment not in page_ids[url]:
                broken.append(f"{url}: {href} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_no_citation_marker_is_left_unconverted(html_pages):
    for url, page in html_pages.items():
        body = page.select_one("article")
        for code in body.select("code"):
            code.decompose()
        assert "[@" not in body.get_text(), f"{url}: a marker was left as text"


def test_the_same_paragraphs_cited_again_call_the_same_note(html_pages, page_ids):
    """No two notes of a page say the same: a citation repeated calls the note it had, which leads back
    to each of its calls."""
    repeated = 0
    for url, page in html_pages.items():
        notes = [" ".join(note.get_text(" ").split()) for note in page.select('li[id^="fn:cite-"]')]
        assert len(notes) == len(set(notes)), f"/{url}: two notes alike"
        for sup in page.select('sup[id^="fnref:cite-"]'):
            note = page_ids[url][sup.a["href"].lstrip("#")]
            assert note.select_one(f'a.footnote-backref[href="#{sup["id"]}"]'), f"/{url}: {sup['id']} has no way back"
            repeated += sup["id"].count("-") > 1
    assert repeated, "no citation is repeated anywhere: the test reads nothing"
