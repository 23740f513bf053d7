"""Time the edit-to-preview loop: `mkdocs serve`, one page edited, until the served HTML shows it."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable
from urllib.parse import urlsplit

from synthetic import load_config_file

POLL_SECONDS = 0.02


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float) -> float | None:
    """Seconds until the page at `url` contains `text`, or None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(POLL_SECONDS)
    return None


def mount_path(project: Path) -> str:
    """Where `mkdocs serve` mounts the site: the path of site_url, as MkDocs does."""
    site_url = load_config_file(project / "mkdocs.yml").get("site_url") or "/"
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class Edit:
    """A change a contributor makes: `path` (in the project) rewritten by `change(text, token)`,
    expected to show on the served page `url_path`."""

    path: str
    url_path: str
    change: Callable[[str, str], str]


def append_line(text: str, token: str) -> str:
    return f"{text}\n\n{token}.\n"


def edit_times(project: Path, edit: Edit, python: str, log: Path, *, dirty: bool = False, edits: int = 3,
               timeout: float = 120.0, edit_timeout: float = 60.0) -> list[float | None]:
    """Start `mkdocs serve` in `project`, make `edit` `edits` times, and time each.

    Each time runs from the moment the edited file is written to the moment the served
    page shows the change: the watcher's delay, the rebuild and the write-out. None means
    the change did not show within `edit_timeout` seconds.
    """
    port = free_port()
    command = [python, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    url = f"http://127.0.0.1:{port}{mount_path(project)}{edit.url_path}"
    source = project / edit.path
    original = source.read_text(encoding="utf-8")
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            if wait_for(url, "</html>", timeout) is None:
                raise RuntimeError(f"mkdocs serve did not serve {url} within {timeout:.0f} s (see {log})")
            times = []
            for number in range(1, edits + 1):
                token = f"Benchmark edit {number} {time.time_ns()}"
                time.sleep(0.5)  # let the watcher settle after the previous build
                source.write_text(edit.change(original, token), encoding="utf-8")
                times.append(wait_for(url, token, edit_timeout))
                if times[-1] is None:
                    break  # it will not show on the next try either
            return times
        finally:
            stop(server)
            if source.parent.is_dir():
                source.write_text(original, encoding="utf-8")


def stop(server: subprocess.Popen) -> None:
    """End the server and any child it started (its own session), nothing else."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def median(values: list[float]) -> float:
    return statistics.median(values)
