"""Names as people type them when they search: without accents, in lower case.

The database computes the folded form of a name itself (a generated column), so every way a
row is written — the admin, the import's bulk inserts, a sync, a rollback — keeps it right, and
SQLite and PostgreSQL fold alike: the same replacements, then ``LOWER``. ``fold`` does the same
to what was typed: ``fold("MARÍA Pérez")`` is ``"maria perez"``, as ``"María PÉREZ"`` is in
the column.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.db.models.functions import Lower, Replace

LETTERS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "úü", "n": "ñ", "c": "ç"}
"""Spanish accents (and ç). SQLite cannot parse an expression of more than about 28 nested
``REPLACE`` calls in a table's definition, so the list stays short: a letter outside it (``ë``)
is kept as it is, in the column and in what was typed alike."""
COMBINING = "\u0301\u0303\u0308"
"""Accents typed as a separate mark after the letter (``"a\\u0301"``) are dropped."""


def _folds() -> tuple[tuple[str, str], ...]:
    pairs = []
    for plain, accented in LETTERS.items():
        for letter in accented:
            pairs += [(letter, plain), (letter.upper(), plain)]
    return (*pairs, *((mark, "") for mark in COMBINING))


FOLDS = _folds()
_TABLE = str.maketrans(dict(FOLDS))
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def fold(text: str) -> str:
    """What the generated column holds for ``text`` (``LOWER`` of SQLite folds ASCII only)."""
    return unicodedata.normalize("NFC", text).translate(_TABLE).translate(_ASCII_LOWER)


def folded(field: str) -> models.GeneratedField:
    """A stored column with the folded form of ``field``, computed by the database."""
    expression: models.Expression = models.F(field)
    for letter, plain in FOLDS:
        expression = Replace(expression, models.Value(letter), models.Value(plain))
    return models.GeneratedField(
        expression=Lower(expression), output_field=models.TextField(), db_persist=True
    )
