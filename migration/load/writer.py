"""Bulk inserts that bypass the ORM's per-object work, with ids allocated up front.

``bulk_create`` builds a model instance per row; a migration writes hundreds of thousands of rows,
so this writer sends plain tuples: ``executemany`` on SQLite and ``COPY`` on PostgreSQL (psycopg 3).
Ids are allocated before the insert so that children can point at their parents in the same
chunk: from the table's sequence on PostgreSQL (safe with concurrent writers), and from
``max(id, sqlite_sequence)`` on SQLite, which is safe because the import transaction has already
written (and so holds SQLite's single write lock) when the first id is allocated.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from django.db import connection, models

# sqlite3 binds a bool (an int subclass) through its adapter lookup, 3× slower than an int;
# with this adapter it binds as the same integer, half the cost. Django registers none for bool.
sqlite3.register_adapter(bool, int)

Converter = Callable[[Any], Any]
ID_BLOCK = 512
QUERY_KEYS = 900
"""Keys per lookup query: under SQLite's historical limit of 999 parameters."""


PG_QUERY_KEYS = 20_000
"""Keys per lookup query on PostgreSQL, where they travel as one array parameter."""


def rows_where_in(sql: str, keys: Sequence[Any], params: Sequence[Any] = ()) -> Iterator[tuple]:
    """Rows of ``sql``, whose ``IN ({marks})`` is a list of ``keys``; ``params`` come before the
    keys. Plain SQL: the ORM's per-value work is a measurable part of a large import's lookups.
    On SQLite ``QUERY_KEYS`` keys a query, each a parameter; on PostgreSQL the keys are one array
    (``= ANY(%s)``): a placeholder per key made the driver parse and quote a long statement and
    the server plan it, about a sixth of an owners import on an empty database."""
    as_array = connection.vendor == "postgresql"
    if as_array:
        assert "IN ({marks})" in sql, sql
        sql = sql.replace("IN ({marks})", "= ANY(%s)")
    per_query = PG_QUERY_KEYS if as_array else QUERY_KEYS
    with connection.cursor() as cursor:
        for start in range(0, len(keys), per_query):
            part = keys[start : start + per_query]
            if as_array:
                cursor.execute(sql, [*params, list(part)])
            else:
                cursor.execute(sql.format(marks=", ".join(["%s"] * len(part))), [*params, *part])
            yield from cursor.fetchall()


_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def to_json(value: Any) -> str | None:
    """JSON text as ``json.dumps(value, ensure_ascii=False, default=str)`` writes it, 4× faster:
    a consult's source row is ~100 cells of free text."""
    if value is None:
        return None
    return orjson.dumps(value, default=str, option=_JSON_OPTIONS).decode()


_combine = datetime.combine


def _sqlite_datetime(value: datetime | str | None, _last: list = [None, None]) -> str | None:  # noqa: B006
    """What Django's SQLite backend stores (naive UTC text), without its per-call overhead.

    Most datetimes of a chunk are the same ``now`` (every row's ``created_at``): the last
    conversion is remembered. Text is taken as already converted (``sqlite_values``).
    """
    if value is None or type(value) is str:
        return value
    if value is _last[0]:
        return _last[1]
    naive, offset = value, value.utcoffset()
    if offset is not None:
        # ``value.astimezone(UTC).replace(tzinfo=None)``, without ``replace``'s slow keywords
        naive = _combine(value, value.time()) - offset
    _last[0], _last[1] = value, naive.isoformat(" ")
    return _last[1]


def _iso(value: date | str | None) -> str | None:
    return value if value is None or type(value) is str else value.isoformat()


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def sqlite_values(fields: dict[str, Any]) -> None:
    """Turn a converted row's datetimes, dates and decimals into the text SQLite stores, as
    ``TableWriter`` would, and its booleans into the integers it stores, in place. The
    conversion worker does it, so that the importing process neither pickles nor converts
    them; ``TableWriter`` passes such values through."""
    for key, value in fields.items():
        kind = type(value)
        if kind is str:  # most of them
            continue
        if kind is datetime:
            fields[key] = _sqlite_datetime(value)
        elif kind is date:
            fields[key] = value.isoformat()
        elif kind is Decimal:
            fields[key] = str(value)
        elif kind is bool:
            fields[key] = int(value)


