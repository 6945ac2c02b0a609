"""What COMMIT would check, checked before a dry run rolls back.

Foreign keys are deferred (Django creates them ``DEFERRABLE INITIALLY DEFERRED``) and the
bulk writer inserts plain rows, so a row that names a missing parent — say a pet whose
``owner_id`` is 987654321 — is refused only at COMMIT. A dry run never commits: without this
check it would pass where the real run fails. Before it rolls back, a dry run checks every
deferred constraint of the tables it wrote (``connection.check_constraints``: on PostgreSQL
``SET CONSTRAINTS ALL IMMEDIATE``, on SQLite ``PRAGMA foreign_key_check`` of those tables), and
a violation is the error the real run gets at COMMIT, with the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import IntegrityError, connection

SQLITE_COMMIT_ERROR = "FOREIGN KEY constraint failed"
"""What SQLite says when COMMIT finds a deferred foreign key violated."""

_WRITE = re.compile(
    r"^\s*(?:(?P<insert>INSERT\s+(?:OR\s+\w+\s+)?INTO)|(?P<update>UPDATE)"
    r'|(?P<delete>DELETE\s+FROM))\s+"?(?P<table>\w+)"?',
    re.IGNORECASE,
)


class WrittenTables:
    """The tables a transaction writes, seen in its statements (an ``execute_wrapper``).

    A row inserted or updated can name a missing parent: its own table is checked. A row
    deleted can be a parent still named: the tables pointing at it are checked too (an update
    never changes a primary key here: checking a batch's rows at each update of the batch
    would scan every dry run's report).
    """

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self.parents: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        if found := _WRITE.match(sql):
            self.tables.add(found["table"])
            if found["delete"]:
                self.parents.add(found["table"])
        return execute(sql, params, many, context)

    def to_check(self) -> list[str]:
        """The written tables, and those whose foreign keys point at a table rows left."""
        models = apps.get_models(include_auto_created=True)
        tables = self.tables & {model._meta.db_table for model in models}
        for model in models:
            if any(
                f.is_relation and f.concrete and f.related_model._meta.db_table in self.parents
                for f in model._meta.get_fields()
                if f.related_model is not None
            ):
                tables.add(model._meta.db_table)
        return sorted(tables)


@contextmanager
def watched(*, enabled: bool = True) -> Iterator[WrittenTables]:
    """Record the tables written on this connection while the block runs (a real run need
    not: its COMMIT checks)."""
    written = WrittenTables()
    if not enabled:
        yield written
        return
    with connection.execute_wrapper(written):
        yield written


def check_deferred(written: WrittenTables) -> None:
    """Raise what COMMIT would raise if a deferred constraint of these tables is violated."""
    if connection.vendor != "sqlite":
        connection.check_constraints()
        return
    try:
        connection.check_constraints(table_names=written.to_check())
    except IntegrityError as exc:
        raise IntegrityError(SQLITE_COMMIT_ERROR) from exc
