"""The PDF step reads nothing but the built pages it prints: no file elsewhere, no network, no attachment.

Whatever engine typesets the book, a page that names a file outside the site or a web address
must not make the PDF read, fetch or embed it: the PDF is written without it, or the step
refuses and names the page. A server on this machine counts the requests; a file beside the
site holds a marker and an image that must not reach the PDF.
"""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.pdf


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A valid one-pixel PNG: an engine that reached it could draw it.
PIXEL = (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
         + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + _png_chunk(b"IEND", b""))
MARKER = "MARKER-7c1e-NOT-FOR-PRINT"

PAGE = """<!doctype html><html lang="en"><body><article class="md-content__inner">
<h1 id="inputs">Inputs</h1>{body}</article></body></html>"""


def hostile_body(outside: Path, server: str) -> str:
    """Every way an HTML page names a file or an address, each pointing outside the site."""
    return "".join([
        "<p>Before the hostile references.</p>",
        f'<p><img src="{(outside / "secret.png").as_uri()}" alt=""></p>',
        '<p><img src="file:///etc/passwd"></p>',
        '<p><img src="../secret.png"></p>',
        f'<p><img src="{server}/image.png"></p>',
        f'<p><img srcset="{server}/set.png 2x"></p>',
        f'<p style="background: url({server}/background.png)">Styled.</p>',
        f'<style>@import "{server}/import.css"; p {{ background: url({(outside / "secret.png").as_uri()}) }}</style>',
        f'<link rel="stylesheet" href="{server}/sheet.css">',
        f'<object data="{(outside / "secret.txt").as_uri()}"></object>',
        f'<iframe src="{(outside / "secret.txt").as_uri()}"></iframe>',
        f'<embed src="{server}/embed.pdf">',
        f'<svg><image href="{(outside / "secret.png").as_uri()}"/></svg>',
        f'<p><a rel="attachment" href="{(outside / "secret.txt").as_uri()}">attached</a></p>',
        f'<p><a href="{(outside / "secret.txt").as_uri()}">a file link</a></p>',
        '<p>#read("/etc/hostname") #image("/etc/passwd") $x$ &lt;b&gt;</p>',  # text, never code
        "<p>After the hostile references.</p>",
    ])


