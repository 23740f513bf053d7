"""How hard the PDF's streams are compressed.

pydyf, which writes WeasyPrint's PDFs, deflates every stream at zlib's level 9
and has no option for it. On this book level 9 took 1.0 s of each paper to make
the file 4 % smaller than zlib's default level 6, which takes 0.2 s. pydyf only
calls zlib.compress and zlib.compressobj, so it is handed a zlib whose
compressobj uses the default level; if pydyf stops using it, nothing breaks.
"""

from __future__ import annotations

import zlib
from types import ModuleType

import pydyf


class _DefaultLevelZlib:
    def __getattr__(self, name: str):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs)


def use_default_level(module: ModuleType = pydyf) -> None:
    module.zlib = _DefaultLevelZlib()
