"""``batch_import``: one source type from one or more files, in one transaction.

A dry run is the real run rolled back: the same code path, with ``set_rollback(True)`` at the
end; the batch's records and issues are written after the rollback so the report survives.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import DatabaseError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from migration.convert.base import ConvertContext, Converted
from migration.convert.cleaners import known_region
from migration.convert.vaccines import catalog_names
from migration.errors import LoadError, MigrationError, PartialRunError, UnexpectedError
from migration.i18n import gettext_noop
from migration.issues import CATALOG
from migration.load.base import SYNC_STATUSES, LoadContext, LoadOptions
from migration.load.idmap import IdMap, fingerprints
from migration.load.tracking import DryReports, TrackingSpool
from migration.models import MigrationBatch, MigrationRecord
from migration.read.declarations import KEY, TABLES
from migration.read.mapping import load_mapping
from migration.read.sources import SourceRow, SourceTable, open_table
from migration.services.constraints import check_deferred, watched
from migration.services.interrupted import while_importing
from migration.services.limits import source_limits
from migration.services.pipeline import converted_chunks, few_collections, worth_a_worker
from migration.services.plan import STEPS, Step
from migration.services.progress import Progress, announced
from migration.services.results import BatchResult, IssueCount


@dataclass(frozen=True)
class ImportOptions:
    files: list[str]
    mapping: str | None = None
    dry_run: bool = False
    batch_size: int = 2000
    load: LoadOptions = field(default_factory=LoadOptions)
    time_zone: str = "America/Bogota"
    default_region: str = "CO"
    today: date | None = None
    created_by_id: int | None = None
    run_id: int | None = None
    catalog: str | None = None
    parallel: bool | None = None  # a conversion worker process; None: when the files are large


@while_importing
def batch_import(
    *,
    batch_type: str,
    options: ImportOptions,
    progress: Progress | None = None,
    collect: DryReports | None = None,
    sources: list | None = None,
    into: Retry | None = None,
) -> BatchResult:
    """Import ``options.files`` as one batch of ``batch_type`` and return what happened.

    ``collect`` is for a dry run of a whole export: the batch is run for real inside the
    caller's transaction (so the next step sees its rows), and its report is kept there, to be
    written by the caller after it rolls everything back. ``sources`` replaces the
    files as the rows' origin (file references read back from imported records). ``into``
    re-imports corrected rows into an existing batch, replacing their earlier records.
    """
    step = STEPS[batch_type]
    cctx = _convert_context(options)
    tables = sources if sources is not None else _open_tables(step, options)
    parallel = _parallel(options, tables)
    batch = into.batch if into is not None else _open_batch(step, options)
    own_rollback = options.dry_run and collect is None
    dry = collect if collect is not None else DryReports() if options.dry_run else None
    with few_collections(), announced(progress, step.batch_type, tables):
        started = time.perf_counter()  # after the count of the rows to do, if any
        try:
            spool = TrackingSpool(batch.id, step.target_model, translate=gettext, dry=dry)
            with transaction.atomic(), watched(enabled=options.dry_run) as written:
                MigrationBatch.objects.filter(pk=batch.pk).update(started_at=timezone.now())
                if into is not None:
                    into.forget()
                ctx = _load_context(batch, options, step, cctx)
                _run(step, tables, spool, ctx, cctx, options, progress, parallel)
                if options.dry_run:
                    spool.finish()
                    check_deferred(written)
                else:
                    spool.write()
                if own_rollback:
                    transaction.set_rollback(True)
                else:
                    result = _finish(batch, spool, time.perf_counter() - started, into)
            if own_rollback:
                dry.write()
                result = _finish(batch, spool, time.perf_counter() - started, into)
        except MigrationError as exc:
            _fail(batch, dry, exc.render(gettext))
            raise
        except DatabaseError as exc:
            _fail(batch, dry, str(exc))
            raise LoadError(
                gettext_noop("the database refused the import: {error}"), error=exc
            ) from exc
        except Exception as exc:  # a bug: the batch still fails, and says so in one line
            error = UnexpectedError.of(exc)
            _fail(batch, dry, error.render(gettext))
            raise error from exc
    return result


def batches_in_turn(imports: Iterable[Callable[[], BatchResult]]) -> list[BatchResult]:
    """Batches imported one after another, each committed on its own: when one fails after
    others were committed, its error names them (``PartialRunError``, exit code 1 not 2)."""
    results: list[BatchResult] = []
    for one in imports:
        try:
            results.append(one())
        except MigrationError as exc:
            kept = [result.batch_id for result in results if not result.dry_run]
            if not kept:
                raise
            raise PartialRunError(exc, batches=kept, run=None) from exc
    return results


class Retry:
    """Corrected rows going back into their batch: their failed records are forgotten, the
    new outcome recorded, and the batch's totals recounted from its records."""

    def __init__(self, batch: MigrationBatch, source_ids: set[str]) -> None:
        self.batch, self.source_ids = batch, source_ids
        self.before = dict(batch.summary.get("cells", {}))
        self.forgotten_cells = 0

    def forget(self) -> None:
        failed = MigrationRecord.objects.filter(
            batch=self.batch, source_id__in=self.source_ids
        ).exclude(status=MigrationRecord.Status.IMPORTED)
        for data in failed.values_list("source_data", flat=True):
            self.forgotten_cells += sum(1 for v in data.values() if str(v).strip())
        failed.delete()

    def merge(self, result: BatchResult) -> BatchResult:
        by_status = dict(
            MigrationRecord.objects.filter(batch=self.batch)
            .values_list("status")
            .annotate(n=Count("id"))
        )
        counts = {
            "total": sum(by_status.values()),
            **{k: by_status.get(k, 0) for k in ("imported", "skipped", "error", "duplicate")},
            "deleted": self.batch.deleted_count + result.counts["deleted"],
        }
        cells = {k: self.before.get(k, 0) + result.cells.get(k, 0) for k in result.cells}
        cells["dropped"] = max(0, cells.get("dropped", 0) - self.forgotten_cells)
        merged = replace(result, counts=counts, cells=cells)
        _save(self.batch.pk, merged)
        return merged


