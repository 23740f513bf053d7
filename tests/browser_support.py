"""What the browser tests stand on: a local static server that counts what it sends, the browser, a watch
over every request and error of a page, and axe-core."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Debian's Chromium, headless, as root, on a machine with no network beyond the loopback.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
NO_BROWSER = ("no Chromium found: install Debian's chromium (`make system-packages` does) "
              "or set BRIEFING_CHROMIUM=/path/to/chromium")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def find_chromium() -> str | None:
    """The browser to drive: BRIEFING_CHROMIUM, else Chromium on the PATH, else Debian's usual place."""
    for candidate in (os.environ.get("BRIEFING_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def axe_source() -> str:
    """axe-core at the version package-lock.json pins, installed with `npm ci` when it is missing."""
    if not AXE.is_file() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--silent"], cwd=ROOT, check=False, capture_output=True)
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` in {ROOT} (`make test` does)")
    return AXE.read_text(encoding="utf-8")


# --- The static server -------------------------------------------------------------------------------

class _GzipStaticHandler(SimpleHTTPRequestHandler):
    """Serves a built site as a static host would: index.html for folders, gzip for text when asked."""

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        self._serve(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(with_body=False)

    def _serve(self, with_body: bool) -> None:
        url_path = urlsplit(self.path).path
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        content_type = self.guess_type(str(path))
        self.send_response(200)
        if content_type.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the browser cancelled it, as on leaving a page
                return
            self.server.sent.append((url_path, len(body)))

    def log_message(self, format, *args) -> None:  # noqa: A002 (the http.server signature)
        pass  # quiet: the tests report what matters


class StaticServer:
    """A built site on a free loopback port, in a thread, ready when start() returns."""

    def __init__(self, folder: Path):
        handler = lambda *args, **kwargs: _GzipStaticHandler(*args, directory=str(folder), **kwargs)  # noqa: E731
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.sent = []  # (path, compressed body bytes) of every response, for page weight
        self.sent = self.httpd.sent
        host, port = self.httpd.server_address[:2]
        self.host = f"{host}:{port}"
        self.base = f"http://{self.host}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="static-site", daemon=True)

    def start(self, timeout: float = 10.0) -> StaticServer:
        self.thread.start()
        wait_until_serving(self.base, timeout)
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@contextmanager
def serving(folder: Path, count: int) -> Iterator[list[StaticServer]]:
    """`count` servers of the same folder, each on its own port, stopped on leaving."""
    servers = [StaticServer(folder).start() for _ in range(count)]
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


def wait_until_serving(url: str, timeout: float) -> None:
    """Polls the front page until it answers 200; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.02)


# --- Watching a page ---------------------------------------------------------------------------------

@dataclass
class PageWatch:
    """Everything that went wrong while pages loaded in one browser context."""

    allowed_hosts: frozenset[str]  # hosts the site may load from ('' for file://)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {text}" for text in self.console_errors]
                + [f"uncaught exception: {text}" for text in self.page_errors]
                + [f"failed request: {text}" for text in self.failed_requests]
                + [f"request to another host: {text}" for text in self.foreign_requests])

    def clear(self) -> None:
        for found in (self.console_errors, self.page_errors, self.failed_requests, self.foreign_requests):
            found.clear()


def is_local(url: str, allowed_hosts: frozenset[str]) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    if parts.scheme == "file":
        return "" in allowed_hosts
    return parts.scheme in ("http", "https") and parts.netloc in allowed_hosts


def watch(context, allowed_hosts: set[str]) -> PageWatch:
    """Intercepts every request of every page in the context: any other host is refused and recorded."""
    found = PageWatch(frozenset(allowed_hosts))

    def record_foreign(url: str) -> None:
        if url not in found.foreign_requests:
            found.foreign_requests.append(url)

    def route(route) -> None:
        url = route.request.url
        if is_local(url, found.allowed_hosts):
            route.continue_()
        else:
            record_foreign(url)
            route.abort("blockedbyclient")

    def on_request(request) -> None:  # also sees requests a route might not (workers, iframes)
        if not is_local(request.url, found.allowed_hosts):
            record_foreign(request.url)

    def on_failed(request) -> None:
        # ERR_ABORTED: the browser dropped the request because the page moved on (a link followed
        # before the favicon came); a missing file or a refused address fails with its own error.
        if is_local(request.url, found.allowed_hosts) and request.failure != "net::ERR_ABORTED":
            found.failed_requests.append(f"{request.url} ({request.failure})")

    def on_response(response) -> None:
        if response.status >= 400:
            found.failed_requests.append(f"{response.url} (HTTP {response.status})")

    def on_page(page) -> None:
        page.on("console", lambda message: message.type == "error" and found.console_errors.append(
            f"{page.url}: {message.text} at {message.location.get('url', '')}"))
        page.on("pageerror", lambda error: found.page_errors.append(f"{page.url}: {error}"))

    context.route("**/*", route)
    context.on("request", on_request)
    context.on("requestfailed", on_failed)
    context.on("response", on_response)
    context.on("page", on_page)
    return found


# --- axe-core ----------------------------------------------------------------------------------------

SEVERE = ("serious", "critical")


# Started and collected apart, so that axe can run in several pages (each its own process) at once.
AXE_START = """rules => { const options = {resultTypes: ['violations']};
    if (rules) options.runOnly = {type: 'rule', values: rules};
    // After this call returns (axe.run's first steps are synchronous), so that the next page starts at once.
    window.__axeFindings = new Promise(resolve => setTimeout(resolve, 0)).then(() => axe.run(document, options)).then(results =>
    results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}))); }"""
AXE_FINDINGS = "() => window.__axeFindings"
# The rules whose answer depends on colour: a change of scheme changes colours alone (Material's
# palette sets custom properties), so in the second scheme only these can answer differently.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def start_axe(page, source: str, rules: list[str] | None = None) -> None:
    """axe-core (WCAG 2 A/AA and best practice, or only the rules named) on the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    page.evaluate(AXE_START, rules)


def describe_violation(where: str, violation: dict, limit: int = 3) -> str:
    nodes = "; ".join(node["target"] for node in violation["nodes"][:limit])
    more = f" (+{len(violation['nodes']) - limit} more)" if len(violation["nodes"]) > limit else ""
    return f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']} — {nodes}{more}"


# --- Every page once -------------------------------------------------------------------------------

# Pages loaded at once. Most of a load is waiting for the network to fall idle (500 ms with no
# request): a few pages at a time overlap the waits, and their axe runs use both cores.
SLOTS = 3
NO_DARK_SWITCH = "no switch to the dark scheme"
DARK_SCHEME = """() => {  // the reader's own switch: Material's palette input for the dark scheme
    const dark = document.querySelector('input.md-option[data-md-color-scheme="slate"]');
    if (!dark) return false;
    if (document.body.getAttribute('data-md-color-scheme') !== 'slate') dark.click();
    return true;
}"""


@dataclass
class FirstVisit:
    """One page's first load, in a browser context of its own (nothing cached, nothing shared)."""

    name: str
    status: int | None  # the HTTP status; None for a file
    problems: list[str]  # what the watch saw, in either scheme
    sent: list[tuple[str, int]]  # (path, compressed bytes) the server sent for the load; empty for files
    axe: dict[str, list[dict]]  # violations by scheme ('light', 'dark'), when axe was asked for
    evaluated: dict[str, object]  # what each script asked for returned, after the load


@dataclass
class _Slot:
    """One of the pages loading side by side: a browser context and a page, kept from visit to visit."""

    context: object
    page: object
    found: PageWatch
    server: StaticServer | None


def _slot(browser, server: StaticServer | None, viewport: dict | None) -> _Slot:
    context = browser.new_context(viewport=viewport or DESKTOP, color_scheme="light")
    found = watch(context, {server.host} if server else {""})
    page = context.new_page()
    # Nothing from the cache: every visit fetches all it needs, as a first visit does (its weight).
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    return _Slot(context, page, found, server)


def _start(slot: _Slot, name: str) -> FirstVisit:
    slot.found.clear()
    if slot.server:
        slot.server.sent.clear()
    response = slot.page.goto(slot.server.base + name if slot.server else name, wait_until="commit")
    return FirstVisit(name, response.status if response is not None and slot.server else None, [], [], {}, {})


def _axe_in_both_schemes(batch: list[tuple[_Slot, FirstVisit]], axe: str) -> None:
    for scheme in ("light", "dark"):
        running = []
        for slot, visit in batch:
            if scheme == "dark":
                if not slot.page.evaluate(DARK_SCHEME):
                    visit.problems.append(NO_DARK_SWITCH)
                    continue
                slot.page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
            start_axe(slot.page, axe, COLOUR_RULES if scheme == "dark" else None)
            running.append((slot, visit))
        for slot, visit in running:  # axe has run in every page of the batch at once
            visit.axe[scheme] = slot.page.evaluate(AXE_FINDINGS)


def first_visits(browser, names: list[str], *, servers: list[StaticServer] | None = None, axe: str | None = None,
                 evaluate: dict[str, str] | None = None, viewport: dict | None = None) -> list[FirstVisit]:
    """Loads each page once, SLOTS at a time, each until the network is idle, and records its problems,
    what the server sent for it, the scripts' results and, with axe's source, axe's findings in the
    light scheme and then, switched by the reader's toggle, the dark one (its colour rules).

    With servers, a name is a path on the site and each slot has a server of its own, so that what a
    server sent belongs to one page; without, a name is a file:// address. A slot keeps its browser
    context from page to page (a new one per page costs a second of processor time) with the cache
    off, and forgets what the page stored (the scheme chosen) before the next."""
    if not names:
        return []
    slots = [_slot(browser, servers[number] if servers else None, viewport)
             for number in range(min(len(servers) if servers else SLOTS, len(names)))]
    visits = []
    try:
        for start in range(0, len(names), len(slots)):
            batch = [(slot, _start(slot, name))  # the last batch may be shorter than the slots
                     for slot, name in zip(slots, names[start:start + len(slots)], strict=False)]
            for slot, visit in batch:
                slot.page.wait_for_load_state("load")  # networkidle alone has been seen to come before the scripts ran
                slot.page.wait_for_load_state("networkidle")
                if slot.server:
                    visit.sent = list(slot.server.sent)
                visit.evaluated = {key: slot.page.evaluate(script) for key, script in (evaluate or {}).items()}
            if axe is not None:
                _axe_in_both_schemes(batch, axe)
            for slot, visit in batch:
                slot.page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
                visit.problems += slot.found.problems()
                visits.append(visit)
    finally:
        for slot in slots:
            slot.context.close()
    return visits


# --- The built pages ---------------------------------------------------------------------------------

def served_pages(html_pages) -> list[str]:
    return sorted(html_pages)


def pages_with_abbreviations(html_pages) -> list[str]:
    return [url for url, soup in sorted(html_pages.items()) if soup.select(".md-content .md-typeset abbr[title]")]


def no_abbreviations_yet(html_pages) -> None:
    if not pages_with_abbreviations(html_pages):
        pytest.skip("the glossary defines no abbreviation yet (sources/glossary.yml): nothing to explain")
