"""Results kept between builds in the book's cache folder, found by a digest of their inputs.

For work whose result depends only on text that rarely changes (a data file
parsed and validated, a précis rendered), so that a rebuild redoes only what
an edit touched.

A cache file is JSON, so reading one can never run code, and every key is a
digest of the entry's inputs and of what produced it (`producer`: the book's
code and the versions of the libraries and programs that made the result), so
an entry made by other code or for other input is never found. A file that is
missing, cut short, foreign or unreadable only means starting afresh; a folder
that cannot be written is a warning, not a failed build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any
from collections.abc import Callable

# Not under "mkdocs": a cache that cannot be saved is shown, but does not fail a strict build.
log = logging.getLogger("briefing.cache")

FORMAT = "briefing-cache/2"
_CODE = Path(__file__).resolve().parent
# The libraries whose output the caches keep: a new version may render or parse differently.
PRODUCING_PACKAGES = ("Markdown", "pymdown-extensions", "PyYAML", "jsonschema", "pybtex", "pypandoc-binary")


def digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def producer() -> str:
    """A digest of the book's code (every file of the macros package) and the producing libraries' versions."""
    hasher = hashlib.sha256()
    for path in sorted(_CODE.rglob("*")):
        if path.suffix in {".py", ".csl", ".css"} and path.is_file():
            hasher.update(path.relative_to(_CODE).as_posix().encode())
            hasher.update(path.read_bytes())
    for package in PRODUCING_PACKAGES:
        hasher.update(f"{package}={_version(package)}\0".encode())
    return hasher.hexdigest()


def write_atomically(path: Path, text: str) -> bool:
    """`text` written beside `path` and renamed over it, so no reader ever sees half a file.

    A folder that cannot be written (read-only, full) is a warning: the cache only saves time.
    """
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a cache is no secret
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
        return True
    except OSError as error:
        log.warning(f"cache not saved to {path}: {error.strerror or error}; the next build redoes its work")
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return False


def _read_entries(path: Path) -> dict[str, Any]:
    """The entries of a cache file, or none when it is missing, damaged or not ours."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable, cut short, not UTF-8, not JSON
        return {}
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or not isinstance(stored.get("entries"), dict):
        return {}
    return stored["entries"]


class DiskCache:
    """A dictionary read from `path` when opened and written back by `save`.

    Only entries used since opening are written back, so the file holds what the
    current book needs and never grows with old versions of its texts. `valid`
    says whether a stored value has the shape its user expects; any other is
    ignored, and its work done again.
    """

    def __init__(self, path: Path | None, valid: Callable[[Any], bool] = lambda value: True) -> None:
        self.path = path
        self._valid = valid
        self._stored: dict[str, Any] = _read_entries(path) if path is not None else {}
        self._used: dict[str, Any] = {}

    def key(self, *inputs: str) -> str:
        """The key of an entry: its inputs and what produced it."""
        return digest(FORMAT, producer(), *inputs)

    def get(self, key: str) -> Any | None:
        if key not in self._used and key in self._stored:
            value = self._stored[key]
            if value is not None and self._valid(value):
                self._used[key] = value
        return self._used.get(key)

    def put(self, key: str, value: Any) -> None:
        self._used[key] = value

    def save(self) -> None:
        if self.path is None or self._used.keys() == self._stored.keys():
            return
        text = json.dumps({"format": FORMAT, "entries": self._used}, ensure_ascii=False, separators=(",", ":"))
        if write_atomically(self.path, text):
            self._stored = dict(self._used)


def tracked_cache_files(root: Path, cache_dir: Path) -> list[str]:
    """Files under the cache folder that git tracks: a cache comes from a build, never from a commit."""
    import subprocess

    try:
        relative = cache_dir.resolve().relative_to(root.resolve())
    except ValueError:
        return []  # a cache outside the book is not in its repository
    try:
        result = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", relative.parts[0]],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []  # no git: not a clone, nothing can be tracked
    if result.returncode != 0:
        return []
    return [name for name in result.stdout.split("\0") if name]
