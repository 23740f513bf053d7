"""The built book for reference managers and shared links, and its typography as a reader sees it."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlparse

import pytest
from pybtex.database import parse_string

from macros.library import load_library
from conftest import ROOT

LIBRARY = load_library(ROOT)


def resolve(page_url: str, href: str) -> str:
    return urlparse(urljoin("http://book/" + page_url, href)).path.lstrip("/")


def test_every_work_is_downloadable_in_three_formats_from_the_same_data(built_site):
    folder = built_site / "downloads"
    items = json.loads((folder / "bibliography.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in items} == set(LIBRARY.references)
    ris = (folder / "bibliography.ris").read_text(encoding="utf-8")
    assert ris.count("ER  - ") == len(LIBRARY.references)
    assert set(parse_string((folder / "bibliography.bib").read_text(encoding="utf-8"), "bibtex").entries) == set(LIBRARY.references)
    for key in LIBRARY.references:
        record = (folder / f"{key}.ris").read_text(encoding="utf-8")
        assert f"ID  - {key}\n" in record and record.startswith("TY  - ") and "'" not in record, record
        assert set(parse_string((folder / f"{key}.bib").read_text(encoding="utf-8"), "bibtex").entries) == {key}
        assert [item["id"] for item in json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))] == [key]


@pytest.mark.parametrize("key", sorted(LIBRARY.sources))
def test_a_source_page_carries_citation_metadata_and_its_downloads(key, html_pages, built_site):
    url = f"sources/{key}/"
    page, ref = html_pages[url], LIBRARY.references[key]
    meta = {}
    for tag in page.select("meta[name^=citation_]"):
        meta.setdefault(tag["name"], []).append(tag["content"])
    assert meta["citation_title"][0].split(":")[0] in ref.fields["title"].replace("{", "").replace("}", "").replace("'", "’")
    assert meta["citation_author"] == list(ref.authors)
    assert meta["citation_publication_date"][0].replace("/", "-") == ref.fields.get("date", ref.fields.get("year"))
    assert "citation_journal_title" in meta or "citation_technical_report_institution" in meta, meta
    links = page.select(".source-card a[download]")
    assert {link.get_text() for link in links} == {"BibTeX", "RIS", "CSL-JSON"}
    for link in links:
        assert (built_site / resolve(url, link["href"])).is_file(), link["href"]


def test_every_page_has_an_open_graph_title_and_description_and_the_books_favicon(html_pages):
    for url, page in html_pages.items():
        assert page.select_one('meta[property="og:title"]')["content"], url
        assert len(page.select_one('meta[property="og:description"]')["content"]) > 40, url
        icon = page.select_one('link[rel="icon"]')["href"]
        assert icon.endswith("favicon.svg"), f"/{url}: {icon}"


def test_the_bibliography_links_its_downloads(html_pages, built_site):
    links = html_pages["bibliography/"].select("a[download]")
    assert len(links) == 3
    assert all((built_site / resolve("bibliography/", link["href"])).is_file() for link in links)


def visible_text(page) -> str:
    article = page.select_one("article")
    for hidden in article.select("code, pre, script, style, .note__precis"):
        hidden.decompose()
    return article.get_text(" ")


def test_typography_as_shown(html_pages):
    for url, page in html_pages.items():
        text = visible_text(page)
        straight = re.findall(r".{20}['\"].{20}", text)
        assert not straight, f"/{url}: straight quotes in {straight[:3]}"
        ranges = re.findall(r"paras?\. \d+-\d+", text)
        assert not ranges, f"/{url}: ranges with a hyphen {ranges[:3]}"
        title = page.select_one("title").get_text() + " ".join(tag.get("content", "") for tag in page.select("meta"))
        assert "'" not in title.replace("width=device-width,initial-scale=1", ""), f"/{url}: {title[:200]}"


def test_no_space_before_a_note_call(html_pages):
    for url, page in html_pages.items():
        for sup in page.select('sup[id^="fnref:cite-"]'):
            before = sup.previous_sibling
            assert not (isinstance(before, str) and before[-1:].isspace()), f"/{url}: space before {sup['id']}"


def test_the_front_page_article_names_the_book_once(html_pages):
    page = html_pages[""]
    title = page.select_one("article h1").get_text(strip=True).rstrip("¶")
    assert page.select_one("article").get_text().count(title) == 1


def test_references_are_valid_html(html_pages):
    page = html_pages["bibliography/"]
    for entry in page.select(".bib-entry"):
        source = str(entry)
        assert source.count("<span") == source.count("</span>"), entry.get_text()[:80]
