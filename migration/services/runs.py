"""``run_import``: a whole OkVet export (folder or ZIP) as one migration run.

Every file is opened first and recognised by its columns; then the tables are imported in the
plan's order (owners → pets → clinical history → vaccinations → appointments), one batch per
table (a table's yearly files together, so rows repeated across them count as duplicates), all
under one ``MigrationRun``. A dry run runs the whole chain for real inside one transaction — pets
find the owners imported a moment before — rolls it all back, then writes the report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from migration.errors import (
    LoadError,
    MigrationError,
    PartialRunError,
    SourceError,
    UnexpectedError,
)
from migration.i18n import gettext_noop
from migration.load.tracking import DryReports
from migration.models import MigrationBatch, MigrationRun
from migration.read.archives import check_archive, unpacked
from migration.read.mapping import load_mapping
from migration.read.sources import SourceTable, export_files, open_table
from migration.services.documents import files_import, has_references
from migration.services.imports import ImportOptions, Progress, batch_import, check_options
from migration.services.interrupted import complete_interrupted_runs, while_importing
from migration.services.limits import source_limits
from migration.services.pipeline import few_collections
from migration.services.plan import PLAN
from migration.services.progress import plan_run
from migration.services.results import BatchResult

CATALOG_TABLE = "vaccine_types"


@dataclass(frozen=True)
class RunResult:
    run_id: int
    dry_run: bool
    status: str
    batches: list[BatchResult]
    files: dict[str, str] = field(default_factory=dict)
    not_imported: dict[str, str] = field(default_factory=dict)
    completes: list[int] = field(default_factory=list)  # interrupted runs this one completed

    def to_dict(self) -> dict:
        return asdict(self)


@while_importing
def run_import(
    *,
    source: str,
    options: ImportOptions,
    files: str | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """``files``: a folder or ZIP of ``VetFiles/…`` whose files the references point at."""
    check_options(options)
    limits = source_limits()
    if files:
        check_archive(files, limits=limits)  # refused before anything is written
    with unpacked(source, limits=limits) as folder:
        found = _discover(folder, options, limits)
        groups, catalog, not_imported = _group(found)
        run = MigrationRun.objects.create(
            source=source, is_dry_run=options.dry_run, started_at=timezone.now()
        )
        options = replace(options, run_id=run.pk, catalog=options.catalog or catalog)
        if files is None and (folder / "VetFiles").is_dir():
            files = str(folder)
        try:
            batches = _import_all(groups, options, files, progress)
        except Exception as exc:
            error = _failed(run, exc, dry_run=options.dry_run)
            if error is exc:
                raise
            raise error from exc
    skipped = ", ".join(f"{name} ({table})" for name, table in sorted(not_imported.items()))
    _close(
        run,
        MigrationBatch.Status.COMPLETED,
        gettext("Not imported: {files}").format(files=skipped) if skipped else "",
    )
    completes = []
    if not options.dry_run:
        completes = complete_interrupted_runs(run_id=run.pk, source=source)
    return RunResult(
        run_id=run.pk,
        dry_run=options.dry_run,
        status=MigrationBatch.Status.COMPLETED,
        batches=batches,
        files={path: table.table for path, table in found},
        not_imported=not_imported,
        completes=completes,
    )


def _failed(run: MigrationRun, exc: Exception, *, dry_run: bool) -> MigrationError:
    """The run closed as failed, and the one line to show: the batch's own error when nothing
    of the run stayed (a dry run, or a first batch), else one naming the batches kept."""
    if isinstance(exc, MigrationError):
        error = exc
    elif isinstance(exc, DatabaseError):
        error = LoadError(gettext_noop("the database refused the import: {error}"), error=exc)
    else:
        error = UnexpectedError.of(exc)
    kept = [] if dry_run else _completed_batches(run)
    if kept:
        error = PartialRunError(error, run=run.pk, batches=kept)
    _close(run, MigrationBatch.Status.FAILED, error.render(gettext))
    return error


def _completed_batches(run: MigrationRun) -> list[int]:
    done = MigrationBatch.objects.filter(run=run, status=MigrationBatch.Status.COMPLETED)
    return list(done.order_by("pk").values_list("pk", flat=True))


def _close(run: MigrationRun, status: str, notes: str) -> None:
    MigrationRun.objects.filter(pk=run.pk).update(
        status=status, completed_at=timezone.now(), notes=notes
    )


def _import_all(groups, options: ImportOptions, files, progress) -> list[BatchResult]:
    steps = [(step, groups[step.table]) for step in PLAN if step.table in groups]
    plan_run(progress, {step.batch_type: [table for _, table in opened] for step, opened in steps})
    if not options.dry_run:
        return _run_steps(steps, options, files, progress, None)
    reports = DryReports()
    with transaction.atomic():
        results = _run_steps(steps, options, files, progress, reports)
        batches = list(MigrationBatch.objects.filter(run_id=options.run_id).values())
        transaction.set_rollback(True)
    with few_collections():
        reports.write(
            first=lambda: MigrationBatch.objects.bulk_create(
                [MigrationBatch(**row) for row in batches]
            )
        )
    return results


def _run_steps(steps, options, files, progress, collected) -> list[BatchResult]:
    """The export's tables in plan order, then the file references their records hold."""
    results = [
        batch_import(
            batch_type=step.batch_type,
            options=replace(options, files=[path for path, _ in opened]),
            progress=progress,
            collect=collected,
            sources=[table for _, table in opened],
        )
        for step, opened in steps
    ]
    if files or has_references():
        results.append(
            files_import(options=options, files=files, progress=progress, collect=collected)
        )
    return results


def _discover(folder: Path, options: ImportOptions, limits) -> list[tuple[str, SourceTable]]:
    """Every data file under ``folder`` and the OkVet table it holds (by its columns)."""
    mapping = load_mapping(options.mapping) if options.mapping else None
    found = []
    for path, name in export_files(folder):
        table = open_table(path, mapping=mapping, display_name=name, root=folder, limits=limits)
        found.append((str(path), table))
    if not found:
        raise SourceError(gettext_noop("no OkVet export files found"), file=folder.name)
    return found


def _group(found: list[tuple[str, SourceTable]]):
    """Opened files by table; each is read once more only for its rows, not detected again."""
    groups: dict[str, list[tuple[str, SourceTable]]] = {}
    catalog, not_imported = None, {}
    planned = {step.table for step in PLAN}
    for path, table in found:
        if table.table == CATALOG_TABLE:
            catalog = catalog or path
        elif table.table in planned:
            groups.setdefault(table.table, []).append((path, table))
        else:
            not_imported[Path(path).name] = table.table
    return groups, catalog, not_imported
