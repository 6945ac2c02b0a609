"""``batch_rollback``: delete exactly what one batch created, walking the plan backwards.

Like Django's deletion ``Collector``, it first collects a plan (``rollback_plan``: what the
batch created, what stays because later batches use it, what else points at it), then executes
it; a dry run is the same plan without the execute step. Rows of later batches that depend on
the batch through a hard link block the rollback unless ``cascade`` is given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from migration.errors import LoadError, RollbackError
from migration.i18n import gettext_noop
from migration.models import ExternalIdMapping, MigrationBatch, MigrationRun
from migration.services.lock import holding_import_lock
from migration.services.purge import local
from migration.services.results import Dependent, RollbackResult
from migration.services.rollback_plan import RollbackPlan, rollback_plan_collect
from migration.services.rollback_sync import changed_rows, refuse_later_changes, restore_changes

CHUNK = 2000
OWNER_MODEL = "clinic.OwnerProfile"
DOCUMENT_MODEL = "clinic.Document"


@holding_import_lock
def batch_rollback(
    *, batch_id: int, dry_run: bool = False, cascade: bool = False
) -> RollbackResult:
    try:
        with transaction.atomic():
            batch = _batch(batch_id)
            plan = rollback_plan_collect(batch=batch, cascade=cascade)
            refuse_later_changes(batch)
            if plan.dependents and not cascade:
                raise RollbackError(
                    gettext_noop(
                        "batch {batch} has dependents in later batches: {list}; "
                        "roll those back first or use --cascade"
                    ),
                    batch=batch_id,
                    list=describe_dependents(plan.dependents),
                )
            restored = changed_rows(batch)
            if not dry_run:
                restore_changes(batch)
                _execute(batch, plan)
    except DatabaseError as exc:
        raise LoadError(
            gettext_noop("the database refused the rollback: {error}"), error=exc
        ) from exc
    return RollbackResult(
        batch_id=batch_id,
        dry_run=dry_run,
        deleted=plan.deleted(),
        dependents=plan.dependents,
        cascaded=cascade and bool(plan.dependents),
        kept=plan.kept(),
        cleared=plan.cleared,
        alternates_removed=plan.alternates_removed,
        restored=restored,
    )


def describe_dependents(dependents: Iterable[Dependent]) -> str:
    return "; ".join(f"{d.model} ×{d.count} ({', '.join(d.examples)})" for d in dependents)


def _batch(batch_id: int) -> MigrationBatch:
    batch = MigrationBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise RollbackError(gettext_noop("there is no batch {batch}"), batch=batch_id)
    if batch.status == MigrationBatch.Status.ROLLED_BACK:
        raise RollbackError(gettext_noop("batch {batch} is already rolled back"), batch=batch_id)
    if batch.is_dry_run:
        raise RollbackError(
            gettext_noop("batch {batch} was a dry run: it left nothing to roll back"),
            batch=batch_id,
        )
    _refuse_purged(batch.run_id)
    return batch


def _refuse_purged(run_id: int | None) -> None:
    """After the purge, the imported records are the only copy of the source rows left: a
    rollback would delete them with nothing to show what they were or to import them again."""
    run = MigrationRun.objects.filter(pk=run_id, purged_at__isnull=False).first()
    if run is not None:
        raise RollbackError(
            gettext_noop(
                "run {run} cannot be rolled back: its source rows were purged on {date}, so "
                "its records are the only copy left and nothing could show what they were or "
                "import them again"
            ),
            run=run.pk,
            date=local(run.purged_at),
        )


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _execute(batch: MigrationBatch, plan: RollbackPlan) -> None:
    _hand_over(batch, plan)
    for label in _deletion_order(plan.doomed):
        _delete(label, plan.doomed[label])
    ExternalIdMapping.objects.filter(batch=batch).delete()
    for label, ids in plan.doomed.items():
        _drop_mappings(label, ids)
    owners = apps.get_model(OWNER_MODEL)._base_manager
    for pk, entries in plan.alternates.items():
        owners.filter(pk=pk).update(alternate_contacts=entries)
    MigrationBatch.objects.filter(pk=batch.pk).update(
        status=MigrationBatch.Status.ROLLED_BACK, rolled_back_at=timezone.now()
    )


def _hand_over(batch: MigrationBatch, plan: RollbackPlan) -> None:
    """Support rows that stay pass to the latest batch using them, with their OkVet key."""
    heirs: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for (label, pk), heir in plan.heirs.items():
        heirs[label, heir].append(pk)
    for (label, heir), ids in heirs.items():
        for start in range(0, len(ids), CHUNK):
            ExternalIdMapping.objects.filter(
                batch=batch, target_model=label, target_id__in=ids[start : start + CHUNK]
            ).update(batch_id=heir)


def _deletion_order(doomed: dict[str, set[int]]) -> list[str]:
    """Children before parents: a model is deleted before any model it points at."""
    labels = [label for label, ids in doomed.items() if ids]
    points_at = {
        label: {
            _label(f.related_model)
            for f in apps.get_model(label)._meta.concrete_fields
            if f.is_relation
            and _label(f.related_model) in labels
            and _label(f.related_model) != label
        }
        for label in labels
    }
    order: list[str] = []
    while points_at:
        free = sorted(x for x in points_at if not any(x in deps for deps in points_at.values()))
        if not free:
            free = sorted(points_at)
        order.extend(free)
        for label in free:
            del points_at[label]
    return order


def _delete(label: str, ids: set[int]) -> None:
    model = apps.get_model(label)
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        if label == DOCUMENT_MODEL:
            _forget_files(model, chunk)
            model._base_manager.filter(pk__in=chunk).delete()
        else:
            model._base_manager.filter(pk__in=chunk).delete()


def _forget_files(model: type[models.Model], ids: list[int]) -> None:
    """Stored files of deleted documents go too, once the rollback commits — unless another
    document (same content, same sha256 name) still uses them."""
    names = set(
        model._base_manager.filter(pk__in=ids).exclude(file="").values_list("file", flat=True)
    )

    def remove() -> None:
        used = set(model._base_manager.filter(file__in=names).values_list("file", flat=True))
        for name in names - used:
            (Path(settings.MEDIA_ROOT) / name).unlink(missing_ok=True)

    if names:
        transaction.on_commit(remove)


def _drop_mappings(label: str, ids: set[int]) -> None:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        ExternalIdMapping.objects.filter(
            target_model=label, target_id__in=ordered[start : start + CHUNK]
        ).delete()


@holding_import_lock
def run_rollback(*, run_id: int, dry_run: bool = False, cascade: bool = False) -> list:
    """Roll back every batch of a run, latest first, in one transaction.

    The preview is the rollback itself, rolled back: a run's earlier batches only become free
    of dependents once its later ones are gone.
    """
    if not MigrationRun.objects.filter(pk=run_id).exists():
        raise RollbackError(gettext_noop("there is no run {run}"), run=run_id)
    _refuse_purged(run_id)
    ids = list(
        MigrationBatch.objects.filter(run_id=run_id, is_dry_run=False)
        .exclude(status=MigrationBatch.Status.ROLLED_BACK)
        .order_by("-pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise RollbackError(gettext_noop("run {run} has nothing to roll back"), run=run_id)
    with transaction.atomic():
        results = [batch_rollback(batch_id=pk, cascade=cascade) for pk in ids]
        if dry_run:
            transaction.set_rollback(True)
        else:
            MigrationRun.objects.filter(pk=run_id).update(status=MigrationBatch.Status.ROLLED_BACK)
    return [replace(result, dry_run=dry_run) for result in results]
