"""The report of a batch: one ``MigrationRecord`` per source row, one ``DataQualityIssue`` each.

Rows are spooled to a temporary file while the batch runs and written in bulk at the end: inside
the import transaction for a real run, after the rollback for a dry run (so the report of what
would happen survives). Memory stays flat: the spool lives on disk.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from migration.convert.base import Converted, RowLike
from migration.i18n import render
from migration.issues import CATALOG, Issue
from migration.load.base import Outcome
from migration.load.writer import TableWriter
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


def source_data(row: RowLike) -> dict[str, str]:
    """The row as it was: canonical columns, then unknown columns under their own headers."""
    data = dict(row.values)
    for header, value in row.extras.items():
        data.setdefault(header, value)
    return data


class TrackingSpool:
    """Collects what became of each row, counting statuses and issue codes as it goes."""

    def __init__(
        self,
        batch_id: int,
        target_model: str,
        *,
        direct: Callable[[str], str] | None = None,
    ) -> None:
        """With ``direct`` (a translate function), chunks are written as they fill up instead
        of spooled: a real run writes its report in its own transaction anyway. A dry run
        spools, and writes after the rollback."""
        self.batch_id = batch_id
        self.target_model = target_model
        self.direct = direct
        self._writers: tuple[TableWriter, TableWriter] | None = None
        self.statuses: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.deleted = 0
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by write() or discard()
        self._chunk: list[tuple] = []

    def add(self, row: RowLike, conv: Converted, outcome: Outcome) -> None:
        issues = [*conv.issues, *outcome.issues]
        self.statuses[outcome.status] += 1
        self.deleted += outcome.deleted
        self.codes.update(i.code for i in issues)
        file = getattr(row, "file", "")
        where = (file, getattr(row, "row", None), conv.legacy_id)
        self._chunk.append((where, source_data(row), outcome, issues))
        if len(self._chunk) >= FLUSH_EVERY:
            self._spill()

    def _spill(self) -> None:
        if self.direct is not None:
            self._write_chunk(self._chunk, self.direct)
        else:
            pickle.dump(self._chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._chunk = []

    def _chunks(self) -> Iterator[list[tuple]]:
        if self._chunk:
            self._spill()
        self._file.seek(0)
        while True:
            try:
                yield pickle.load(self._file)
            except EOFError:
                return

    def write(self, translate: Callable[[str], str]) -> None:
        """Write every record and issue; ``translate`` renders issue messages."""
        if self.direct is not None and self._chunk:
            self._spill()
        for chunk in self._chunks():
            self._write_chunk(chunk, translate)
        self._file.close()

    def _write_chunk(self, chunk: list[tuple], translate: Callable[[str], str]) -> None:
        if self._writers is None:
            self._writers = (
                TableWriter(MigrationRecord, RECORD_COLUMNS),
                TableWriter(DataQualityIssue, ISSUE_COLUMNS),
            )
        records, issues = self._writers
        now = timezone.now()
        ids = records.allocate_ids(len(chunk))
        record_rows, issue_rows = [], []
        for record_id, (where, data, outcome, found) in zip(ids, chunk, strict=True):
            messages = [describe(i, translate) for i in found]
            record_rows.append(self._record(record_id, where, data, outcome, found, messages, now))
            issue_rows.extend(
                (
                    self.batch_id,
                    record_id,
                    i.severity,
                    i.code,
                    *where,
                    i.column,
                    m,
                    i.value,
                    False,
                    "",
                    now,
                )
                for i, m in zip(found, messages, strict=True)
            )
        records.write(record_rows)
        issues.write(issue_rows)

    def _record(self, record_id, where, data, outcome, found, messages, now) -> tuple:
        fatal = [m for i, m in zip(found, messages, strict=True) if i.severity == "critical"]
        target = self.target_model if outcome.target_id is not None else ""
        return (
            record_id,
            self.batch_id,
            outcome.status,
            where[2],
            where[0],
            where[1],
            data,
            target,
            outcome.target_id,
            "; ".join(fatal),
            [i.code for i in found],
            outcome.duplicate_of,
            now,
        )

    def discard(self) -> None:
        self._file.close()


def describe(issue: Issue, translate: Callable[[str], str]) -> str:
    params: dict[str, Any] = {"value": issue.value, "column": issue.column}
    for key, value in issue.params.items():
        params[key] = translate(value) if isinstance(value, str) and key in WORDS else value
    return render(CATALOG[issue.code].template, params, translate)


WORDS = frozenset({"kind", "reason", "species"})
