"""Input files as text: UTF-8 only, with every decoding problem reported by file and line."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem

BOM = "\ufeff"
ENCODING_FIX = "save the file as UTF-8 text (without NUL or other control bytes)"


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes, or None and the problems: invalid UTF-8, NUL bytes, a BOM inside.

    A byte-order mark at the very start is allowed and dropped (some editors write one).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(path, _line(data, error.start), f"not UTF-8: the byte 0x{data[error.start]:02X} "
                              f"at offset {error.start} cannot be decoded", ENCODING_FIX)]
    text = text.removeprefix(BOM)
    problems = []
    if "\0" in text:
        problems.append(Problem(path, text.count("\n", 0, text.index("\0")) + 1, "a NUL byte", ENCODING_FIX))
    if BOM in text:
        problems.append(Problem(path, text.count("\n", 0, text.index(BOM)) + 1,
                                "a byte-order mark (U+FEFF) inside the text", "delete it: it is invisible, so retype the line"))
    return (None, problems) if problems else (text, [])


def read_text(path: Path, root: Path) -> tuple[str | None, list[Problem]]:
    """A file under `root` decoded; a file that cannot be read is a problem too."""
    relative = path.relative_to(root).as_posix()
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(relative, None, f"cannot be read: {error.strerror or error}",
                              "check that it is a readable file")]
    return decode(data, relative)
