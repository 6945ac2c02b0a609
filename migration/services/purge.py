"""``run_purge``: the source rows a signed-off run kept, blanked for good.

While a migration is checked, its report keeps a copy of every source row
(``MigrationRecord.source_data``: an owner's document, phones, address, e-mail) and of every
value an issue is about (``DataQualityIssue.source_value``, quoted in its description and in
the record's error). Once the clinic has signed the run off, those copies have served their
purpose, and Ley 1581 de 2012 (habeas data) wants personal data kept no longer than it is
needed. The purge blanks them in one transaction, one ``UPDATE`` per table (per issue code for
the descriptions, and the values a sync kept), whatever the size of the run:

    source_data {"id": "17", "document": "1020304050", "mobile": "3001234567", ...} → {}
    description "The OkVet id '17x' is not a valid key." → "The OkVet id … is not a valid key."

What the report counts, the issue codes and columns, files and row numbers, the OkVet ids, the
ID map and the sign-off (its report and sha256) stay. It cannot be undone: a purged run cannot
be rolled back, and its read-back cannot be recomputed (verify shows its signed result).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from migration.errors import PurgeError
from migration.i18n import gettext_noop
from migration.issues import CATALOG
from migration.models import (
    DataQualityIssue,
    MigrationRecord,
    MigrationRun,
    MigrationSignoff,
    SyncChange,
)
from migration.services.lock import holding_import_lock
from migration.signals import run_sources_purged

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MASK = "…"
READ_BACK_CHECK = "cells_read_back"


@dataclass(frozen=True)
class PurgeResult:
    """What a purge blanked (or, as a preview, would blank)."""

    run_id: int
    dry_run: bool
    batches: int
    records: int
    issues: int
    purged_by: str
    purged_at: datetime | None = None


@dataclass(frozen=True)
class PurgedRun:
    """A purged run as verify and compare name it: when, by whom, and what was signed."""

    run_id: int
    purged_at: datetime
    purged_by: str
    signed_at: datetime | None
    report_sha256: str
    read_back_passed: bool
    """Whether the read-back passed in the report signed before the purge."""


@holding_import_lock
def run_purge(*, run_id: int, by: str, dry_run: bool = False) -> PurgeResult:
    """Blank the source values of every batch of a signed-off run; ``dry_run`` only checks
    that it may and counts what it would blank."""
    by = by.strip()
    if not by:
        raise PurgeError(gettext_noop("say who purges (--by)"))
    with transaction.atomic():
        run = _purgeable(run_id)
        batch_ids = list(run.batches.values_list("pk", flat=True))
        records = MigrationRecord.objects.filter(batch_id__in=batch_ids)
        issues = DataQualityIssue.objects.filter(batch_id__in=batch_ids)
        if dry_run:
            return PurgeResult(run.pk, True, len(batch_ids), records.count(), issues.count(), by)
        now = timezone.now()
        blanked = records.update(source_data={}, error_message="")
        described = _blank_issues(issues)
        SyncChange.objects.filter(batch_id__in=batch_ids).update(before={}, after={})
        MigrationRun.objects.filter(pk=run.pk).update(purged_at=now, purged_by=by)
        transaction.on_commit(
            lambda: run_sources_purged.send(sender=MigrationRun, run_id=run.pk), robust=True
        )
    return PurgeResult(run.pk, False, len(batch_ids), blanked, described, by, now)


def _purgeable(run_id: int) -> MigrationRun:
    run = MigrationRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None:
        raise PurgeError(gettext_noop("there is no run {run}"), run=run_id)
    if run.purged_at is not None:
        raise PurgeError(
            gettext_noop(
                "the source rows of run {run} were already purged on {date} by {by}; "
                "nothing changed"
            ),
            run=run.pk,
            date=local(run.purged_at),
            by=run.purged_by,
        )
    if not MigrationSignoff.objects.filter(run_id=run.pk).exists():
        raise PurgeError(
            gettext_noop(
                "run {run} is not signed off: its source rows can be purged only once the "
                "clinic has signed it (signoff_migration); nothing changed"
            ),
            run=run.pk,
        )
    return run


def _blank_issues(issues) -> int:
    """Values blanked; each description becomes its code's message with the values masked."""
    total = 0
    for code in issues.order_by().values_list("issue_type", flat=True).distinct():
        total += issues.filter(issue_type=code).update(
            source_value="", description=masked_description(code)
        )
    return total


def masked_description(code: str) -> str:
    """``invalid-id`` → "The OkVet id … is not a valid key." (in the active language)."""
    known = CATALOG.get(code)
    return PLACEHOLDER.sub(MASK, gettext(known.template)) if known else ""


def local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def purged_runs(run_ids: Iterable[int | None]) -> list[PurgedRun]:
    """The purged runs among these, each with the last sign-off before its purge."""
    ids = {pk for pk in run_ids if pk is not None}
    runs = MigrationRun.objects.filter(pk__in=ids, purged_at__isnull=False).order_by("pk")
    return [_purged(run) for run in runs]


def _purged(run: MigrationRun) -> PurgedRun:
    signed = (
        MigrationSignoff.objects.filter(run_id=run.pk, signed_at__lte=run.purged_at)
        .order_by("-signed_at")
        .first()
    )
    return PurgedRun(
        run_id=run.pk,
        purged_at=run.purged_at,
        purged_by=run.purged_by,
        signed_at=signed.signed_at if signed else None,
        report_sha256=signed.report_sha256 if signed else "",
        read_back_passed=signed is not None and READ_BACK_CHECK not in signed.failed_checks,
    )
