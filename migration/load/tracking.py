"""The report of a batch: one ``MigrationRecord`` per source row, one ``DataQualityIssue`` each.

A real run writes its report as it goes, inside the import transaction. A dry run's report is
kept on disk while the batch runs (``DryReports``) and written after the rollback, so that the
report of what would happen survives. On SQLite it is kept in a scratch database file with the
report's own columns and copied in with ``INSERT … SELECT``: the copy runs inside SQLite, without
Python binding every value again, at about half the cost of inserting the rows anew; this is the
part of a dry run no worker overlaps. On PostgreSQL the rows are pickled to a temporary file and
copied in with ``COPY``. Memory stays flat either way.
"""

from __future__ import annotations

import itertools
import os
import pickle
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from migration.convert.base import Converted, RowLike
from migration.i18n import render
from migration.issues import CATALOG, CRITICAL, Issue
from migration.load.base import IMPORTED, Outcome
from migration.load.writer import TableWriter, stored_datetime, to_json
from migration.models import DataQualityIssue, MigrationRecord

RECORD_COLUMNS = (
    "id",
    "batch_id",
    "status",
    "source_id",
    "source_file",
    "source_row",
    "source_data",
    "target_model",
    "target_id",
    "error_message",
    "validation_errors",
    "duplicate_of",
    "created_at",
)
ISSUE_COLUMNS = (
    "batch_id",
    "record_id",
    "severity",
    "issue_type",
    "source_file",
    "source_row",
    "source_id",
    "field_name",
    "description",
    "source_value",
    "resolved",
    "resolution",
    "created_at",
)
FLUSH_EVERY = 2000
SHOWN_CHANGES = 500
"""A sync's changed rows kept in its batch summary, field by field (every one stays in its
record)."""
JSON_TEXT = frozenset({"source_data", "validation_errors"})


CELL_KINDS = ("mapped", "preserved", "dropped", "unaccounted")
UNCHANGED = "unchanged"
IN_THE_CLINIC = frozenset({IMPORTED, "updated", "conflict"})
"""Outcomes whose row's cells this batch put in the clinic's tables (a deactivated row's are
dropped with its reason: the row as imported before stays the version read back)."""


