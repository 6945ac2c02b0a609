"""``conflict_resolve``: a sync conflict settled from the review queue, by someone, with why.

A sync that met a column changed in OkVet and edited in Pet-Friendly since the import kept the
clinic's value and raised a ``sync-conflict`` issue; the row's record lists the column with
OkVet's value before and after and the value stored then::

    {"column": "weight_kg", "before": "12.5", "after": "14", "stored": "13", "applied": false}

Someone chooses:

- **take OkVet's value**: the column gets the value the sync would have written, and so does
  its text as typed changed with it (``weight_raw`` with ``weight_kg``). The values it replaces
  are kept as a ``SyncChange`` of the sync's batch, so rolling back that batch gives the
  clinic's values back exactly;
- **keep Pet-Friendly's value**: nothing is written.

Either way the issue (and its paired column's) is closed with who, when and why. A choice made
on what is no longer there is refused: the value stored changed again since the conflict was
reported, a later sync changed the row, or the sync was a dry run or rolled back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from migration.errors import ConflictError
from migration.i18n import gettext_noop
from migration.load.idmap import SOURCE_SYSTEM
from migration.load.sync import paired_fields, write
from migration.load.syncvalues import RELATED, field_of, plain, shown, typed
from migration.models import DataQualityIssue, ExternalIdMapping, MigrationBatch, SyncChange
from migration.services.lock import holding_import_lock

TAKE_OKVET, KEEP_CLINIC = "okvet", "clinic"
CONFLICT = "sync-conflict"


@dataclass(frozen=True)
class ConflictRow:
    """A conflict as the reviewer sees it before choosing: OkVet's value then and now, the
    value Pet-Friendly held when the sync met it."""

    issue_id: int
    source_id: str
    column: str
    before: str
    okvet: str
    clinic: str


@dataclass(frozen=True)
class ConflictResolution:
    """The issues closed (the conflict and its paired column's) and the values now stored."""

    issue_ids: list[int]
    choice: str
    values: dict[str, str]


@dataclass(frozen=True)
class Conflict:
    """What resolving a conflict needs, checked: its issues' row, columns and values now."""

    issue: DataQualityIssue
    model: type[models.Model]
    synced: SyncChange
    changes: dict[str, dict]
    now: dict[str, Any]


def conflicts_preview(*, issue_ids: list[int]) -> list[ConflictRow]:
    """The selected sync conflicts, as their records reported them; nothing is changed."""
    issues = DataQualityIssue.objects.filter(pk__in=issue_ids, issue_type=CONFLICT)
    rows = []
    for issue in issues.select_related("record").order_by("pk"):
        change = _changes(issue).get(issue.field_name, {})
        rows.append(
            ConflictRow(
                issue.pk,
                issue.source_id,
                issue.field_name,
                change.get("before", ""),
                change.get("after", issue.source_value),
                change.get("stored", ""),
            )
        )
    return rows


@holding_import_lock
def conflict_resolve(
    *, issue_id: int, choice: str, user_id: int | None, reason: str
) -> ConflictResolution:
    """Take OkVet's value (``TAKE_OKVET``) or keep Pet-Friendly's (``KEEP_CLINIC``) for the
    conflict of issue ``issue_id``, and close it saying who (``user_id``), when and why."""
    reason = reason.strip()
    if choice not in (TAKE_OKVET, KEEP_CLINIC):
        raise ConflictError(gettext_noop("unknown choice {choice!r}"), choice=choice)
    if not reason:
        raise ConflictError(gettext_noop("issue {issue}: say why"), issue=issue_id)
    with transaction.atomic():
        found = _conflict(issue_id)
        values = _take(found) if choice == TAKE_OKVET else found.now
        shown_values = {c: shown(v) for c, v in sorted(values.items())}
        closed = _close(found, choice, shown_values, user_id, reason)
    return ConflictResolution(closed, choice, shown_values)


def _conflict(issue_id: int) -> Conflict:
    issue = DataQualityIssue.objects.select_for_update().filter(pk=issue_id).first()
    if issue is None:
        raise ConflictError(gettext_noop("issue {issue} does not exist"), issue=issue_id)
    _check_issue(issue)
    record = issue.record
    model = apps.get_model(record.target_model)
    synced = SyncChange.objects.filter(
        batch_id=issue.batch_id,
        kind=SyncChange.Kind.CHANGED,
        target_model=record.target_model,
        target_id=record.target_id,
    ).first()
    if synced is None:
        raise ConflictError(
            gettext_noop("issue {issue}: batch {batch} kept no change of this row"),
            issue=issue.pk,
            batch=issue.batch_id,
        )
    _refuse_later_batches(issue, synced)
    changes = _columns(issue, synced.source_type)
    now = _stored(model, record.target_id, list(changes))
    if now is None:
        raise ConflictError(
            gettext_noop("issue {issue}: {model} #{id} no longer exists"),
            issue=issue.pk,
            model=record.target_model,
            id=record.target_id,
        )
    _refuse_stale(issue, changes, now)
    return Conflict(issue, model, synced, changes, now)


def _check_issue(issue: DataQualityIssue) -> None:
    """A sync conflict still open, of a real sync that stands, about an imported row."""
    problem = None
    if issue.issue_type != CONFLICT:
        problem = gettext_noop("issue {issue} is not a sync conflict ({code})")
    elif issue.resolved:
        problem = gettext_noop("issue {issue} is already resolved ({resolution})")
    elif issue.batch.is_dry_run:
        problem = gettext_noop(
            "issue {issue} comes from a dry run, which changed nothing: run the sync without "
            "--dry-run, then resolve its conflicts"
        )
    elif issue.batch.status == MigrationBatch.Status.ROLLED_BACK:
        problem = gettext_noop("issue {issue}: batch {batch} was rolled back")
    elif issue.record is None or issue.record.target_id is None:
        problem = gettext_noop("issue {issue} names no imported row")
    if problem is not None:
        raise ConflictError(
            problem,
            issue=issue.pk,
            code=issue.issue_type,
            resolution=issue.resolution,
            batch=issue.batch_id,
        )


def _refuse_later_batches(issue: DataQualityIssue, synced: SyncChange) -> None:
    """A later sync changed (or met in conflict again) the row: OkVet's value of this batch
    is no longer its newest, and that batch's rollback would undo the resolution's order."""
    later = (
        SyncChange.objects.filter(
            target_model=synced.target_model,
            target_id=synced.target_id,
            batch_id__gt=issue.batch_id,
        )
        .exclude(batch__status=MigrationBatch.Status.ROLLED_BACK)
        .order_by("batch_id")
        .values_list("batch_id", flat=True)
        .first()
    )
    if later is not None:
        raise ConflictError(
            gettext_noop(
                "issue {issue}: batch {later} synced OkVet id {source} again since batch "
                "{batch}; resolve the conflicts of batch {later} instead"
            ),
            issue=issue.pk,
            later=later,
            source=synced.source_id,
            batch=issue.batch_id,
        )


def _changes(issue: DataQualityIssue) -> dict[str, dict]:
    """The record's changed columns the sync did not apply, by column."""
    found = issue.record.validation_errors if issue.record is not None else None
    entries = found.get("changes", []) if isinstance(found, dict) else []
    return {c["column"]: c for c in entries if not c.get("applied")}


def _columns(issue: DataQualityIssue, source_type: str) -> dict[str, dict]:
    """The issue's column, and its paired one (``weight_raw`` with ``weight_kg``) when the
    sync kept that too: their change entries."""
    changes = _changes(issue)
    column = issue.field_name
    if column not in changes:
        raise ConflictError(
            gettext_noop(
                "issue {issue}: its row's report no longer holds the values of {column} "
                "(its source was purged?)"
            ),
            issue=issue.pk,
            column=column,
        )
    columns = {column}
    for pair in paired_fields(source_type):
        if column in pair:
            columns |= pair & changes.keys()
    return {c: changes[c] for c in sorted(columns)}


def _stored(model: type[models.Model], target_id: int, columns: list[str]) -> dict | None:
    """The columns' values as the row holds them now (typed), or ``None``: the row is gone."""
    row = model._default_manager.filter(pk=target_id).values(*columns).first()
    if row is None:
        return None
    return {c: typed(model, c, row[c]) for c in columns}


def _refuse_stale(issue: DataQualityIssue, changes: dict[str, dict], now: dict) -> None:
    for column, change in changes.items():
        if shown(now[column]) != change.get("stored", ""):
            raise ConflictError(
                gettext_noop(
                    "issue {issue}: {column} of OkVet id {source} changed again since the "
                    "conflict was reported (it was {then!r}, it is {now!r}); nothing was "
                    "changed: review it again"
                ),
                issue=issue.pk,
                column=column,
                source=issue.source_id,
                then=change.get("stored", ""),
                now=shown(now[column]),
            )


def _take(found: Conflict) -> dict[str, Any]:
    """Write OkVet's values; keep the values replaced as a change of the sync's batch."""
    model, synced = found.model, found.synced
    values = {c: okvet_value(model, c, change["after"]) for c, change in found.changes.items()}
    related = _related(model, list(values))
    links = [link for link, _ in related.values()]
    now = model._default_manager.filter(pk=synced.target_id).values(*links).first() or {}
    write(model, synced.target_id, now, values, related)
    mapping = ExternalIdMapping.objects.filter(
        source_system=SOURCE_SYSTEM, source_type=synced.source_type, source_id=synced.source_id
    ).first()
    SyncChange.objects.create(
        batch_id=found.issue.batch_id,
        kind=SyncChange.Kind.RESOLVED,
        source_type=synced.source_type,
        source_id=synced.source_id,
        target_model=synced.target_model,
        target_id=synced.target_id,
        before={c: plain(found.now[c]) for c in values},
        after={c: plain(v) for c, v in values.items()},
        previous_fingerprint=mapping.fingerprint if mapping else "",
        previous_version_id=mapping.version_batch_id if mapping else None,
    )
    return values


def okvet_value(model: type[models.Model], column: str, text: str) -> Any:
    """OkVet's value as the report shows it (``shown``), typed for the column to store: an
    instant was shown in the clinic's time zone, a text emptied in OkVet is stored empty."""
    field = field_of(model, column)
    if text and isinstance(field, models.DateTimeField):
        found = parse_datetime(text)
        if found is not None and timezone.is_naive(found):
            return timezone.make_aware(found).astimezone(dt.UTC)
    value = typed(model, column, text)
    if value is None and not field.null and isinstance(field, models.CharField | models.TextField):
        return ""
    return value


def _related(model: type[models.Model], columns: list[str]) -> dict[str, tuple[str, type]]:
    """The related rows the columns live on: ``user__email`` through ``user_id``."""
    prefixes = {c.split(RELATED, 1)[0] for c in columns if RELATED in c}
    fields = {p: model._meta.get_field(p) for p in prefixes}
    return {p: (f.attname, f.related_model) for p, f in fields.items()}


def _close(
    found: Conflict, choice: str, values: dict[str, str], user_id: int | None, reason: str
) -> list[int]:
    """Close the issue and its paired column's: who, when, and why after what was chosen."""
    listed = ", ".join(f"{c} = {v!r}" for c, v in values.items())
    if choice == TAKE_OKVET:
        verdict = gettext("OkVet's value taken ({values})").format(values=listed)
    else:
        verdict = gettext("Pet-Friendly's value kept ({values})").format(values=listed)
    issues = DataQualityIssue.objects.filter(
        record_id=found.issue.record_id,
        issue_type=CONFLICT,
        resolved=False,
        field_name__in=list(found.changes),
    )
    ids = sorted(issues.values_list("pk", flat=True))
    DataQualityIssue.objects.filter(pk__in=ids).update(
        resolved=True,
        resolved_by_id=user_id,
        resolved_at=timezone.now(),
        resolution=f"{verdict}: {reason}",
    )
    return ids
