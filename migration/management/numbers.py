"""Numbers in the commands' output, written as the active language writes them.

The summaries' messages keep Python's format specs (``"Imported: {n:,}"``, ``"{s:.1f} s"``),
so translators see where a number goes and how it is grouped; ``Number`` gives those specs the
language's separators: ``1.943`` and ``2,5`` in Spanish (as the clinic writes them), ``1,943``
and ``2.5`` in English::

    >>> from django.utils import translation
    >>> with translation.override("es"):
    ...     "{n:,} filas en {s:.1f} s".format(n=Number(1943), s=Number(2.46))
    '1.943 filas en 2,5 s'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from django.utils.formats import number_format

SPEC = re.compile(r"(?P<align>(?:.?[<>^=])?)(?P<width>\d*)(?P<group>,?)(?:\.(?P<places>\d+))?[df]?")
"""The part of Python's format-spec mini-language the summaries use: ``>8,``, ``,.0f``, ``.1f``."""


class Number:
    """A number formatted by the active language: its spec's width, alignment, grouping
    (``,``) and decimal places (rounded as Python rounds them) are kept, the separators are
    the language's."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        parts = SPEC.fullmatch(spec)
        if parts is None:
            return format(self.value, spec)
        places = None if parts["places"] is None else int(parts["places"])
        value = self.value if places is None else Decimal(f"{self.value:.{places}f}")
        text = number_format(value, decimal_pos=places, force_grouping=bool(parts["group"]))
        return format(text, parts["align"] + parts["width"])

    def __str__(self) -> str:
        return format(self, ",")


def numbers(values: Mapping[str, object]) -> dict[str, object]:
    """The same mapping with every number wrapped, for ``message.format(**numbers(counts))``."""
    return {
        key: Number(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
        for key, value in values.items()
    }
