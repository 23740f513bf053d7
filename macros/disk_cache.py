"""Results kept between builds in the book's cache folder, found by a digest of their inputs.

For work whose result depends only on text that rarely changes (a data file
parsed and validated, a précis rendered), so that a rebuild redoes only what
an edit touched. A missing or damaged cache file only means starting afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class DiskCache:
    """A dictionary read from `path` when opened and written back by `save`.

    Only entries used since opening are written back, so the file holds what the
    current book needs and never grows with old versions of its texts.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        if path is not None and path.is_file():
            try:
                self._stored = pickle.loads(path.read_bytes())
            except Exception:  # written by another version, or cut short: start afresh
                self._stored = {}

    def get(self, key: str) -> Any | None:
        if key not in self._used and key in self._stored:
            self._used[key] = self._stored[key]
        return self._used.get(key)

    def put(self, key: str, value: Any) -> None:
        self._used[key] = value

    def save(self) -> None:
        if self.path is None or self._used.keys() == self._stored.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed, so a build stopped halfway never leaves half a file.
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name)
        with os.fdopen(handle, "wb") as out:
            pickle.dump(self._used, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
        self._stored = dict(self._used)
