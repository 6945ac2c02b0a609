"""Values of a row as the sync compares, stores and restores them.

A converted row holds its values in the form the writer stores (a date as ISO text on SQLite),
the database gives them back typed; ``typed`` brings both to one form so that "the stored value
is still what the import wrote" is an equality. ``plain`` makes a value JSON for a before-image,
and ``typed`` reads it back, so a rollback writes exactly what was there.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import orjson
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

RELATED = "__"


@cache
def field_of(model: type[models.Model], column: str) -> models.Field:
    """The field behind ``column``: an attname (``owner_id``), a name, or ``user__email``."""
    if RELATED in column:
        head, rest = column.split(RELATED, 1)
        return field_of(model._meta.get_field(head).related_model, rest)
    for field in model._meta.concrete_fields:
        if column in (field.attname, field.name):
            return field
    raise LookupError(f"{model.__name__} has no column {column!r}")


def typed(model: type[models.Model], column: str, value: Any) -> Any:
    """``value`` in the one form a comparison needs: ``None`` for an empty value, aware UTC
    datetimes, dates, decimals, decoded JSON, plain text."""
    if value is None or value == "":
        return None
    field = field_of(model, column)
    if isinstance(field, models.JSONField):
        return orjson.loads(value) if isinstance(value, str | bytes) else value or None
    if isinstance(field, models.DateTimeField):
        return _instant(value)
    if isinstance(field, models.DateField):
        return _day(value)
    if isinstance(field, models.DecimalField):
        return _decimal(value)
    if isinstance(field, models.BooleanField):
        return bool(value) if not isinstance(value, str) else value.lower() in ("1", "true", "t")
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return int(value)
    return str(value)


def storable(model: type[models.Model], column: str, value: Any) -> Any:
    """A typed value as its column takes it: ``None`` where the column takes no null is the
    column's empty value (``""`` for text, ``{}`` for JSON)."""
    if value is not None:
        return value
    field = field_of(model, column)
    if field.null:
        return None
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField):
        return ""
    return field.get_default()


def _instant(value: Any) -> dt.datetime | None:
    found = parse_datetime(value) if isinstance(value, str) else value
    if found is None:
        return None
    if found.tzinfo is None:
        found = found.replace(tzinfo=dt.UTC)
    return found.astimezone(dt.UTC)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return parse_date(value) if isinstance(value, str) else value


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def plain(value: Any) -> Any:
    """A typed value as JSON can hold it (read back with ``typed``)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def shown(value: Any) -> str:
    """A value as a reviewer reads it in a report, as OkVet writes it: an instant in the
    clinic's zone, a number without trailing zeros, a yes/no as 1/0, empty as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value.normalize()}"
    if isinstance(value, dict | list):
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    return str(plain(value))
