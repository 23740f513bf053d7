"""The PDF step reads only the built site: no other file, no network, no attachment; the message names the page."""

from __future__ import annotations

import base64

import pytest

from macros.pdf.papers import PAPERS
from macros.pdf.render import SiteFetcher, allowed_in_print, refusals, render
from macros.pdf.worker import PrintRefused

PIXEL = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")).decode()


def book(body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
            f'<section class="chapter" id="sources-x" data-page="sources/x/"><p>Text.</p>{body}</section></body></html>')


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "pixel.png").write_bytes(base64.b64decode(PIXEL))
    (tmp_path / "secret.txt").write_text("not for the PDF", encoding="utf-8")
    return folder


REFUSED = [
    ('<a rel="attachment" href="file:///etc/passwd">x</a>', "the PDF embeds no attachments"),
    ('<a rel="attachment" href="assets/pixel.png">x</a>', "the PDF embeds no attachments"),
    ('<img src="file:///etc/passwd">', "asks for 'file:///etc/passwd'"),
    ('<img src="../secret.txt">', "asks for '../secret.txt'"),
    ('<img src="http://example.org/x.png">', "asks for 'http://example.org/x.png'"),
    ('<img src="//example.org/x.png">', "asks for '//example.org/x.png'"),
    ('<p style="background: url(https://example.org/x.png)">x</p>', "asks for 'https://example.org/x.png'"),
    ('<style>@import "https://example.org/x.css";</style>', "asks for 'https://example.org/x.css'"),
    ('<link rel="stylesheet" href="ftp://example.org/x.css">', "asks for 'ftp://example.org/x.css'"),
    ('<object data="file:///etc/hostname"></object>', "asks for 'file:///etc/hostname'"),
    ('<svg><image href="file:///etc/passwd"/></svg>', "asks for 'file:///etc/passwd'"),
    ("<div>" * 3000 + '<img src="file:///etc/passwd">' + "</div>" * 3000, "asks for 'file:///etc/passwd'"),
]


@pytest.mark.parametrize("body, expected", REFUSED, ids=[body[:40] for body, _ in REFUSED])
def test_anything_outside_the_site_is_refused_with_the_page(body, expected, site):
    from weasyprint import HTML

    found = refusals(HTML(string=book(body), base_url=str(site)).etree_element, site)
    assert len(found) == 1 and found[0].startswith("sources/x/: ") and expected in found[0], found


def test_the_site_and_data_uris_are_allowed(site):
    from weasyprint import HTML

    body = f'<img src="assets/pixel.png"><img src="data:image/png;base64,{PIXEL}"><a href="https://example.org">web</a>'
    assert refusals(HTML(string=book(body), base_url=str(site)).etree_element, site) == []
    assert allowed_in_print((site / "assets" / "pixel.png").as_uri(), site.resolve())
    assert not allowed_in_print((site.parent / "secret.txt").as_uri(), site.resolve())
    assert not allowed_in_print("file://otherhost" + str(site / "assets" / "pixel.png"), site.resolve())


def test_the_fetcher_itself_refuses_what_the_check_might_miss(site):
    fetcher = SiteFetcher(site)
    assert fetcher.fetch((site / "assets" / "pixel.png").as_uri()).status in (None, 200)
    for url in [(site.parent / "secret.txt").as_uri(), "file:///etc/passwd", "http://127.0.0.1:9/x", "https://example.org/"]:
        with pytest.raises(ValueError, match="reads only the built site"):
            fetcher.fetch(url)


def test_render_stops_before_layout_and_names_the_page(site, tmp_path):
    with pytest.raises(PrintRefused, match="sources/x/: <a rel=\"attachment\" href=\"file:///etc/passwd\">"):
        render(book('<a rel="attachment" href="file:///etc/passwd">x</a>'), site, tmp_path / "out.pdf", PAPERS[:1])
    assert not (tmp_path / "out.pdf").exists()
