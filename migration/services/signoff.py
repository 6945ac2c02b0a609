"""``migration_signoff``: the clinic owner signs a run's verification report.

What is signed is stored: the report exactly as rendered, its sha256, who signed, when, which
issues were still open. Signing while critical issues are open or checks fail needs an
explicit acceptance, and the report says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from migration.errors import SignoffError
from migration.i18n import gettext_noop
from migration.models import MigrationBatch, MigrationRun, MigrationSignoff
from migration.services.verify import Verification, migration_verify


@dataclass(frozen=True)
class Signature:
    """What the sign-off block of a report shows."""

    signed_by: str
    signed_at: object
    note: str
    critical_open: int
    failed_checks: list[str]
    accepted_with_critical: bool

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SignoffResult:
    signoff_id: int
    run_id: int
    report_sha256: str
    signature: Signature
    report_html: str


Render = Callable[[Verification, Signature], str]


def migration_signoff(
    *,
    run_id: int,
    by: str,
    render: Render,
    note: str = "",
    accept_critical: bool = False,
    language: str = "es",
) -> SignoffResult:
    run = _signable(run_id, by)
    report = migration_verify(run_id=run.pk)
    critical = sum(e["open"] for e in report.issues.values() if e.get("severity") == "critical")
    failed = [check.name for check in report.checks if not check.passed]
    if (critical or failed) and not accept_critical:
        raise SignoffError(
            gettext_noop(
                "run {run} has {critical} critical issues open and {failed} failed checks; "
                "resolve them, or sign with --accept-critical"
            ),
            run=run.pk,
            critical=critical,
            failed=len(failed),
        )
    signature = Signature(
        signed_by=by.strip(),
        signed_at=timezone.now(),
        note=note,
        critical_open=critical,
        failed_checks=failed,
        accepted_with_critical=bool(critical or failed),
    )
    html = render(report, signature)
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    with transaction.atomic():
        row = MigrationSignoff.objects.create(
            run=run,
            signed_by=signature.signed_by,
            signed_at=signature.signed_at,
            note=note,
            open_issues={code: e["open"] for code, e in report.issues.items() if e["open"]},
            critical_open=critical,
            failed_checks=failed,
            accepted_with_critical=signature.accepted_with_critical,
            language=language,
            report_html=html,
            report_sha256=digest,
        )
    return SignoffResult(row.pk, run.pk, digest, signature, html)


def _signable(run_id: int, by: str) -> MigrationRun:
    if not by.strip():
        raise SignoffError(gettext_noop("say who signs (--by)"))
    run = MigrationRun.objects.filter(pk=run_id).first()
    if run is None:
        raise SignoffError(gettext_noop("there is no run {run}"), run=run_id)
    if run.is_dry_run or run.status != MigrationBatch.Status.COMPLETED:
        raise SignoffError(
            gettext_noop("run {run} is {status}: only a completed, real run can be signed"),
            run=run_id,
            status="dry run" if run.is_dry_run else run.status,
        )
    return run
