"""The built book in a real browser (Debian's Chromium): behaviour, keyboard, search, citations, schemes,
widths, print, the offline copy. What every page does on load is in test_every_page.py.

The public site is served by a local static server; the offline copy is opened from files."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser_support import (
    DESKTOP, PHONE, ROOT, axe_source, no_abbreviations_yet, pages_with_abbreviations, watch,
)

pytestmark = pytest.mark.browser


# --- Fixtures (the browser, the server, the offline copy: conftest.py) ------------------------------

@pytest.fixture(scope="module")
def desktop_context(browser, server):
    """One browser context at desktop width for the tests of this file, as a reader's browser: what
    it has fetched stays cached from test to test (a new context per test costs most of a test's time)."""
    context = browser.new_context(viewport=DESKTOP)
    found = watch(context, {server.host})
    yield context, found
    context.close()


@pytest.fixture
def desktop(desktop_context):
    """A new page at desktop width whose every request is watched; yields (page, watch), the watch
    cleared first. A test that changes what the browser keeps (the scheme) takes a context of its own."""
    context, found = desktop_context
    found.clear()
    page = context.new_page()
    yield page, found
    page.close()


# --- Helpers -----------------------------------------------------------------------------------------

def tab_to(page, target, limit: int = 800) -> int:
    """Presses Tab until the element (a locator or a handle) has the focus; the number of presses."""
    handle = target.element_handle() if hasattr(target, "element_handle") else target
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if handle.evaluate("element => element === document.activeElement"):
            return presses
    raise AssertionError(f"Tab never reached {target} in {limit} presses")


def tab_to_match(page, selector: str, limit: int = 100) -> int:
    """Presses Tab until the focused element matches the CSS selector; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return presses
    raise AssertionError(f"Tab never reached {selector} in {limit} presses")


def in_view(page, element_id: str) -> bool:
    """Whether the element is on screen and not under the sticky header."""
    return page.evaluate("""id => {
        const element = document.getElementById(id);
        if (!element) return false;
        const box = element.getBoundingClientRect();
        const header = document.querySelector('.md-header');
        const top = header ? header.getBoundingClientRect().bottom : 0;
        return box.height > 0 && box.top >= top - 1 && box.top < window.innerHeight;
    }""", element_id)


def tooltip_text(page, host) -> str:
    """The text of the Material tooltip the host (a handle) points to through aria-describedby or
    aria-controls, once shown. A handle, not a locator: Material moves an abbreviation's title into
    the tooltip, so a locator by [title] would find another element by then."""
    shown = page.wait_for_function("""host => {
        const id = host.getAttribute('aria-describedby') || host.getAttribute('aria-controls');
        const tip = id && document.getElementById(id);
        const shown = tip && tip.classList.contains('md-tooltip2--active') && tip.checkVisibility();
        return shown ? tip.innerText : false;
    }""", arg=host, timeout=5000)
    return shown.json_value()


def search_results(page, query: str, by_keyboard: bool = False) -> list[str]:
    """The pages Material's search lists for the query, best first (absolute URLs, no query string)."""
    if by_keyboard:
        page.locator("body").press("/")  # Material's shortcut opens search with the focus in the field
        page.keyboard.type(query)
    else:
        page.locator("input.md-search__input").click()
        page.keyboard.type(query)  # Material reads the query on key presses
    # Results come at every key press: wait for those of the whole query (Material highlights its terms
    # through ?h=), or for Material's word that nothing matched.
    page.wait_for_function("""query => {
        const meta = document.querySelector('.md-search-result__meta');
        const links = Array.from(document.querySelectorAll('.md-search-result__item a'));
        const words = query.toLowerCase().split(/[\\s-]+/);  // search splits words at hyphens too
        return links.some(a => {
                const terms = (new URL(a.href).searchParams.get('h') || '').split(' ');
                return words.every(word => terms.includes(word));
            })
            || (meta && /no matching/i.test(meta.textContent) && document.querySelector('.md-search__input').value === query);
    }""", arg=query, timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    pages = [urlsplit(link)._replace(query="", fragment="").geturl() for link in links]
    return list(dict.fromkeys(pages))


def first_citation(html_pages) -> dict:
    """The first citation on a theme page whose note links to a précis, with where each link leads."""
    for url in sorted(u for u in html_pages if u.startswith("themes/")):
        soup = html_pages[url]
        for sup in soup.select('sup[id^="fnref:cite-"]'):
            note = soup.find(id=sup.a["href"].lstrip("#"))
            precis = note.select_one("a.note__precis-link") if note else None
            if precis is None:
                continue
            target = urlsplit(urljoin(f"http://book/{url}", precis["href"]))
            return {"page": url, "ref_id": sup["id"], "note_id": note["id"],
                    "reference": precis.find_parent("p").find("strong").get_text(strip=True),
                    "precis": precis.find_parent("p").select_one(".note__precis").get_text().lstrip(": "),
                    "source_page": target.path.lstrip("/"), "paragraph": target.fragment}
    pytest.fail("no theme page cites a source with a link to its précis")


# --- Loading, privacy --------------------------------------------------------------------------------

def test_the_watch_catches_errors_and_other_hosts(desktop, server):
    """The checks below cannot pass by looking away: each kind of problem is seen and refused."""
    page, found = desktop
    page.goto(server.base, wait_until="load")
    page.evaluate("""() => {
        console.error('deliberate');
        setTimeout(() => { throw new Error('deliberate uncaught'); });
        const script = document.createElement('script');
        script.src = 'http://cdn.example.invalid/tracker.js';
        document.head.append(script);
        fetch('missing-file.json').catch(() => {});
    }""")
    page.wait_for_function("() => true")  # one more round trip: the events above have been delivered
    page.wait_for_load_state("networkidle")
    assert any("deliberate" in text for text in found.console_errors)
    assert any("deliberate uncaught" in text for text in found.page_errors)
    assert found.foreign_requests == ["http://cdn.example.invalid/tracker.js"]
    assert any("missing-file.json" in text for text in found.failed_requests)


# --- Offline copy ------------------------------------------------------------------------------------

def test_the_offline_copy_leaves_the_public_addresses_alone(built_site, offline_site):
    assert (built_site / "sources" / "kugelman2021" / "index.html").is_file(), "public address sources/<key>/ lost"
    assert not (built_site / "sources" / "kugelman2021.html").exists()
    assert (offline_site / "sources" / "kugelman2021.html").is_file()
    assert (offline_site / "search" / "search_index.js").is_file(), "no inlined index: search cannot run from files"
    public = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert not public.select('script[src*="iframe-worker"]'), "the public site loads the file:// shim"


def test_the_offline_copy_loads_nothing_from_elsewhere(offline_site):
    for path in sorted(offline_site.rglob("*.html")):
        if path.name == "404.html":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for element in soup.select("script[src], link[href][rel~=stylesheet], link[href][rel~=icon], img[src]"):
            address = element.get("src") or element.get("href")
            assert not urlsplit(address).scheme, f"{path.relative_to(offline_site)} loads {address}"
        assert soup.select('script[src$="iframe-worker/shim.js"]'), f"{path.name}: no file:// shim for search"


def test_the_offline_shim_is_the_locked_npm_package():
    installed = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if not installed.is_file():
        axe_source()  # runs `npm ci` when node_modules/ is missing
    copied = (ROOT / "docs" / "assets" / "javascripts" / "iframe-worker" / "shim.js").read_text(encoding="utf-8")
    assert copied.endswith(installed.read_text(encoding="utf-8")), "the copied shim differs from the locked package"


def test_every_offline_link_leads_to_a_file(offline_site):
    """Opened from files there is no server to turn sources/key/ into sources/key/index.html."""
    broken = defaultdict(set)
    for path in sorted(offline_site.rglob("*.html")):
        if path.name == "404.html":  # absolute addresses for the public host: not part of the copy
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for element in soup.select("a[href], link[href], script[src], img[src]"):
            address = element.get("href") or element.get("src")
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not parts.path or parts.path.endswith(".pdf"):
                continue  # the PDFs are made after the site (make pdf copies them into the offline copy)
            if not (path.parent / parts.path).resolve().is_file():
                broken[path.relative_to(offline_site).as_posix()].add(parts.path)
    assert not broken, "\n".join(f"{page}: {', '.join(sorted(targets))}" for page, targets in broken.items())


def test_search_works_from_files(browser, offline_site):
    context = browser.new_context(viewport=DESKTOP)
    found = watch(context, {""})
    page = context.new_page()
    page.goto((offline_site / "sources" / "kugelman2021.html").as_uri())
    results = search_results(page, "Pashtunistan")
    expected = (offline_site / "themes" / "durand-line.html").as_uri()
    assert expected in results, results
    page.locator(f'.md-search-result__item a.md-search-result__link[href^="{expected}"]').first.click()
    page.wait_for_url(f"{expected}*")
    assert not found.problems(), found.problems()
    context.close()


# --- Search ------------------------------------------------------------------------------------------

def actor_search_target(html_pages) -> tuple[str, str]:
    """Noor Wali Mehsud, expected on the actors page once it lists him, else on any page naming him."""
    name = "Noor Wali Mehsud"
    actors = html_pages.get("actors/")
    if actors is not None and any(name in entry.get_text() for entry in actors.select(".actor")):
        return name, "actors/"
    naming = [url for url, soup in sorted(html_pages.items()) if name in soup.get_text()]
    assert naming, f"no page names {name}"
    return name, naming[0]


@pytest.mark.parametrize("query, expected", [
    pytest.param("Kugelman", "sources/kugelman2021/", id="source by surname"),
    pytest.param("Pashtunistan", "themes/durand-line/", id="theme by a term"),
    pytest.param("strategic depth", "themes/india-rationale/", id="theme by a phrase"),
    pytest.param(None, None, id="actor by name"),  # see actor_search_target
])
def test_search_finds(desktop, server, html_pages, query, expected):
    if expected is None:
        query, expected = actor_search_target(html_pages)
    page, found = desktop
    page.goto(server.base + "sources/", wait_until="networkidle")
    results = search_results(page, query)
    assert server.base + expected in results[:5], f"{query!r} -> {results[:5]}"
    assert not found.problems(), found.problems()


def search_hits(page, query: str) -> list[str]:
    """Every address the search lists for the query, sections included (fragments kept)."""
    search_results(page, query)
    return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


def test_search_finds_a_term_an_actor_and_an_event_as_its_own_result(desktop, server, html_pages):
    from macros.library import load_library

    data = load_library(ROOT).data
    term = next((entry["term"] for entry in data["glossary"] if "-" in entry["term"]), data["glossary"][0]["term"])
    actor = data["actors"][0]
    page, found = desktop
    for query, expected in ((term, "glossary/#term-"), (actor["name"], f"actors/#{actor['id']}")):
        page.goto(server.base + "sources/", wait_until="networkidle")
        hits = search_hits(page, query)
        assert any(hit.replace(urlsplit(hit).query and "?" + urlsplit(hit).query, "").startswith(server.base + expected)
                   for hit in hits[:8]), f"{query!r} -> {hits[:8]}"
    # An event found by a word of its own, as a section of the timeline.
    event_heading = html_pages["timeline/"].select_one(".event__date[id]")
    page.goto(server.base + "sources/", wait_until="networkidle")
    hits = search_hits(page, event_heading.get_text(strip=True).rstrip("¶"))
    assert any("/timeline/" in hit and "#event-" in hit for hit in hits), hits[:8]
    assert not found.problems(), found.problems()


def test_search_highlights_only_the_term_searched(desktop, server):
    from macros.library import load_library

    term = next((entry["term"] for entry in load_library(ROOT).data["glossary"] if "-" in entry["term"]), None)
    if term is None:
        pytest.skip("no glossary term with a hyphen")
    page, _ = desktop
    page.goto(server.base + "sources/", wait_until="networkidle")
    hits = [hit for hit in search_hits(page, term) if "/glossary/" in hit and "#term-" in hit]
    assert hits, f"{term!r} does not find the glossary"
    # The address search gives, with the terms it matched (split at hyphens) for Material to highlight.
    page.goto(hits[0], wait_until="networkidle")
    page.wait_for_timeout(500)  # Material highlights once the search index is loaded; reading.js tidies
    marks = page.eval_on_selector_all("article mark", "marks => marks.map(mark => mark.textContent)")
    words = set(term.lower().split())
    assert marks and all(mark.lower() in words for mark in marks), marks[:10]
    assert any("-" in mark for mark in marks), f"{term!r} is not highlighted whole: {marks[:10]}"


def test_search_by_keyboard_alone(desktop, server):
    page, found = desktop
    page.goto(server.base + "themes/durand-line/", wait_until="networkidle")
    results = search_results(page, "Kugelman", by_keyboard=True)
    assert results, "no results"
    page.keyboard.press("ArrowDown")  # into the results
    focused = page.evaluate("document.activeElement.href || ''")
    assert focused.startswith(results[0]), f"ArrowDown focused {focused!r}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{results[0]}*")
    assert not found.problems(), found.problems()


# --- Citations ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("by", ["hover", "keyboard focus"])
def test_a_citation_shows_its_reference_and_locator(desktop, server, html_pages, by):
    citation = first_citation(html_pages)
    page, _ = desktop
    page.goto(server.base + citation["page"], wait_until="networkidle")
    marker = page.locator(f'[id="{citation["ref_id"]}"] a.footnote-ref').element_handle()
    if by == "hover":
        marker.hover()
    else:
        tab_to(page, marker)
    text = tooltip_text(page, marker)
    assert citation["reference"] in text, f"tooltip lacks {citation['reference']!r}: {text[:200]}"
    precis = " ".join(citation["precis"].split())[:60]
    assert precis in " ".join(text.split()), f"tooltip lacks the précis {precis!r}: {text[:200]}"
    note = page.locator(f'[id="{citation["note_id"]}"]')
    assert note.locator("a.note__precis-link").first.is_visible(), "the note does not show its short reference"
    assert not note.locator(".note__precis").first.is_visible(), "the précis is shown in the list of notes"


@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_a_citation_leads_to_the_paragraph_and_back(desktop, server, html_pages, by):
    citation = first_citation(html_pages)
    page, found = desktop

    def follow(locator):
        if by == "mouse":
            locator.click()
        else:
            tab_to(page, locator)
            page.keyboard.press("Enter")

    page.goto(server.base + citation["page"], wait_until="networkidle")
    follow(page.locator(f'[id="{citation["ref_id"]}"] a.footnote-ref'))
    page.wait_for_url(f"**#{citation['note_id']}")
    page.wait_for_function("id => location.hash === '#' + id", arg=citation["note_id"])
    assert in_view(page, citation["note_id"]), "the note is not in view"

    follow(page.locator(f'[id="{citation["note_id"]}"] a.note__precis-link').first)
    page.wait_for_url(f"{server.base}{citation['source_page']}#{citation['paragraph']}")
    assert in_view(page, citation["paragraph"]), f"{citation['paragraph']} is not scrolled into view"

    back = f"{server.base}{citation['page']}#{citation['ref_id']}"
    backlinks = page.locator("ul.cited-in a")
    index = backlinks.evaluate_all("(links, href) => links.findIndex(a => a.href === href)", back)
    assert index >= 0, f"'Cited in this briefing' has no link back to {back}"
    follow(backlinks.nth(index))
    page.wait_for_url(back)
    assert in_view(page, citation["ref_id"]), "the citing passage is not in view"
    assert not found.problems(), found.problems()


def theme_pages(html_pages) -> list[str]:
    return sorted(url for url in html_pages if url.startswith("themes/") and url != "themes/")


def test_notes_take_at_most_thirty_percent_of_a_theme_page(desktop, server, html_pages):
    page, _ = desktop
    for url in theme_pages(html_pages):
        page.goto(server.base + url, wait_until="load")
        share = page.evaluate("""() => document.querySelector('.footnote').getBoundingClientRect().height
                                 / document.documentElement.scrollHeight""")
        assert 0 < share <= 0.30, f"/{url}: notes are {share:.0%} of the page"


def annotated_target(html_pages) -> tuple[str, str]:
    """A source page and the id of a note's call inside a key passage's annotation ("Why it matters")."""
    for url in sorted(u for u in html_pages if u.startswith("sources/")):
        for sup in html_pages[url].select('.annotate + ol sup[id^="fnref:cite-"]'):
            return url, sup["id"]
    pytest.skip("no key passage's annotation cites anything")


def test_a_link_into_an_annotation_lands_on_load(browser, server, html_pages):
    url, target = annotated_target(html_pages)
    context = browser.new_context(viewport=DESKTOP)
    found = watch(context, {server.host})
    page = context.new_page()
    page.goto(f"{server.base}{url}#{target}", wait_until="networkidle")
    page.wait_for_function("id => document.getElementById(id)?.checkVisibility()", arg=target, timeout=5000)
    box = page.evaluate("id => document.getElementById(id).getBoundingClientRect().toJSON()", target)
    assert 0 <= box["top"] < DESKTOP["height"], f"#{target} is not in view: {box}"
    assert not found.problems(), found.problems()
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_tables_fit_without_sideways_scrolling(browser, server, html_pages, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    source = next(url for url in sorted(html_pages) if url.startswith("sources/") and html_pages[url].select(".source-card"))
    for url in ("sources/", source):
        page.goto(server.base + url, wait_until="load")
        wide = page.evaluate("""() => [document.documentElement, ...document.querySelectorAll(
                '.md-content table, .md-content .md-typeset__scrollwrap, .md-content .md-typeset__table')]
            .filter(element => element.scrollWidth > element.clientWidth + 1)
            .map(element => element.className || element.tagName)""")
        assert not wide, f"/{url} at {width} px scrolls sideways: {wide}"
    context.close()


def test_no_abbreviation_underline_in_headings_or_links_and_key_judgments_at_body_size(desktop, server, html_pages):
    page, _ = desktop
    url = next((u for u in theme_pages(html_pages) if html_pages[u].select("h1 abbr")), None)
    if url is None:
        pytest.skip("no heading holds an abbreviation")
    page.goto(server.base + url, wait_until="load")
    underlined = page.evaluate("""() => [...document.querySelectorAll('.md-typeset :is(h1, h2, h3, a) abbr')]
        .filter(abbr => { const style = getComputedStyle(abbr);
            return style.textDecorationLine !== 'none' || parseFloat(style.borderBottomWidth) > 0; }).length""")
    assert underlined == 0
    page.goto(server.base, wait_until="load")
    sizes = page.evaluate("""() => [getComputedStyle(document.querySelector('.admonition.abstract li, .admonition.abstract p:not(.admonition-title)')).fontSize,
                                    getComputedStyle(document.querySelector('article > p')).fontSize]""")
    assert sizes[0] == sizes[1], f"key judgments {sizes[0]}, body {sizes[1]}"


def test_theme_tags_show_as_chips_without_the_comma_that_reads_between_them(desktop, server, html_pages):
    page, _ = desktop
    url = next((u for u, html in html_pages.items() if html.select(".tag-separator")), None)
    assert url is not None, "no two theme tags side by side anywhere in the book"
    page.goto(server.base + url, wait_until="load")
    shown = page.evaluate("""() => [...document.querySelectorAll('.md-typeset .tag-separator')]
        .filter(separator => { const box = separator.getBoundingClientRect(); return box.width > 1 || box.height > 1; })
        .length""")
    assert shown == 0


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_front_page_shows_the_title_once(browser, server, html_pages, viewport):
    title = html_pages[""].select_one("article h1").get_text(strip=True).rstrip("¶")
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(server.base, wait_until="load")
    shown = page.evaluate("""title => [...document.querySelectorAll('.md-header__topic, .md-nav__title, h1')]
        .filter(element => element.textContent.trim().startsWith(title)
                && element.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})).length""", title)
    context.close()
    assert shown == 1, f"the title is shown {shown} times"


# --- Abbreviations -----------------------------------------------------------------------------------

def open_a_page_with_abbreviations(desktop, server, html_pages):
    no_abbreviations_yet(html_pages)
    page, _ = desktop
    page.goto(server.base + pages_with_abbreviations(html_pages)[0], wait_until="networkidle")
    return page


def test_an_abbreviation_explains_itself_on_hover(desktop, server, html_pages):
    page = open_a_page_with_abbreviations(desktop, server, html_pages)
    # A later one, out of the tab order, in the text (in the notes the browser's own title tooltip serves)
    abbreviation = page.locator(".md-content .md-typeset abbr[title]:not([tabindex]):not(.footnote abbr)").first.element_handle()
    meaning = abbreviation.get_attribute("title")
    abbreviation.hover()
    assert tooltip_text(page, abbreviation).strip() == meaning


def test_an_abbreviation_explains_itself_on_keyboard_focus(desktop, server, html_pages):
    page = open_a_page_with_abbreviations(desktop, server, html_pages)
    abbreviation = page.locator('.md-content .md-typeset abbr[title][tabindex="0"]').first.element_handle()
    meaning = abbreviation.get_attribute("title")
    tab_to(page, abbreviation)
    assert tooltip_text(page, abbreviation).strip() == meaning


# --- Schemes, widths ---------------------------------------------------------------------------------

@pytest.mark.parametrize("preference, scheme", [("light", "default"), ("dark", "slate")])
def test_the_colour_scheme_follows_the_reader(browser, server, preference, scheme):
    context = browser.new_context(viewport=DESKTOP, color_scheme=preference)
    page = context.new_page()
    page.goto(server.base, wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
    context.close()


def test_the_colour_scheme_toggles_by_keyboard(browser, server):
    context = browser.new_context(viewport=DESKTOP)  # the choice is kept in the browser: not the shared context
    page = context.new_page()
    page.goto(server.base, wait_until="networkidle")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    tab_to_match(page, "input.md-option")
    page.keyboard.press("Enter")  # Material's palette: Enter selects the next scheme
    page.wait_for_function("before => document.body.getAttribute('data-md-color-scheme') !== before", arg=before)
    after = page.locator("body").get_attribute("data-md-color-scheme")
    context.close()
    assert {before, after} == {"default", "slate"}


@pytest.mark.parametrize("by", ["touch", "keyboard"])
def test_navigation_at_phone_width(browser, server, by):
    context = browser.new_context(viewport=PHONE, has_touch=(by == "touch"))
    found = watch(context, {server.host})
    page = context.new_page()
    page.goto(server.base, wait_until="networkidle")
    drawer = page.locator(".md-sidebar--primary")
    section = page.locator(".md-nav--primary label.md-nav__link", has_text="Themes")
    link = page.locator(".md-nav--primary a.md-nav__link", has_text="Durand Line")
    assert not link.is_visible(), "the navigation shows before the menu is opened"
    menu = page.locator('button.md-header__button[aria-controls="__drawer"]')
    if by == "touch":
        menu.tap()
        section.tap()
        link.tap()
    else:
        tab_to(page, menu, limit=5)
        page.keyboard.press("Enter")
        drawer.locator("a, label").first.wait_for(state="visible")
        tab_to(page, section, limit=20)
        page.keyboard.press("Enter")
        link.wait_for(state="visible")
        tab_to(page, link, limit=10)
        page.keyboard.press("Enter")
    page.wait_for_url(server.base + "themes/durand-line/")
    assert not found.problems(), found.problems()
    context.close()


def test_focus_never_goes_off_screen_in_the_closed_menu(browser, server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server.base + "themes/durand-line/", wait_until="networkidle")
    hidden = []
    for _ in range(30):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => {
            const element = document.activeElement;
            return {inDrawer: !!element.closest('.md-sidebar--primary'), html: element.outerHTML.slice(0, 80)};
        }""")
        if where["inDrawer"]:
            hidden.append(where["html"])
    context.close()
    assert not hidden, "focus went into the closed menu:\n" + "\n".join(hidden)


@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_navigation_at_desktop_width(desktop, server, by):
    page, found = desktop
    page.goto(server.base, wait_until="networkidle")
    link = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Kugelman 2021")
    assert link.is_visible()
    if by == "mouse":
        link.click()
    else:
        tab_to(page, link, limit=60)
        page.keyboard.press("Enter")
    page.wait_for_url(server.base + "sources/kugelman2021/")
    assert not found.problems(), found.problems()


# --- Accessibility -----------------------------------------------------------------------------------

def test_the_search_partial_differs_from_materials_by_the_dialog_name_alone():
    """overrides/partials/search.html copies Material's to name the search dialog: after an upgrade of
    Material the copy must follow, or it would quietly bring back the old partial's markup."""
    import material

    original = Path(material.__file__).parent / "templates" / "partials" / "search.html"
    ours = ROOT / "overrides" / "partials" / "search.html"
    theirs_lines = [line for line in original.read_text(encoding="utf-8").splitlines() if not line.startswith(("{#-", "  This file", "-#}"))]
    ours_lines = ours.read_text(encoding="utf-8").splitlines()[2:]
    changed = [(a, b) for a, b in zip(theirs_lines, ours_lines, strict=False) if a != b]
    assert len(theirs_lines) == len(ours_lines) and len(changed) == 1, changed
    assert 'aria-label="{{ lang.t(\'search\') }}"' in changed[0][1]


# --- Print -------------------------------------------------------------------------------------------

def test_print_shows_the_text_and_notes_without_the_site_chrome(desktop, server):
    page, _ = desktop
    page.goto(server.base + "themes/durand-line/", wait_until="networkidle")
    page.emulate_media(media="print")
    displays = page.evaluate("""() => Object.fromEntries(
        ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-search', '.md-footer'].map(
            selector => [selector, getComputedStyle(document.querySelector(selector)).display]))""")
    assert all(display == "none" for display in displays.values()), displays
    notes = page.locator("div.footnote")
    assert notes.is_visible() and notes.locator("li").first.is_visible(), "the notes do not print"
    assert page.locator("article h1").is_visible()


