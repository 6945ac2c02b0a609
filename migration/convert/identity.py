"""Who an owner row is: when two OkVet owners with one identity document are one person.

OkVet keeps whatever was typed at the desk. A document number is shared by a family (the payer's
number on every member), reused, a placeholder (``222222222`` for "consumidor final") or, in a
table dump, masked (``102*******``). So a document alone never makes two rows one person:

- **Placeholder documents are no identity** (``placeholder_document``): empty, masked (any
  ``*``, or three ``X`` or ``#`` in a row standing for digits: ``102XXXXXXX``), one character
  repeated (``0``, ``1111111``, ``222222222``), or a run of consecutive digits (``123456``,
  ``987654``, four digits or more).
- **Names must be similar too** (``similar_names``). Names are compared word by word, with
  accents, case and word order aside, particles (``de``, ``del``, ``la``, ``los``, ``y``, …)
  dropped, and ``z`` read as ``s`` (Pérez/Peres, the Spanish *seseo*):
  "María Pérez Gómez" ≈ "PEREZ MARIA". The shorter name may miss words of the longer (a second
  surname, a second given name) but needs two words at least: "Maria" alone is not
  "Maria Perez". Every word of the shorter name meets a distinct word of the longer: the same
  word, or the same word with a typo — rapidfuzz ``ratio`` ≥ ``WORD_SIMILARITY`` (90, i.e. one
  letter changed in a word of ten letters or more), same length, same last letter. Given names
  of one family (Juan/Juana, Mario/Maria, Daniel/Daniela, Francisco/Francisca) never meet: a
  false merge puts a pet under another person, a missed one only leaves two owners flagged
  for review.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

WORD_SIMILARITY = 90
RUN_LENGTH = 4
PARTICLES = frozenset(("de", "del", "la", "las", "los", "el", "y", "e", "da", "das", "do", "dos"))
_MASK = re.compile(r"\*|[xX#]{3,}")
_DIGITS = "0123456789" * 3


def placeholder_document(raw: str, normalized: str) -> bool:
    """``"102*******"``, ``"222222222"``, ``"1234567"``, ``""`` → True; ``"52.123.456"`` → False.

    ``raw`` is the number as typed (masks are only visible there), ``normalized`` the number
    without separators, upper case (``"52123456"``)."""
    if not normalized or _MASK.search(raw.strip()):
        return True
    if len(set(normalized)) == 1:
        return True
    return len(normalized) >= RUN_LENGTH and (normalized in _DIGITS or normalized[::-1] in _DIGITS)


@lru_cache(maxsize=16384)
def name_words(name: str) -> tuple[str, ...]:
    """``"María de los Ángeles PÉREZ"`` → ``("angeles", "maria", "peres")``, sorted."""
    words = re.findall(r"[a-z0-9]+", unidecode(name).casefold())
    return tuple(sorted(w.replace("z", "s") for w in words if w not in PARTICLES))


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    return len(a) == len(b) and a[-1] == b[-1] and fuzz.ratio(a, b) >= WORD_SIMILARITY


def similar_names(a: str, b: str) -> bool:
    """Whether two names may be one person's (see the module docstring for the rule)."""
    short, long = sorted((name_words(a), name_words(b)), key=len)
    if not short:
        return False
    if len(short) == 1:
        return short == long
    left = list(long)
    for word in short:
        match = next((other for other in left if _same_word(word, other)), None)
        if match is None:
            return False
        left.remove(match)
    return True
