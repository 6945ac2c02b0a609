"""Message templates for the layers that must not import Django.

``read`` and ``convert`` describe problems with English templates marked by ``gettext_noop``
(so ``makemessages`` collects them) and keyword parameters; the service and command layers
translate them with Django's ``gettext`` in the active language (Spanish by default).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a template for translation without translating it here."""
    return message


def render(
    template: str,
    params: Mapping[str, Any],
    translate: Callable[[str], str] = gettext_noop,
) -> str:
    """Fill a (translated) template; a template that does not fit its params is shown raw.

    >>> render("{file}: unknown column {column!r}", {"file": "a.csv", "column": "x"})
    "a.csv: unknown column 'x'"
    """
    text = translate(template)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return f"{text} {dict(params)!r}"
