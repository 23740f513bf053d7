"""Every page of the built book, loaded once in a real browser (Debian's Chromium): no error and no
request elsewhere, no serious accessibility violation in either scheme, the page's weight, one tab stop
per abbreviation; and every page of the offline copy opened from its file.

Each page is loaded once, in a browser context of its own (nothing cached), and what it did is kept
for the tests below (browser_support.first_visits). Reports (axe findings below serious, page weights)
are printed (pytest -s) and written under pytest's temporary folder."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import (
    DESKTOP, NO_DARK_SWITCH, SEVERE, SLOTS, describe_violation, first_visits, no_abbreviations_yet,
    pages_with_abbreviations, served_pages, serving,
)

pytestmark = pytest.mark.browser

SOURCE_PAGE_BUDGET = 200 * 1024  # bytes, compressed: the page with its scripts, styles, images and fonts
SEARCH_INDEX = "search/search_index.json"


@pytest.fixture(scope="session")
def site_visits(browser, built_site, html_pages, axe):
    """Every page's first load, with the cache off and each slot served by a server of its own: its
    problems, what it weighed, axe's findings in both schemes and its abbreviations' tab stops."""
    with serving(built_site, SLOTS) as servers:
        visits = first_visits(browser, served_pages(html_pages), servers=servers, axe=axe,
                              evaluate={"abbreviation stops": ABBREVIATION_STOPS}, viewport=DESKTOP)
    return {visit.name: visit for visit in visits}


@pytest.fixture(scope="session")
def offline_visits(browser, offline_site):
    """Every page of the offline copy opened from its file, as a reader going from page to page does."""
    paths = [path for path in sorted(offline_site.rglob("*.html")) if path.name != "404.html"]
    return {path.relative_to(offline_site).as_posix(): visit
            for path, visit in zip(paths, first_visits(browser, [path.as_uri() for path in paths], viewport=DESKTOP),
                                   strict=True)}


def page_type(url: str) -> str:
    if url == "":
        return "front page"
    if url.startswith("themes/"):
        return "theme"
    if url.startswith("sources/") and url != "sources/":
        return "source"
    return "reference"


def test_first_visits_give_each_page_its_own_findings(browser, axe, tmp_path):
    """Pages loaded side by side keep their findings apart: an error, a request elsewhere, an image
    without a text alternative and the bytes sent belong to the page that caused them, and the dark
    scheme's poor contrast is found after the switch."""
    body = "<!doctype html><html lang='en'><head><title>{0}</title></head><body><main><h1>{0}</h1>{1}</main></body></html>"
    pages = {"quiet": "<p>Nothing wrong here.</p>",
             "noisy": "<img src='/picture.png'><script>console.error('deliberate');"
                      "fetch('http://cdn.example.invalid/x.js').catch(() => {});</script>",
             "plain": "<p>" + " ".join(str(n * 7919 % 100003) for n in range(3000)) + "</p>",
             # A scheme switch as Material's, and text that only the dark scheme makes hard to read.
             "dim": "<style>[data-md-color-scheme=slate] p {color: #444; background: #333}</style>"
                    "<input class='md-option' type='radio' data-md-color-scheme='slate' aria-label='Dark scheme' "
                    "onchange=\"document.body.setAttribute('data-md-color-scheme', 'slate')\">"
                    "<p>Readable in the light scheme only.</p>"}
    for name, content in pages.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(body.format(name, content), encoding="utf-8")
    (tmp_path / "index.html").write_text(body.format("home", ""), encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with serving(tmp_path, SLOTS) as servers:
        visits = {visit.name: visit for visit in first_visits(browser, [f"{name}/" for name in pages], servers=servers,
                                                               axe=axe)}
    # The test pages have no palette: axe's dark run is reported missing, not skipped.
    assert visits["quiet/"].problems == [NO_DARK_SWITCH] and visits["plain/"].problems == [NO_DARK_SWITCH]
    assert any("deliberate" in problem for problem in visits["noisy/"].problems)
    assert any("cdn.example.invalid" in problem for problem in visits["noisy/"].problems)
    assert {violation["id"] for violation in visits["noisy/"].axe["light"]} >= {"image-alt"}
    assert "image-alt" not in {violation["id"] for violation in visits["quiet/"].axe["light"]}
    assert any(path.endswith("picture.png") for path, _ in visits["noisy/"].sent)
    assert not any(path.endswith("picture.png") for path, _ in visits["quiet/"].sent + visits["plain/"].sent)
    assert sum(size for _, size in visits["plain/"].sent) > sum(size for _, size in visits["quiet/"].sent)
    colour = {scheme: {violation["id"] for violation in found} for scheme, found in visits["dim/"].axe.items()}
    assert not visits["dim/"].problems and "color-contrast" in colour["dark"] - colour["light"]


def test_every_page_loads_with_no_error_and_no_request_elsewhere(site_visits, html_pages):
    assert sorted(site_visits) == served_pages(html_pages)
    problems = [f"/{url}: HTTP {visit.status}" for url, visit in site_visits.items() if visit.status != 200]
    problems += [f"/{url}: {problem}" for url, visit in site_visits.items() for problem in visit.problems]
    assert not problems, "\n".join(problems)


def test_every_offline_page_opens_from_files_with_no_error(offline_visits):
    assert offline_visits, "no page in the offline copy"
    problems = [f"{path}: {problem}" for path, visit in offline_visits.items() for problem in visit.problems]
    assert not problems, "\n".join(problems)


ABBREVIATION_STOPS = """() => {  // per term: its tab stops, and its uses outside a link or control
    const stops = {};
    for (const abbr of document.querySelectorAll('.md-content .md-typeset abbr[title]')) {
        const term = abbr.textContent.trim();
        const inControl = !!abbr.closest('a, button, summary, label');
        stops[term] = stops[term] || {stops: 0, free: 0};
        if (!inControl) stops[term].free += 1;
        if (abbr.tabIndex === 0 && abbr.getAttribute('tabindex') === '0') stops[term].stops += 1;
    }
    return stops;
}"""


def test_each_abbreviation_is_one_tab_stop_per_page(site_visits, html_pages):
    no_abbreviations_yet(html_pages)
    for url in pages_with_abbreviations(html_pages):
        stops = site_visits[url].evaluated["abbreviation stops"]
        assert stops, f"/{url}: the browser found none of the page's abbreviations"
        wrong = {term: count for term, count in stops.items() if count["stops"] != (1 if count["free"] else 0)}
        assert not wrong, f"/{url}: tab stops per abbreviation: {wrong}"


def test_no_serious_accessibility_violation_on_any_page_in_either_scheme(site_visits, html_pages, report_dir):
    assert sorted(site_visits) == served_pages(html_pages)
    severe, minor = [], []
    for url, visit in site_visits.items():
        assert set(visit.axe) == {"light", "dark"}, f"/{url}: axe ran in {sorted(visit.axe)} only"
        for scheme, violations in visit.axe.items():
            for violation in violations:
                where = f"/{url} ({scheme})"
                (severe if violation["impact"] in SEVERE else minor).append(describe_violation(where, violation))
    report = ["axe-core: violations below serious impact (reported, not failed)", *(minor or ["none"]),
              "", "serious or critical", *(severe or ["none"])]
    (report_dir / "accessibility.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n" + "\n".join(report) + f"\n(written to {report_dir / 'accessibility.txt'})")
    assert not severe, "\n".join(severe)


def test_page_weight(site_visits, report_dir):
    """First load of each page, in a fresh browser, as compressed bytes the server sent.

    The search index is one file for the whole site, fetched in the background by the search worker
    and cached after: it is reported apart, and the budget is the page's own weight."""
    rows = []
    for url, visit in site_visits.items():
        assert visit.sent, f"/{url}: the server sent nothing for it"
        by_kind = defaultdict(int)
        for path, size in visit.sent:
            by_kind[resource_kind(path)] += size
        own = sum(size for kind, size in by_kind.items() if kind != "search index")
        rows.append((page_type(url), url, own, by_kind))

    def kb(size: int) -> str:
        return f"{size / 1024:7.1f}"

    kinds = ["html", "css", "js", "image", "font", "other", "search index"]
    lines = ["Page weight on first load, compressed (KB): 'page' is the page with its scripts, styles, images",
             "and fonts (the budget); 'with index' adds the site's search index, fetched once in the background",
             f"{'type':<11} {'page':<26} {'page':>7} {'with index':>10} " + " ".join(f"{k:>7}" for k in kinds)]
    for kind, url, own, by_kind in sorted(rows):
        total = own + by_kind["search index"]
        lines.append(f"{kind:<11} {'/' + url:<26} {kb(own)} {kb(total):>10} "
                     + " ".join(f"{kb(by_kind[k]):>7}" for k in kinds))
    report = "\n".join(lines)
    (report_dir / "page-weight.txt").write_text(report + "\n", encoding="utf-8")
    print("\n" + report + f"\n(written to {report_dir / 'page-weight.txt'})")

    sources = [(url, own) for kind, url, own, _ in rows if kind == "source"]
    assert sources, "no source page measured"
    over = [f"/{url}: {own / 1024:.1f} KB" for url, own in sources if own >= SOURCE_PAGE_BUDGET]
    assert not over, f"source pages over the {SOURCE_PAGE_BUDGET // 1024} KB budget: {over}"


def resource_kind(path: str) -> str:
    if path.endswith(SEARCH_INDEX):
        return "search index"
    suffix = Path(urlsplit(path).path).suffix.lower()
    return {"": "html", ".html": "html", ".css": "css", ".js": "js", ".png": "image", ".svg": "image",
            ".jpg": "image", ".ico": "image", ".woff": "font", ".woff2": "font", ".ttf": "font"}.get(suffix, "other")
