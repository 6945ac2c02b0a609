"""Which column of a table an unknown header probably names: the choices of a mapping form.

A screen export re-saved by hand has headers no declaration lists ("Cel. del cliente",
"Nombre del propietario"). Each is compared (RapidFuzz) with every column of the table it is
in, by the column's canonical name and its Spanish synonyms: the best matches are offered
first, the other columns after them in the dump's order::

    column_choices("owners", "Cel. del cliente")[0]  # Choice("mobile", "Celular", 86, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from unidecode import unidecode

from migration.read.declarations import TABLES

SUGGESTED_SCORE = 65
MOST_SUGGESTED = 3
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
STOPWORDS = frozenset({"de", "del", "la", "el", "los", "las", "y", "en", "at", "of", "the"})


@dataclass(frozen=True)
class Choice:
    """One column a header may hold: its canonical name, how the clinic calls it (its first
    synonym, else its name), how well the header matches it (0–100), whether it is offered
    as a suggestion."""

    column: str
    label: str
    score: float
    suggested: bool


def _plain(text: str) -> str:
    """``"Cel._del cliente"`` → ``"cel del cliente"``: compared word by word."""
    return " ".join(_NOT_ALNUM.sub(" ", unidecode(str(text)).lower().replace("_", " ")).split())


def _words(text: str) -> list[str]:
    return [word for word in text.split() if word not in STOPWORDS]


def _word_score(word: str, label: list[str]) -> float:
    """An abbreviation matches the word it starts (``cel`` → ``celular``, ``nac`` →
    ``nacimiento``); other words by their likeness."""
    best = 0.0
    for other in label:
        if len(word) >= 3 and other.startswith(word):
            return 100.0
        best = max(best, fuzz.ratio(word, other))
    return best


def _likeness(header: str, name: str) -> float:
    """The header's words matched against the name's, the first word (the head noun in
    Spanish: "*Cel.* del cliente") counting three times; or the texts' likeness as a whole."""
    words, label = _words(header), _words(name)
    if not words or not label:
        return fuzz.ratio(header, name)
    weights = [3.0] + [1.0] * (len(words) - 1)
    total = sum(w * _word_score(word, label) for w, word in zip(weights, words, strict=True))
    return max(total / sum(weights), fuzz.ratio(header, name))


def _score(header: str, names: list[str]) -> float:
    return max(_likeness(header, _plain(name)) for name in names)


def column_choices(table: str, header: str, *, exclude: frozenset[str] = frozenset()):
    """Every column of ``table`` but ``exclude`` (those another header already names): the
    best matches of ``header`` first (at most three, scoring 65 or more), then the rest in
    the table's order."""
    spec = TABLES[table]
    wanted = _plain(header)
    scored = []
    for column in spec.known:
        if column in exclude:
            continue
        labels = spec.synonyms.get(column, ())
        score = _score(wanted, [column, *labels]) if wanted else 0.0
        scored.append((column, labels[0] if labels else column, round(score, 1)))
    best = sorted(
        (item for item in scored if item[2] >= SUGGESTED_SCORE), key=lambda item: -item[2]
    )[:MOST_SUGGESTED]
    first = {column for column, _, _ in best}
    return [Choice(c, label, score, True) for c, label, score in best] + [
        Choice(c, label, score, False) for c, label, score in scored if c not in first
    ]