class TrackingSpool:
    """Collects what became of each row, counting statuses and issue codes as it goes.

    Every ``FLUSH_EVERY`` rows the report rows are built (ids, rendered messages) and either
    written at once — a real run writes its report in its own transaction — or, for a dry run
    (``dry``), kept by its ``DryReports`` and written by it after the rollback.
    """

    def __init__(
        self,
        batch_id: int,
        target_model: str,
        *,
        translate: Callable[[str], str],
        dry: DryReports | None = None,
    ) -> None:
        self.batch_id = batch_id
        self.target_model = target_model
        self.translate = translate
        self.statuses: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.deleted = 0
        self.cells: Counter[str] = Counter({kind: 0 for kind in CELL_KINDS})
        self.changes: list[dict] = []
        self.absent = 0
        """Rows of a full export's table imported before and missing from it (deactivated)."""
        self.changed_columns: Counter[str] = Counter()
        # a row's source data is JSON text already (``Ledger.source``), its codes made so in add()
        self._records = TableWriter(MigrationRecord, RECORD_COLUMNS, json_text=JSON_TEXT)
        self._issues = TableWriter(DataQualityIssue, ISSUE_COLUMNS)
        self._dry = dry
        if dry is not None:
            dry.spools.append(self)
        self._chunk: list[tuple] = []
        self._late: list[tuple] = []
        self._now = stored_datetime(timezone.now())

    def add(self, row: RowLike, conv: Converted, outcome: Outcome) -> None:
        """Count the row and build its report rows at once: the record (without its id) and
        one issue row per problem (without the record's id)."""
        status = outcome.status
        self.statuses[status] += 1
        if status == UNCHANGED and not outcome.issues:
            return  # counted: an unchanged row of a sync writes nothing, its cells are where
            # an earlier batch put them
        self.deleted += outcome.deleted
        entry = conv.ledger  # set where the row was converted
        cells = self.cells
        # Where each non-empty source cell went: ``mapped`` to a field, ``preserved`` verbatim
        # in the record's legacy extras, ``dropped`` with the row, whose issue says why
        # (soft-deleted, duplicate, error), or ``unaccounted``: a cell that went nowhere, a bug
        # the tests assert never happens.
        if status not in IN_THE_CLINIC:
            cells["dropped"] += entry.filled
        else:
            cells["preserved"] += entry.preserved
            cells["mapped"] += entry.mapped
            cells["unaccounted"] += entry.filled - entry.preserved - entry.mapped
        if not self._chunk:
            self._now = stored_datetime(timezone.now())
        now, legacy = self._now, conv.legacy_id
        file, number = getattr(row, "file", ""), getattr(row, "row", None)
        found = conv.issues + outcome.issues if outcome.issues else conv.issues
        fatal, codes, rows = "", "[]", ()
        if found:
            names = [i.code for i in found]
            self.codes.update(names)
            codes = to_json(names)
            rows = [
                (CATALOG[i.code].severity, i.code, file, number, legacy, i.column)
                + (describe(i, self.translate), i.value, False, "", now)
                for i in found
            ]
            fatal = "; ".join(r[6] for r in rows if r[0] == CRITICAL)
        if outcome.changes is not None:
            codes = to_json({"codes": [i.code for i in found], "changes": outcome.changes})
            self._keep_changes(legacy, file, number, outcome.changes)
        target = self.target_model if outcome.target_id is not None else ""
        record = (self.batch_id, status, legacy, file, number, entry.source, target)
        record += (outcome.target_id, fatal, codes, outcome.duplicate_of, now)
        self._chunk.append((record, rows))
        if len(self._chunk) >= FLUSH_EVERY:
            self._flush()

    def _keep_changes(self, legacy: str, file: str, number: int | None, changes: list) -> None:
        self.changed_columns.update(change["column"] for change in changes)
        room = SHOWN_CHANGES - len(self.changes)
        where = {"source_id": legacy, "file": file, "row": number}
        self.changes += [{**where, **change} for change in changes[: max(room, 0)]]

    def add_late(self, where: tuple[str, int | None, str], issue: Issue) -> None:
        """An issue found once the whole batch was seen; it names its row but no record."""
        self.codes[issue.code] += 1
        now = timezone.now()
        message = describe(issue, self.translate)
        self._late.append(
            (self.batch_id, None, issue.severity, issue.code, *where, issue.column, message)
            + (issue.value, False, "", now)
        )

    def _flush(self) -> None:
        rows, self._chunk = self._chunk, []
        if self._dry is None:
            insert_report(self._records, self._issues, rows)
        else:
            self._dry.keep(rows)

    def finish(self) -> None:
        """The batch's last rows: written (a real run) or kept (a dry run) after the others."""
        if self._chunk:
            self._flush()

    def write(self) -> None:
        """Write what is left of the report, and the issues only the whole batch revealed:
        for a real run, inside its transaction (a dry run's ``DryReports`` calls it)."""
        self.finish()
        self._issues.write(self._late)
        self._late = []


def insert_report(records: TableWriter, issues: TableWriter, entries: list[tuple]) -> None:
    """Report rows ``(record without id, [issue without batch and record])``, ids taken here,
    at write time: the reports of a dry run are written one after the other once everything
    is rolled back, and must not reuse each other's ids."""
    record_rows, issue_rows = numbered(entries, records.allocate_ids(len(entries)))
    records.write(record_rows)
    issues.write(issue_rows)


def numbered(entries: list[tuple], numbers: Iterable[int]) -> tuple[list[tuple], list[tuple]]:
    """Report rows given their record ids (or numbers): records, and issues naming their
    batch (a record's first value) and record."""
    record_rows, issue_rows = [], []
    for number, (record, found) in zip(numbers, entries, strict=True):
        record_rows.append((number, *record))
        if found:
            issue_rows.extend((record[0], number, *issue) for issue in found)
    return record_rows, issue_rows


class DryReports:
    """The reports of dry-run batches (one, or every batch of a whole export's dry run): kept
    on disk while the batches run, each batch's rows together (``TrackingSpool.finish`` at its
    end), then written together, in one transaction, once their writes are rolled back."""

    def __init__(self) -> None:
        self.spools: list[TrackingSpool] = []
        self._kept: ScratchReport | PickledReport | None = None

    def keep(self, entries: list[tuple]) -> None:
        if self._kept is None:
            self._kept = ScratchReport() if connection.vendor == "sqlite" else PickledReport()
        self._kept.add(entries)

    def write(self, first: Callable[[], None] | None = None) -> None:
        """Write every kept report; ``first`` runs at the start of the same transaction."""
        kept, self._kept = self._kept, None
        try:
            if kept is not None:
                kept.ready()
            with transaction.atomic():
                if first is not None:
                    first()
                if kept is not None:
                    kept.write()
                for spool in self.spools:
                    spool.write()
        finally:
            if kept is not None:
                kept.close()

    def discard(self) -> None:
        if self._kept is not None:
            self._kept.close()
            self._kept = None


