"""The report of a batch: one ``MigrationRecord`` per source row, one ``DataQualityIssue`` each.

Rows are spooled to a temporary file while the batch runs and written in bulk at the end: inside
the import transaction for a real run, after the rollback for a dry run (so the report of what
would happen survives). Memory stays flat: the spool lives on disk.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import Counter
from collections.abc import Callable
from typing import Any

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
JSON_TEXT = frozenset({"source_data", "validation_errors"})


CELL_KINDS = ("mapped", "preserved", "dropped", "unaccounted")


class TrackingSpool:
    """Collects what became of each row, counting statuses and issue codes as it goes.

    Every ``FLUSH_EVERY`` rows the report rows are built (ids, rendered messages) and either
    written at once — a real run writes its report in its own transaction — or, with
    ``defer`` (a dry run), pickled to a temporary file and written by ``write()`` after the
    rollback. Both do the same work; the dry run only adds the round trip through the file.
    """

    def __init__(
        self,
        batch_id: int,
        target_model: str,
        *,
        translate: Callable[[str], str],
        defer: bool = False,
    ) -> None:
        self.batch_id = batch_id
        self.target_model = target_model
        self.translate = translate
        self.defer = defer
        self.statuses: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.deleted = 0
        self.cells: Counter[str] = Counter({kind: 0 for kind in CELL_KINDS})
        # a row's source data is JSON text already (``Ledger.source``), its codes made so in add()
        self._records = TableWriter(MigrationRecord, RECORD_COLUMNS, json_text=JSON_TEXT)
        self._issues = TableWriter(DataQualityIssue, ISSUE_COLUMNS)
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by write() or discard()
        self._chunk: list[tuple] = []
        self._late: list[tuple] = []
        self._now = stored_datetime(timezone.now())

    def add(self, row: RowLike, conv: Converted, outcome: Outcome) -> None:
        """Count the row and build its report rows at once: the record (without its id) and
        one issue row per problem (without the record's id)."""
        status = outcome.status
        self.statuses[status] += 1
        self.deleted += outcome.deleted
        entry = conv.ledger  # set where the row was converted
        cells = self.cells
        # Where each non-empty source cell went: ``mapped`` to a field, ``preserved`` verbatim
        # in the record's legacy extras, ``dropped`` with the row, whose issue says why
        # (soft-deleted, duplicate, error), or ``unaccounted``: a cell that went nowhere, a bug
        # the tests assert never happens.
        if status != IMPORTED:
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
        target = self.target_model if outcome.target_id is not None else ""
        record = (self.batch_id, status, legacy, file, number, entry.source, target)
        record += (outcome.target_id, fatal, codes, outcome.duplicate_of, now)
        self._chunk.append((record, rows))
        if len(self._chunk) >= FLUSH_EVERY:
            self._flush()

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
        if self.defer:
            pickle.dump(rows, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            self._insert(rows)

    def _insert(self, entries: list[tuple[tuple, list[tuple]]]) -> None:
        """Ids are taken here, at write time: spools of a dry run are written one after the
        other once everything is rolled back, and must not reuse each other's ids."""
        ids = self._records.allocate_ids(len(entries))
        records, issues, batch = [], [], self.batch_id
        for record_id, (record, found) in zip(ids, entries, strict=True):
            records.append((record_id, *record))
            if found:
                issues.extend((batch, record_id, *issue) for issue in found)
        self._records.write(records)
        self._issues.write(issues)

    def write(self) -> None:
        """Write what is left (a real run) or everything spooled (a dry run)."""
        if self._chunk:
            self._flush()
        self._file.seek(0)
        while True:
            try:
                self._insert(pickle.load(self._file))
            except EOFError:
                break
        self._issues.write(self._late)
        self._file.close()

    def discard(self) -> None:
        self._file.close()


def describe(issue: Issue, translate: Callable[[str], str]) -> str:
    params: dict[str, Any] = {"value": issue.value, "column": issue.column}
    for key, value in issue.params.items():
        params[key] = translate(value) if isinstance(value, str) and key in WORDS else value
    return render(CATALOG[issue.code].template, params, translate)


WORDS = frozenset({"kind", "reason", "species"})