def hostile_site(tmp_path: Path, server: str) -> Path:
    """A built site of one printed page that names files outside it and addresses on a local server."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PIXEL)
    (outside / "secret.txt").write_text(MARKER, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "secret.png").write_bytes(PIXEL)  # what ../secret.png would reach from the site
    (site / "print-manifest.json").write_text(json.dumps({
        "version": 1, "meta": {"site_name": "Test book: inputs", "source_months": ["2021-08"]},
        "parts": [{"title": "Key judgments", "chapters": [{"url": "", "nav_title": None}]}]}), encoding="utf-8")
    (site / "index.html").write_text(PAGE.format(body=hostile_body(outside, server)), encoding="utf-8")
    return site


@pytest.fixture
def server():
    """A web server on this machine that answers every request and records its path."""
    requests: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PIXEL)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


def images_and_attachments(reader: PdfReader) -> list[str]:
    """Every image drawn and every file embedded or attached in the PDF, by what it is."""
    found = []
    for number, page in enumerate(reader.pages, 1):
        objects = page.get("/Resources", {}).get("/XObject", {})
        found += [f"page {number}: image {name}" for name, item in objects.items()
                  if item.get_object().get("/Subtype") == "/Image"]
        found += [f"page {number}: attachment" for annotation in page.get("/Annots", []) or []
                  if annotation.get_object().get("/Subtype") == "/FileAttachment"]
    if "/EmbeddedFiles" in reader.trailer["/Root"].get("/Names", {}):
        found.append("embedded files")
    return found


def test_a_page_naming_files_and_addresses_makes_the_pdf_read_and_fetch_nothing(tmp_path, server):
    address, requests = server
    site = hostile_site(tmp_path, address)
    out = tmp_path / "out" / "book.pdf"
    result = subprocess.run([sys.executable, "-m", "macros.pdf", str(site), str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert requests == [], f"the PDF step fetched {requests}"
    if result.returncode != 0:  # refusing is as good, if it says which page and writes nothing
        assert "Traceback" not in result.stderr and not out.exists(), result.stderr
        assert "index" in result.stderr or "front page" in result.stderr, result.stderr
        return
    reader = PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Before the hostile references" in text and "After the hostile references" in text
    assert MARKER not in text and "root:" not in text
    assert "#read(“/etc/hostname”)" in text  # printed as the page's text (quotes made typographic), not run
    assert images_and_attachments(reader) == []


def test_the_check_can_fail_an_image_drawn_is_found(tmp_path):
    """images_and_attachments sees an image when there is one: the test above can fail."""
    from macros.pdf.render import Metadata, typeset
    from macros.pdf.papers import PAPERS
    from datetime import date

    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "pixel.png").write_bytes(PIXEL)
    out = tmp_path / "with-image.pdf"
    typeset('#set document(title: "t")\n#image("pixel.png", width: 1cm, alt: "a pixel")', Metadata("t", "a", "d", "en", date(2022, 5, 1)),
            [(PAPERS[0], out)], tmp_path / "root")
    assert images_and_attachments(PdfReader(out)) != []


def test_typst_reads_nothing_outside_its_empty_root(tmp_path):
    """The PDF step's engine is given an empty folder as its root: a file elsewhere cannot be read."""
    from macros.pdf.render import Metadata, TypesetError, typeset
    from macros.pdf.papers import PAPERS
    from datetime import date

    (tmp_path / "outside.txt").write_text(MARKER, encoding="utf-8")
    (tmp_path / "root").mkdir()
    meta = Metadata("t", "a", "d", "en", date(2022, 5, 1))
    titled = '#set document(title: "t")\n'  # else PDF/UA's missing title would be the error
    typeset(titled + "Text.", meta, [(PAPERS[0], tmp_path / "sound.pdf")], tmp_path / "root")  # the markup is sound
    for call in ['#read("../outside.txt")', f'#read("{tmp_path / "outside.txt"}")', '#read("/etc/hostname")',
                 '#image("/etc/passwd")']:
        with pytest.raises(TypesetError, match="not found|escape the project root") as refused:
            typeset(titled + call, meta, [(PAPERS[0], tmp_path / "out.pdf")], tmp_path / "root")
        assert MARKER not in str(refused.value)
        assert not (tmp_path / "out.pdf").exists()


def test_a_pdf_whose_pages_cannot_be_given_the_paper_is_refused_not_written_on_the_wrong_paper(tmp_path, monkeypatch):
    """Each paper's page boxes are set by extending Typst's cross-reference table: a PDF that ends in
    anything else (a stream, as another Typst version might write, or damage) stops the step."""
    import typst
    from macros.pdf.render import Metadata, TypesetError, typeset
    from macros.pdf.papers import PAPERS
    from datetime import date

    compile_for_real = typst.Compiler.compile

    def ending_in_a_stream(self, *args, **kwargs):  # a sound update whose cross-references are a stream (PDF 1.7, 7.5.8)
        pdf = compile_for_real(self, *args, **kwargs)
        reader = PdfReader(io.BytesIO(pdf))
        size, root = reader.trailer["/Size"], reader.trailer.raw_get("/Root").idnum
        previous = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
        at = len(pdf) + 1
        entry = bytes([1]) + at.to_bytes(4, "big") + bytes(2)
        stream = (f"{size} 0 obj\n<< /Type /XRef /Size {size + 1} /W [1 4 2] /Index [{size} 1] /Prev {previous} "
                  f"/Root {root} 0 R /Length {len(entry)} >>\nstream\n").encode() + entry + b"\nendstream\nendobj\n"
        return pdf + b"\n" + stream + f"startxref\n{at}\n%%EOF\n".encode()

    monkeypatch.setattr(typst.Compiler, "compile", ending_in_a_stream)
    (tmp_path / "root").mkdir()
    targets = [(paper, tmp_path / f"out{paper.suffix}.pdf") for paper in PAPERS]
    with pytest.raises(TypesetError, match="not a table"):
        typeset('#set document(title: "t")\nText.', Metadata("t", "a", "d", "en", date(2022, 5, 1)), targets,
                tmp_path / "root")
    assert not any(path.exists() for _, path in targets)