class PickledReport:
    """Report rows pickled chunk by chunk to a temporary file (PostgreSQL)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._records = TableWriter(MigrationRecord, RECORD_COLUMNS, json_text=JSON_TEXT)
        self._issues = TableWriter(DataQualityIssue, ISSUE_COLUMNS)

    def add(self, entries: list[tuple]) -> None:
        pickle.dump(entries, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def ready(self) -> None:
        self._file.seek(0)

    def write(self) -> None:
        while True:
            try:
                entries = pickle.load(self._file)
            except EOFError:
                return
            insert_report(self._records, self._issues, entries)

    def close(self) -> None:
        self._file.close()


_aliases = itertools.count(1)


class ScratchReport:
    """Report rows in a scratch SQLite file (SQLite): records numbered from 0 (``seq``), issues
    pointing at their record's number, written with their own connection, without journal or
    syncs (the file is thrown away; a crash loses only a dry run's report). The import's
    connection attaches the file and copies its rows in, record ids taken in one block."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="petfriendly-report-")
        self.path = os.path.join(self._dir.name, "report.sqlite3")
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        columns = _names(RECORD_COLUMNS[1:])
        self._db.execute(f"CREATE TABLE record (seq INTEGER PRIMARY KEY, {columns})")
        self._db.execute(f"CREATE TABLE issue ({_names(ISSUE_COLUMNS)})")
        self._db.execute("BEGIN")
        self._add_record = f"INSERT INTO record VALUES ({_marks(len(RECORD_COLUMNS))})"
        self._add_issue = f"INSERT INTO issue VALUES ({_marks(len(ISSUE_COLUMNS))})"
        self._records = TableWriter(MigrationRecord, RECORD_COLUMNS, json_text=JSON_TEXT)
        self._issues = TableWriter(DataQualityIssue, ISSUE_COLUMNS)
        self.count = 0
        self._alias = ""

    def add(self, entries: list[tuple]) -> None:
        records, issues = numbered(entries, range(self.count, self.count + len(entries)))
        self._db.executemany(self._add_record, records)
        self._db.executemany(self._add_issue, issues)
        self.count += len(entries)

    def ready(self) -> None:
        """Attach the scratch file to the import's connection, before the transaction that
        copies it: SQLite detaches a file only outside the transaction that read it. Inside a
        caller's transaction it is not attached; its rows are read back instead."""
        self._db.execute("COMMIT")
        if connection.in_atomic_block:
            return
        self._alias = f"dry_report_{next(_aliases)}"
        with connection.cursor() as cursor:
            cursor.execute(f"ATTACH DATABASE %s AS {self._alias}", [self.path])

    def write(self) -> None:
        first = self._records.allocate_block(self.count)
        if not self._alias:
            self._read_back(first)
            return
        quote = connection.ops.quote_name
        issue_values = ", ".join("record_id + %s" if c == "record_id" else c for c in ISSUE_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(MigrationRecord._meta.db_table)} ({_names(RECORD_COLUMNS)}) "
                f"SELECT seq + %s, {_names(RECORD_COLUMNS[1:])} FROM {self._alias}.record "
                "ORDER BY seq",
                [first],
            )
            cursor.execute(
                f"INSERT INTO {quote(DataQualityIssue._meta.db_table)} ({_names(ISSUE_COLUMNS)}) "
                f"SELECT {issue_values} FROM {self._alias}.issue ORDER BY rowid",
                [first],
            )

    def _read_back(self, first: int) -> None:
        """The same rows, read from the scratch file and inserted ``FLUSH_EVERY`` at a time."""
        found = self._db.execute("SELECT * FROM record ORDER BY seq")
        while rows := found.fetchmany(FLUSH_EVERY):
            self._records.write([(seq + first, *rest) for seq, *rest in rows])
        found = self._db.execute("SELECT * FROM issue ORDER BY rowid")
        while rows := found.fetchmany(FLUSH_EVERY):
            self._issues.write([(batch, seq + first, *rest) for batch, seq, *rest in rows])

    def close(self) -> None:
        self._db.close()
        try:
            if self._alias:
                with connection.cursor() as cursor:
                    cursor.execute(f"DETACH DATABASE {self._alias}")
                self._alias = ""
        finally:
            self._dir.cleanup()


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(columns)


def _marks(count: int) -> str:
    return ", ".join(["?"] * count)


def describe(issue: Issue, translate: Callable[[str], str]) -> str:
    params: dict[str, Any] = {"value": issue.value, "column": issue.column}
    for key, value in issue.params.items():
        params[key] = translate(value) if isinstance(value, str) and key in WORDS else value
    return render(CATALOG[issue.code].template, params, translate)


WORDS = frozenset({"kind", "reason", "species"})