def check_options(options: ImportOptions) -> ZoneInfo:
    """The time zone, and the region for phones written without a country: an unknown one is
    an argument error, refused before anything is written."""
    try:
        tz = ZoneInfo(options.time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise MigrationError(
            gettext_noop("unknown time zone {tz!r}"), tz=options.time_zone
        ) from exc
    if not known_region(options.default_region):
        raise MigrationError(
            gettext_noop("unknown region {region!r}: a country code such as CO or MX"),
            region=options.default_region,
        )
    return tz


def _convert_context(options: ImportOptions) -> ConvertContext:
    tz = check_options(options)
    names = {}
    if options.catalog:
        catalog = open_table(options.catalog, expected="vaccine_types", limits=source_limits())
        names = catalog_names(catalog.rows)
    return ConvertContext(
        tz=tz,
        default_region=options.default_region.upper(),
        today=options.today or timezone.localdate(),
        vaccine_names=names,
    )


def _parallel(options: ImportOptions, tables: list) -> bool:
    """A conversion worker only for rows read from files: rows read back from the database
    (file references, corrections) stay in this process and its transaction."""
    paths = [getattr(getattr(table, "grid", None), "path", None) for table in tables]
    if not all(paths):
        return False
    return options.parallel if options.parallel is not None else worth_a_worker(paths)


def _open_tables(step: Step, options: ImportOptions) -> list[SourceTable]:
    """Open every file up front: a wrong or incomplete file stops before anything is written."""
    mapping = load_mapping(options.mapping) if options.mapping else None
    limits = source_limits()
    return [
        open_table(path, expected=step.table, mapping=mapping, limits=limits)
        for path in options.files
    ]


def _open_batch(step: Step, options: ImportOptions) -> MigrationBatch:
    try:
        return MigrationBatch.objects.create(
            run_id=options.run_id,
            batch_type=step.batch_type,
            source_table=step.table,
            source_file=", ".join(options.files),
            source_files=list(options.files),
            status=MigrationBatch.Status.RUNNING,
            is_dry_run=options.dry_run,
            started_at=timezone.now(),
            created_by_id=options.created_by_id,
            options={
                "batch_size": options.batch_size,
                "include_deleted": options.load.include_deleted,
                "skip_duplicates": options.load.skip_duplicates,
                "full_export": options.load.full_export,
                "require_owner": options.load.require_owner,
                "mapping": options.mapping,
                "time_zone": options.time_zone,
                "default_region": options.default_region,
                "catalog": options.catalog,
            },
        )
    except DatabaseError as exc:
        raise LoadError(gettext_noop("the database is not reachable: {error}"), error=exc) from exc


def _load_context(
    batch: MigrationBatch, options: ImportOptions, step: Step, cctx: ConvertContext
) -> LoadContext:
    def reconvert(file: str, number: int | None, data: dict) -> Converted:
        cells = {str(k): "" if v is None else str(v) for k, v in data.items()}
        return step.convert(SourceRow(file or "", "", number or 0, cells), cctx)

    return LoadContext(
        reconvert=reconvert,
        batch_id=batch.pk,
        options=options.load,
        idmap=IdMap(batch.pk),
        now=timezone.now(),
        dry_run=options.dry_run,
    )


def _run(step, tables, spool, ctx, cctx, options, progress, parallel) -> None:
    loader = step.loader(ctx)
    size = chunk_size(step, options.batch_size)
    known = _known_rows(step, ctx)
    for items in converted_chunks(step, tables, cctx, size, parallel=parallel, known=known):
        for (row, conv), outcome in zip(items, loader.load(items), strict=True):
            spool.add(row, conv, outcome)
        if progress is not None:
            progress(len(items))
    if options.load.full_export:
        for row, conv, outcome in loader.absent():
            spool.add(row, conv, outcome)
            spool.absent += 1
    for where, issue in loader.finish():
        spool.add_late(where, issue)


def _known_rows(step: Step, ctx: LoadContext) -> dict[str, str] | None:
    """The fingerprints of the rows imported before, when this is a sync of a table whose
    rows are keyed by their OkVet id (a product is keyed by its code, an invoice line by its
    invoice: those are converted, then compared)."""
    keyed = step.declaration.rules.get("id")
    if keyed is None or keyed.rule != KEY or not ctx.idmap.any_of(step.source_type):
        return None
    return fingerprints(step.source_type) or None


CELLS_PER_CHUNK = 50_000


def chunk_size(step: Step, batch_size: int) -> int:
    """``--batch-size`` rows, fewer for wide tables: a consult has ~100 columns of free text,
    and a chunk of 2,000 of them (with their report rows) would cost ~50 MB."""
    spec = TABLES.get(step.table)
    width = len(spec.columns) if spec else 1
    return max(1, min(batch_size, CELLS_PER_CHUNK // width))


def _fail(batch: MigrationBatch, dry: DryReports | None, message: str) -> None:
    if dry is not None:
        dry.discard()
    MigrationBatch.objects.filter(pk=batch.pk).update(
        status=MigrationBatch.Status.FAILED, completed_at=timezone.now(), notes=message
    )


def _finish(
    batch: MigrationBatch, spool: TrackingSpool, elapsed: float, into: Retry | None
) -> BatchResult:
    """The batch's status and counts, saved in the transaction of its rows (a real run): a
    process killed at any moment leaves a batch either completed with its rows or running
    with none."""
    s = spool.statuses
    counts = {
        "total": sum(s.values()) - spool.absent,
        "imported": s["imported"],
        "skipped": s["skipped"],
        "error": s["error"],
        "duplicate": s["duplicate"],
        **{status: s[status] for status in SYNC_STATUSES if s[status]},
        **({"absent": spool.absent} if spool.absent else {}),
        "deleted": spool.deleted,
    }
    issues = [IssueCount(code, CATALOG[code].severity, n) for code, n in spool.codes.most_common()]
    result = BatchResult(
        batch_id=batch.pk,
        batch_type=batch.batch_type,
        status=MigrationBatch.Status.COMPLETED,
        dry_run=batch.is_dry_run,
        files=list(batch.source_files),
        counts=counts,
        issues=issues,
        elapsed_seconds=round(elapsed, 3),
        rows_per_second=round(counts["total"] / elapsed, 1) if elapsed > 0 else 0.0,
        cells=dict(spool.cells),
        changes=spool.changes,
        changed_columns=dict(spool.changed_columns.most_common()),
    )
    _save(batch.pk, result, status=result.status, completed_at=timezone.now())
    return into.merge(result) if into is not None else result


def _save(batch_id: int, result: BatchResult, **more) -> None:
    """The batch row's counts and summary, from a result."""
    counts = result.counts
    MigrationBatch.objects.filter(pk=batch_id).update(
        total_records=counts["total"],
        imported_count=counts["imported"],
        skipped_count=counts["skipped"],
        error_count=counts["error"],
        duplicate_count=counts["duplicate"],
        deleted_count=counts["deleted"],
        summary=result.to_dict(),
        **more,
    )
