"""Vital signs as vets type them into OkVet, read into numbers with units.

OkVet's vitals are free text: temperature ``38,5`` with a separate unit ``c``/``f``, capillary
refill ``2 seg`` or ``2"``, heart rate ``140 lpm``, body condition ``3/5`` or ``5/9``. Each
reader returns the number (``None`` when there is none) and never guesses: ``"rosadas"`` in a
heart-rate field is not a heart rate. The text as written is always kept by the caller.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")
_SCORE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+))?\s*$")
TEMPERATURE_C = (Decimal(25), Decimal(46))


def first_number(text: str) -> Decimal | None:
    """The first number in ``text``: ``"140 lpm"`` → 140, ``"38,5"`` → 38.5."""
    found = _NUMBER.search(text or "")
    if found is None:
        return None
    try:
        return Decimal(found.group(1).replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return None


def temperature_c(text: str, unit: str) -> Decimal | None:
    """Celsius whatever the unit: ``("101,3", "f")`` → 38.5. Out of range → ``None``.

    A reading above 60 is Fahrenheit whatever the unit says (``("102", "c")`` → 38.89): no
    animal lives at 102 °C, and OkVet's unit defaults to ``c``.
    """
    value = first_number(text)
    if value is None:
        return None
    if value.adjusted() > 3:  # 10,000 degrees or more is no reading, in any unit
        return None
    fahrenheit = (unit or "").strip().lower().startswith("f") or "°f" in text.lower()
    if fahrenheit or value > 60:
        value = (value - 32) * 5 / 9
    value = value.quantize(Decimal("0.01"))
    low, high = TEMPERATURE_C
    return value if low <= value <= high else None


def rate(text: str, *, maximum: int = 600) -> int | None:
    """Beats or breaths per minute: ``"140 lpm"`` → 140, ``"20 rpm"`` → 20."""
    value = first_number(text)
    if value is None or not 0 < value <= maximum:
        return None
    return int(value.to_integral_value())


def seconds(text: str) -> Decimal | None:
    """Capillary refill time in seconds: ``"2 seg"``, ``'2"'``, ``"<2"`` → 2."""
    value = first_number(text)
    if value is None or value > 60:
        return None
    return value.quantize(Decimal("0.01"))


def body_condition(text: str) -> tuple[Decimal | None, int | None]:
    """``"3/5"`` → (3, 5); ``"5/9"`` → (5, 9); ``"4"`` → (4, None): the scale is not guessed."""
    found = _SCORE.match(text or "")
    if found is None or len(found.group(2) or "") > 1:  # a scale is 5 or 9
        return None, None
    score = Decimal(found.group(1).replace(",", "."))
    scale = int(found.group(2)) if found.group(2) else None
    if scale not in (5, 9, None) or not 0 < score <= (scale or 9):
        return None, None
    return score.quantize(Decimal("0.1")), scale
