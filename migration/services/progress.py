"""How an import reports its progress: one protocol for every receiver.

A receiver is called with the rows done since its last call. It may also want to know what is
ahead: ``plan`` (once, at the start of a run: batch type → source rows to do), ``begin`` (a
batch, one table, starts: its rows to do) and ``end`` (that batch finished, committed or rolled
back). Those are called only when the receiver has them, and the rows are counted only then:
``--no-progress`` and a receiver without them pay nothing. A count that is not cheap is
``None`` (a progress bar shows no percentage for it).

The terminal's bar (``migration.management.progress``) and the console's background task are
both receivers::

    plan({"clients": 150, "pets": 220})
    begin(batch_type="clients", total=150); 150 rows reported; end(batch_type="clients")
    begin(batch_type="pets", total=220); ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from django.db import DatabaseError


class Progress(Protocol):
    """Rows done since the last call; optionally ``plan``, ``begin`` and ``end`` (see above)."""

    def __call__(self, rows: int) -> None: ...


def wants(progress: object, method: str) -> bool:
    """Whether ``progress`` is a receiver with ``method`` (``plan``, ``begin``, ``end``)."""
    return progress is not None and callable(getattr(progress, method, None))


def announce_plan(progress: Progress | None, totals: dict[str, int | None]) -> None:
    if wants(progress, "plan"):
        progress.plan(dict(totals))


def announce_begin(progress: Progress | None, *, batch_type: str, total: int | None) -> None:
    if wants(progress, "begin"):
        progress.begin(batch_type=batch_type, total=total)


def announce_end(progress: Progress | None, *, batch_type: str) -> None:
    if wants(progress, "end"):
        progress.end(batch_type=batch_type)


def rows_to_do(tables: Iterable) -> int | None:
    """The rows a batch's sources will give (each source's ``row_count``); ``None`` when one of
    them cannot tell cheaply."""
    total = 0
    for table in tables:
        count = getattr(table, "row_count", None)
        if count is None:
            return None
        total += count
    return total


def plan_run(progress: Progress | None, batches: dict[str, list]) -> None:
    """``plan`` with each batch's rows to do (batch type → its sources), counted only when the
    receiver has ``plan``."""
    if wants(progress, "plan"):
        announce_plan(progress, {kind: rows_to_do(tables) for kind, tables in batches.items()})


@contextmanager
def announced(progress: Progress | None, batch_type: str, tables: list) -> Iterator[None]:
    """``begin`` (with the batch's rows to do, counted only when the receiver has ``begin``)
    before the batch, ``end`` after it however it finishes."""
    if wants(progress, "begin"):
        announce_begin(progress, batch_type=batch_type, total=_counted(tables))
    try:
        yield
    finally:
        announce_end(progress, batch_type=batch_type)


def _counted(tables: list) -> int | None:
    """The rows to do, or ``None`` when the database cannot count them (file references): the
    batch then fails in its own transaction, with its own one-line error, not here."""
    try:
        return rows_to_do(tables)
    except DatabaseError:
        return None
