"""Runs and batches left ``running`` by a dead process: found, shown, closed or completed.

A killed import leaves its run and its current batch ``running``; the database rolled that
batch's transaction back, and a batch's finish is committed with its rows, so an interrupted
batch kept nothing — only the batches completed before it did. What to do is one of:

- ``rollback_migration --run-id=N`` (``--batch-id`` for a batch of its own): undo what it kept;
- import the same export again: rows already imported are recognised (``already-imported``),
  the rest imported, and the interrupted run is closed as completed by the new one.

An interrupted dry run kept nothing at all: the next import closes it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from migration.i18n import gettext_noop
from migration.models import ExternalIdMapping, MigrationBatch, MigrationRecord, MigrationRun
from migration.services.lock import Holder, current_holder, import_lock, is_held

RUNNING = MigrationBatch.Status.RUNNING
FAILED = MigrationBatch.Status.FAILED
BATCH_NOTE = gettext_noop(
    "Interrupted: its process stopped before the batch was committed; nothing of it was kept."
)
DRY_NOTE = gettext_noop("Interrupted dry run: its process stopped; it had kept nothing.")
RUN_NOTE = gettext_noop("Interrupted; completed by run {run}.")


@dataclass(frozen=True)
class Interrupted:
    kind: str  # "run" or "batch"
    id: int
    dry_run: bool
    source: str
    started_at: datetime | None


@contextmanager
def importing() -> Iterator[Holder]:
    """The import lock; once taken, the dry runs a dead process left running are closed."""
    fresh = not is_held()
    with import_lock() as holder:
        if fresh:
            close_interrupted_dry_runs(holder)
        yield holder


def while_importing(func: Callable) -> Callable:
    """``func`` run under ``importing()``."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with importing():
            return func(*args, **kwargs)

    return wrapper


def stale(queryset: QuerySet, holder: Holder | None = None) -> QuerySet:
    """The rows of ``queryset`` (runs or batches) left ``running`` by a dead process."""
    queryset = queryset.filter(status=RUNNING)
    if holder is not None:
        queryset = queryset.filter(created_at__lt=holder.since)
    return queryset


def interrupted_condition(holder: Holder | None) -> Q:
    """The same as a condition, for the admin's annotations."""
    condition = Q(status=RUNNING)
    return condition & Q(created_at__lt=holder.since) if holder is not None else condition


def interrupted_imports(*, real_only: bool = False) -> list[Interrupted]:
    """Interrupted runs, and interrupted batches outside any interrupted run."""
    holder = current_holder()
    runs = stale(MigrationRun.objects.all(), holder)
    batches = stale(MigrationBatch.objects.all(), holder).exclude(run__in=runs)
    if real_only:
        runs, batches = runs.filter(is_dry_run=False), batches.filter(is_dry_run=False)
    found = [
        Interrupted("run", r.pk, r.is_dry_run, r.source, r.started_at) for r in runs.order_by("pk")
    ]
    found += [
        Interrupted("batch", b.pk, b.is_dry_run, b.source_file, b.started_at)
        for b in batches.order_by("pk")
    ]
    return found


def describe(found: Interrupted) -> str:
    """One line in the active language: what was interrupted and what to do."""
    if found.dry_run:
        template = gettext(
            "Dry run {id} was interrupted (its process stopped without closing it): it kept "
            "nothing; this import closes it."
        )
    elif found.kind == "run":
        template = gettext(
            "Run {id} was interrupted (its process stopped without closing it): "
            "rollback_migration --run-id={id} undoes what it kept, or import the same export "
            "again to complete it."
        )
    else:
        template = gettext(
            "Batch {id} was interrupted (its process stopped without closing it): "
            "rollback_migration --batch-id={id} undoes what it kept and closes it."
        )
    return template.format(id=found.id)


def close_interrupted_dry_runs(holder: Holder) -> None:
    """Dry runs and dry batches a dead process left running: they kept nothing."""
    now = timezone.now()
    note = gettext(DRY_NOTE)
    runs = stale(MigrationRun.objects.filter(is_dry_run=True), holder)
    MigrationBatch.objects.filter(run__in=runs, status=RUNNING).update(
        status=FAILED, completed_at=now, notes=note
    )
    runs.update(status=FAILED, completed_at=now, notes=note)
    stale(MigrationBatch.objects.filter(is_dry_run=True), holder).update(
        status=FAILED, completed_at=now, notes=note
    )


def complete_interrupted_runs(*, run_id: int, source: str) -> list[int]:
    """Close the interrupted real runs of the same export as completed by ``run_id``, whose
    import has just imported what they had not. A run whose running batch kept rows (a batch
    finished outside its transaction, before this was fixed) stays: only a rollback clears it."""
    same = [
        run.pk
        for run in stale(MigrationRun.objects.filter(is_dry_run=False), current_holder())
        if _same_source(run.source, source)
    ]
    kept = Exists(MigrationRecord.objects.filter(batch=OuterRef("pk"))) | Exists(
        ExternalIdMapping.objects.filter(batch=OuterRef("pk"))
    )
    unsafe = set(
        MigrationBatch.objects.filter(run__in=same, status=RUNNING)
        .filter(kept)
        .values_list("run_id", flat=True)
    )
    closed = [pk for pk in same if pk not in unsafe]
    now = timezone.now()
    MigrationBatch.objects.filter(run__in=closed, status=RUNNING).update(
        status=FAILED, completed_at=now, notes=gettext(BATCH_NOTE)
    )
    for pk in closed:
        MigrationRun.objects.filter(pk=pk).update(
            status=FAILED, completed_at=now, notes=gettext(RUN_NOTE).format(run=run_id)
        )
    return closed


def _same_source(stored: str, given: str) -> bool:
    return stored == given or os.path.realpath(stored) == os.path.realpath(given)
