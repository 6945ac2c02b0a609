"""Header matching: which canonical column each header of a file names, and which table fits.

Screen exports are re-saved by hand, so headers arrive as "NÚMERO DE DOCUMENTO",
"Numero_de_documento" or "Número de documento:". All of them normalise to one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unidecode import unidecode

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_header(text: str) -> str:
    """``"Número de documento:"`` → ``"numerodedocumento"``."""
    return _NOT_ALNUM.sub("", unidecode(str(text)).lower())


@dataclass(frozen=True)
class HeaderMatch:
    """How a header row maps onto one table.

    ``columns[i]`` is the canonical column of the i-th header, or ``None`` when the header is
    unknown (its cells are kept verbatim as extras) or repeats a column already taken.
    """

    table: str
    headers: tuple[str, ...]
    columns: tuple[str | None, ...]

    @property
    def found(self) -> frozenset[str]:
        return frozenset(c for c in self.columns if c)

    @property
    def score(self) -> int:
        return len(self.found)


def match_headers(
    table: str, headers: list[str], aliases: dict[str, str], overrides: dict[str, str]
) -> HeaderMatch:
    """Map each header through the user's mapping first, then the table's aliases."""
    taken: set[str] = set()
    columns: list[str | None] = []
    for header in headers:
        key = normalize_header(header)
        column = overrides.get(key) or aliases.get(key)
        if column in taken or not key:
            column = None
        if column:
            taken.add(column)
        columns.append(column)
    return HeaderMatch(table, tuple(headers), tuple(columns))
