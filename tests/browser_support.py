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
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
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
            self.wfile.write(body)
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


def run_axe(page, source: str) -> list[dict]:
    """axe-core's violations on the page as it stands (WCAG 2 A/AA and best practice)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    return page.evaluate("""async () => {
        const results = await axe.run(document, {resultTypes: ['violations']});
        return results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
        }));
    }""")


def describe_violation(where: str, violation: dict, limit: int = 3) -> str:
    nodes = "; ".join(node["target"] for node in violation["nodes"][:limit])
    more = f" (+{len(violation['nodes']) - limit} more)" if len(violation["nodes"]) > limit else ""
    return f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']} — {nodes}{more}"