def stored_datetime(value: datetime) -> datetime | str:
    """A timestamp as the writer stores it (text on SQLite), for a value many rows share:
    converted once, the rows pass it through."""
    return _sqlite_datetime(value) if connection.vendor == "sqlite" else value


def value_converter() -> Callable[[dict[str, Any]], None] | None:
    """``sqlite_values`` on SQLite; ``None`` on PostgreSQL, whose ``COPY`` takes the objects."""
    return sqlite_values if connection.vendor == "sqlite" else None


def _converter(field: models.Field) -> Converter | None:
    if isinstance(field, models.JSONField):
        return to_json
    if connection.vendor != "sqlite":
        return None
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime
    if isinstance(field, models.DateField):
        return _iso
    if isinstance(field, models.DecimalField):
        return _decimal
    return None


class TableWriter:
    """Writes rows of one model: ``columns`` are field attnames, rows are tuples in that order."""

    def __init__(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        json_text: frozenset[str] = frozenset(),
    ) -> None:
        """``json_text``: JSON columns whose values come as JSON text already, written as
        they are."""
        self.model = model
        self.table = model._meta.db_table
        self.columns = tuple(columns)
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        fields = [by_attname[c] for c in self.columns]
        converters = [
            (i, conv)
            for i, f in enumerate(fields)
            if f.attname not in json_text and (conv := _converter(f))
        ]
        # JSON takes every value; the others leave text (``sqlite_values``) and NULL as they are
        self._json = [i for i, conv in converters if conv is to_json]
        self._typed = [(i, conv) for i, conv in converters if conv is not to_json]
        self._next_id: int | None = None
        self._pool: list[int] = []
        self._sequence: int | None = None  # PostgreSQL: the oid of the table's id sequence

    def next_id(self) -> int:
        """One primary key; on PostgreSQL taken from a block reserved in one query."""
        if not self._pool:
            self._pool = self.allocate_ids(ID_BLOCK)
            self._pool.reverse()
        return self._pool.pop()

    def allocate_ids(self, count: int) -> list[int]:
        """Reserve ``count`` primary keys for rows about to be written."""
        if count == 0:
            return []
        if connection.vendor == "postgresql":
            return self._allocate_pg(count)
        first = self.allocate_block(count)
        return list(range(first, first + count))

    def allocate_block(self, count: int) -> int:
        """Reserve ``count`` consecutive primary keys on SQLite; the first of them."""
        assert connection.vendor == "sqlite", "consecutive ids are a SQLite allocation"
        if self._next_id is None:
            self._next_id = self._sqlite_high_water() + 1
        first, self._next_id = self._next_id, self._next_id + count
        return first

    def _allocate_pg(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if self._sequence is None:
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, 'id')::regclass::oid", [self.table]
                )
                self._sequence = cursor.fetchone()[0]
            # the sequence by its oid (looked up once, not once per id) and the ids as one
            # array, not a row each: together a fifth of the time per id
            cursor.execute(
                "SELECT array_agg(nextval(%s::oid)) FROM generate_series(1, %s)",
                [self._sequence, count],
            )
            return cursor.fetchone()[0]

    def _sqlite_high_water(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.table}"')
            high = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            seq = cursor.fetchone()
        return max(high, seq[0] if seq else 0)

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows`` (each already holding its ``id`` if ``id`` is a column)."""
        prepared = [self._prepare(row) for row in rows]
        if not prepared:
            return 0
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", prepared)
        return len(prepared)

    def _prepare(self, row: Sequence[Any]) -> Sequence[Any]:
        if not (self._json or self._typed):
            return row
        values = list(row)
        for i in self._json:
            values[i] = to_json(values[i])
        for i, conv in self._typed:
            value = values[i]
            if value is not None and type(value) is not str:
                values[i] = conv(value)
        return values
