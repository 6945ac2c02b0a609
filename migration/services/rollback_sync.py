"""Rolling back a sync: the rows it changed get their before-images back, exactly.

A sync batch created new rows (rolled back like any batch's) and changed or deactivated rows
of earlier batches: each change kept the columns' previous values (``SyncChange``), and the
mapping's fingerprint and newest version before it. Rolling back writes those back, newest
change first, and forgets the changes. A later batch that changed the same rows again must be
rolled back first: restoring under it would undo its changes too.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Exists, OuterRef

from migration.errors import RollbackError
from migration.i18n import gettext_noop
from migration.load.sync import write
from migration.load.syncvalues import RELATED, typed
from migration.models import ExternalIdMapping, MigrationBatch, SyncChange

SHOWN = 5


def refuse_later_changes(batch: MigrationBatch) -> None:
    """A later batch (not rolled back) changed a row this batch changed or created: say which."""
    created = ExternalIdMapping.objects.filter(batch=batch, is_alias=False)
    found = _later_changes(batch, created)
    if found:
        raise _refusal(
            gettext_noop(
                "rows of batch {batch} were changed by later syncs ({batches}: {rows}); roll "
                "those back first"
            ),
            batch,
            found,
        )
    found = _later_changes(batch, SyncChange.objects.filter(batch=batch))
    if found:
        raise _refusal(
            gettext_noop(
                "batch {batch} changed rows that later batches changed again ({batches}: "
                "{rows}); roll those back first"
            ),
            batch,
            found,
        )


def _later_changes(batch: MigrationBatch, rows) -> list[tuple[int, str, int]]:
    """``(batch, model, id)`` of later syncs' changes (not rolled back) to any of ``rows``
    (a queryset with ``target_model`` and ``target_id``), in one query."""
    same = rows.filter(target_model=OuterRef("target_model"), target_id=OuterRef("target_id"))
    later = (
        SyncChange.objects.filter(batch_id__gt=batch.pk)
        .exclude(batch__status=MigrationBatch.Status.ROLLED_BACK)
        .filter(Exists(same))
        .order_by("batch_id", "target_model", "target_id")
    )
    return list(later.values_list("batch_id", "target_model", "target_id").distinct())


def _refusal(template: str, batch: MigrationBatch, found: list) -> RollbackError:
    return RollbackError(
        template,
        batch=batch.pk,
        batches=", ".join(str(b) for b in sorted({b for b, _, _ in found})),
        rows=", ".join(f"{m}#{pk}" for _, m, pk in found[:SHOWN]),
    )


def restore_changes(batch: MigrationBatch) -> int:
    """Write every before-image of the batch back, newest first; the number restored."""
    changes = SyncChange.objects.filter(batch=batch).order_by("-pk")
    restored = 0
    for change in changes.iterator():
        model = apps.get_model(change.target_model)
        related = _related(change)
        values = {c: typed(model, c, v) for c, v in change.before.items()}
        links = [link for link, _ in related.values()]
        now = {}
        if links:  # the related rows are written through the row's links
            now = model._default_manager.filter(pk=change.target_id).values(*links).first() or {}
        write(model, change.target_id, now, values, related)
        ExternalIdMapping.objects.filter(
            source_system="okvet", source_type=change.source_type, source_id=change.source_id
        ).update(
            fingerprint=change.previous_fingerprint,
            version_batch_id=change.previous_version_id,
        )
        restored += 1
    changes.delete()
    return restored


def changed_rows(batch: MigrationBatch) -> int:
    return SyncChange.objects.filter(batch=batch).count()


def _related(change: SyncChange) -> dict[str, tuple[str, type]]:
    """The related rows a change wrote through: ``user__email`` through ``user_id``."""
    model = apps.get_model(change.target_model)
    prefixes = {c.split(RELATED, 1)[0] for c in change.before if RELATED in c}
    fields = {p: model._meta.get_field(p) for p in prefixes}
    return {p: (f.attname, f.related_model) for p, f in fields.items()}
