"""Fingerprints of the source texts: what the checks need, without the texts, to verify the book.

The articles are not republished, so a clone of the book has no text to check
quotations and copying against. Each annotated source has instead a committed
`sources/fingerprints/<key>.json`, written from the text by `make fingerprint`:

- its paragraph count;
- a quotation ledger: for each quotation the book makes of it, the paragraph
  and a keyed digest of the quotation, recorded only once the quotation was
  found verbatim in that paragraph;
- keyed digests of the windows of words that `macros/copying.py` looks for
  (WINDOW words at every STEP-th word of a paragraph), by paragraph;
- the windows the book is known to share with the text in runs shorter than a
  copied one (names, set phrases), verified against the text.

It holds no text, and no encoding that gives one back: windows are spaced so
that knowing one window (or a published quotation) leaves the next STEP words
to be guessed together. README, “Checking without the articles”, gives the
reasoning and the limits.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .copying import STEP, WINDOW, source_windows
from .errors import Problem

FORMAT = 1
FOLDER = "fingerprints"  # inside the book's sources folder (the plugin's sources_dir, "sources" by default)
# A fixed key for the digests: tables of digests of common phrases made for anything else do not apply here.
_DIGEST_KEY = b"briefing-book/pakistan-taliban fingerprint v1"


def fingerprint_path(key: str, sources: str = "sources") -> str:
    return f"{sources}/{FOLDER}/{key}.json"


_WINDOW_HASHER = hashlib.blake2b(key=_DIGEST_KEY, digest_size=8)  # copied for each window: keying it is the slow part


def window_digest(window: tuple[str, ...]) -> str:
    hasher = _WINDOW_HASHER.copy()
    hasher.update(" ".join(window).encode())
    return hasher.hexdigest()


def normal_quotation(quote: str) -> str:
    """A quotation as compared: its own characters, with its line breaks and spaces made single spaces."""
    return " ".join(quote.split())


def quotation_digest(key: str, para: int, quote: str) -> str:
    message = f"{key}\n{para}\n{normal_quotation(quote)}".encode()
    return hashlib.blake2b(message, key=_DIGEST_KEY, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    key: str
    paragraphs: int
    windows: dict[str, int]  # window digest -> paragraph
    quotations: frozenset[tuple[int, str]] = frozenset()  # (paragraph, quotation digest)
    accepted: frozenset[str] = frozenset()  # window digests the book may contain
    positions: dict[str, int] = field(default_factory=dict, compare=False)  # digest -> word position (from the text only)

    def para_of(self, window: tuple[str, ...]) -> int | None:
        return self.windows.get(window_digest(window))

    def has_quotation(self, para: int, quote: str) -> bool:
        return (para, quotation_digest(self.key, para, quote)) in self.quotations

    def differences(self, other: Fingerprint) -> list[str]:
        """What differs from another fingerprint of the same source, in words."""
        found = []
        if self.paragraphs != other.paragraphs:
            found.append(f"paragraphs {other.paragraphs} instead of {self.paragraphs}")
        if self.windows != other.windows:
            found.append("the text's windows")
        if self.quotations != other.quotations:
            added, gone = len(self.quotations - other.quotations), len(other.quotations - self.quotations)
            found.append(f"the quotation ledger ({added} quotation(s) to record, {gone} no longer in the book)")
        if self.accepted != other.accepted:
            found.append("the phrases the book shares with the text")
        return found


def from_paragraphs(key: str, paragraphs: dict[int, str], quotations=(), accepted=()) -> Fingerprint:
    """The fingerprint of a text; `quotations` (para, quotation) already verified against it."""
    windows: dict[str, int] = {}
    positions: dict[str, int] = {}
    for number, text in sorted(paragraphs.items()):
        for position, window in source_windows(text):
            digest = window_digest(window)
            windows.setdefault(digest, number)
            positions.setdefault(digest, position)
    ledger = frozenset((para, quotation_digest(key, para, quote)) for para, quote in quotations)
    return Fingerprint(key, len(paragraphs), windows, ledger, frozenset(accepted), positions)


def to_json(fingerprint: Fingerprint) -> str:
    by_para: dict[str, list[str]] = {}
    for digest, para in fingerprint.windows.items():
        by_para.setdefault(str(para), []).append(digest)
    data = {
        "about": "Digests for checking the book against this source without its text: see README.md, "
                 "“Checking without the articles”. Written by `make fingerprint`; do not edit.",
        "format": FORMAT,
        "key": fingerprint.key,
        "paragraphs": fingerprint.paragraphs,
        "window": WINDOW,
        "step": STEP,
        "quotations": [{"para": para, "digest": digest} for para, digest in sorted(fingerprint.quotations)],
        "accepted": sorted(fingerprint.accepted),
        "windows": {para: sorted(digests) for para, digests in sorted(by_para.items(), key=lambda item: int(item[0]))},
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def from_json(text: str, path: str, key: str) -> tuple[Fingerprint | None, list[Problem]]:
    """A committed fingerprint, or the problem with it (damaged, another format, another key)."""
    regenerate = "run `make fingerprint` with the texts (BRIEFING_CORPUS) and commit the file"
    try:
        data: Any = json.loads(text)
        if data.get("format") != FORMAT or (data.get("window"), data.get("step")) != (WINDOW, STEP):
            return None, [Problem(path, None, "the fingerprint was written by another version of the checks", regenerate)]
        if data.get("key") != key:
            return None, [Problem(path, None, f"the fingerprint is of '{data.get('key')}', not of '{key}'", regenerate)]
        windows = {str(digest): int(para) for para, digests in data["windows"].items() for digest in digests}
        quotations = frozenset((int(item["para"]), str(item["digest"])) for item in data["quotations"])
        return Fingerprint(key, int(data["paragraphs"]), windows, quotations, frozenset(map(str, data["accepted"]))), []
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return None, [Problem(path, None, f"the fingerprint cannot be read ({error.__class__.__name__}: {error})", regenerate)]


def load_fingerprint(root: Path, key: str, sources: str = "sources") -> tuple[Fingerprint | None, list[Problem]]:
    path = root / fingerprint_path(key, sources)
    if not path.is_file():
        return None, []
    return from_json(path.read_text(encoding="utf-8"), fingerprint_path(key, sources), key)


def main(argv: list[str] | None = None) -> int:
    """`python -m macros.fingerprint`: write the fingerprint of every source whose text is in the corpus."""
    import argparse

    from .check import regenerated_fingerprints
    from .config import book_settings
    from .corpus import CORPUS_ENV, corpus_dir_from_env
    from .errors import BookError

    parser = argparse.ArgumentParser(prog="python -m macros.fingerprint", description=(main.__doc__ or "").split(": ", 1)[-1])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the book's folder (default: here)")
    parser.add_argument("--corpus", type=Path, help=f"the folder of the sources' texts (default: ${CORPUS_ENV})")
    args = parser.parse_args(argv)
    root, corpus_dir = args.root.resolve(), corpus_dir_from_env(args.corpus)
    if corpus_dir is None or not corpus_dir.is_dir():
        print(f"No texts to fingerprint: give their folder with {CORPUS_ENV}=/path/to/corpus "
              "(make fingerprint BRIEFING_CORPUS=...) or --corpus.")
        return 1
    try:
        fingerprints, without_text = regenerated_fingerprints(root, corpus_dir)
    except BookError as error:
        print(f"{error}\nFix these first: the fingerprint records the book's quotations.")
        return 1
    sources = book_settings(root).sources_dir
    (root / sources / FOLDER).mkdir(parents=True, exist_ok=True)
    for key, fingerprint in sorted(fingerprints.items()):
        path = root / fingerprint_path(key, sources)
        text = to_json(fingerprint)
        changed = not path.is_file() or path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8")
        print(f"{'wrote' if changed else 'unchanged'} {fingerprint_path(key, sources)}: {fingerprint.paragraphs} paragraphs, "
              f"{len(fingerprint.quotations)} quotations recorded")
    for key in without_text:
        print(f"kept {fingerprint_path(key, sources)}: no {key}.txt in {corpus_dir}")
    print(f"Next: run `make check`, then commit {sources}/{FOLDER}/ with your change.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
