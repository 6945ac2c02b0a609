"""Bulk corrections outside the admin: failed rows out to a spreadsheet, corrected rows back in.

``errors_export`` lists a batch's rows that failed (errors, and rows skipped for a critical
reason) with their source columns and issues. ``batch_retry`` re-imports the corrected file
into the same batch: the failed records of those rows are replaced by the new outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.db.models import Q

from migration.convert.base import legacy_key
from migration.errors import CorrectionError
from migration.i18n import gettext_noop
from migration.models import MigrationBatch, MigrationRecord, MigrationRun
from migration.read.declarations import TABLES
from migration.read.sources import SourceRow, SourceTable, open_table
from migration.services.imports import ImportOptions, Progress, Retry, batch_import
from migration.services.limits import source_limits
from migration.services.plan import STEPS
from migration.services.results import BatchResult

STATUS_COLUMN, ISSUES_COLUMN = "_status", "_issues"
FORMULA_CHARS = frozenset("=+-@＝＋－＠")
"""What starts a formula in a spreadsheet, in ASCII and in full width (Excel and LibreOffice
read ``＝1+1`` as ``=1+1``)."""
CONTROL_STARTS = frozenset("\t\r\n")


@dataclass(frozen=True)
class FailedRows:
    columns: list[str]
    rows: Iterator[list[str]]


def _runs(value: str) -> bool:
    """Whether a spreadsheet may run the cell: ``"=1+1"``, ``" =1+1"``, ``"\n=1"``,
    ``"＝1"``, ``"\u3000＋1"`` (leading whitespace is trimmed on entry), and any cell starting
    with a tab, a carriage return or a line feed."""
    return value[:1] in CONTROL_STARTS or value.lstrip()[:1] in FORMULA_CHARS


def _quoted(value: str) -> bool:
    """Whether ``formula_safe`` quotes ``value``: a cell that runs, or one that would read
    back as one after the leading quotes it already has (``"'=1"`` becomes ``"''=1"``)."""
    return _runs(value.lstrip("'"))


def formula_safe(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs: ``"=HYPERLINK(…)"`` → ``"'=HYPERLINK(…)"``;
    ``unquote`` gives every value back exactly."""
    return f"'{value}" if _quoted(value) else value


def unquote(value: str) -> str:
    """``formula_safe`` undone: ``unquote(formula_safe(v)) == v`` for every text ``v``."""
    return value[1:] if value[:1] == "'" and _quoted(value[1:]) else value


def _batch(batch_id: int) -> MigrationBatch:
    batch = MigrationBatch.objects.filter(pk=batch_id, is_dry_run=False).first()
    if batch is None or batch.batch_type not in STEPS or not STEPS[batch.batch_type].read:
        raise CorrectionError(
            gettext_noop("there is no real import batch {batch} read from files"), batch=batch_id
        )
    if MigrationRun.objects.filter(pk=batch.run_id, purged_at__isnull=False).exists():
        raise CorrectionError(
            gettext_noop(
                "the source rows of batch {batch} (run {run}) were purged: its failed rows can "
                "no longer be exported or retried"
            ),
            batch=batch_id,
            run=batch.run_id,
        )
    return batch


def _failed(batch: MigrationBatch):
    critical = Q(issues__severity="critical")
    return (
        MigrationRecord.objects.filter(batch=batch)
        .filter(Q(status=MigrationRecord.Status.ERROR) | (Q(status="skipped") & critical))
        .distinct()
        .order_by("source_row", "pk")
    )


def errors_export(*, batch_id: int) -> FailedRows:
    batch = _batch(batch_id)
    spec = TABLES[STEPS[batch.batch_type].table]
    failed = _failed(batch)
    seen: dict[str, None] = {}
    for data in failed.values_list("source_data", flat=True):
        seen.update(dict.fromkeys(data))
    columns = [c for c in spec.known if c in seen] + [c for c in seen if c not in spec.known]

    def rows() -> Iterator[list[str]]:
        for record in failed.prefetch_related("issues"):
            issues = "; ".join(f"{i.issue_type}: {i.description}" for i in record.issues.all())
            values = [str(record.source_data.get(c, "")) for c in columns]
            yield [formula_safe(v) for v in (*values, record.status, issues)]

    header = [formula_safe(c) for c in (*columns, STATUS_COLUMN, ISSUES_COLUMN)]
    return FailedRows(columns=header, rows=rows())


class Corrected:
    """The corrected file's rows, without the export's own columns and quoting."""

    def __init__(self, table: SourceTable) -> None:
        self.table = table

    @property
    def rows(self) -> Iterator[SourceRow]:
        for row in self.table.rows:
            extras = {unquote(k): unquote(v) for k, v in row.extras.items()}
            extras = {k: v for k, v in extras.items() if not k.startswith("_")}
            values = {k: unquote(v) for k, v in row.values.items()}
            yield SourceRow(row.file, row.sheet, row.row, values, extras)


def batch_retry(
    *, batch_id: int, file: str, options: ImportOptions, progress: Progress | None = None
) -> BatchResult:
    """A dry run reports, in a dry-run batch of its own, what the retry would do."""
    batch = _batch(batch_id)
    step = STEPS[batch.batch_type]
    corrected = Corrected(open_table(file, expected=step.table, limits=source_limits()))
    options = replace(options, files=[file], run_id=batch.run_id)
    if options.dry_run:
        return batch_import(batch_type=step.batch_type, options=options, sources=[corrected])
    ids = {legacy_key(r.values.get("id", "")) for r in corrected.rows}
    return batch_import(
        batch_type=step.batch_type,
        options=options,
        progress=progress,
        sources=[corrected],
        into=Retry(batch, ids),
    )
