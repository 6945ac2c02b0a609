"""The clinic owner signs a run off: the report as a page, what is still open as a list, a
typed confirmation to sign with critical issues open or checks failed; then who, when and the
sha256 of the report signed are kept (``migration_signoff``, as ``signoff_migration`` does)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_sameorigin

from console.queue import batches_with_issues, issue_rows
from console.views.access import staff_view
from console.views.common import run_context, run_state
from console.views.review import issues_url, verification_context
from console.wording import severity_words
from migration.errors import MigrationError, SignoffError
from migration.management.report import CHECK_LABELS, render_signed
from migration.models import DataQualityIssue, MigrationBatch, MigrationRun, MigrationSignoff
from migration.services.signoff import migration_signoff
from migration.services.verify import Verification, migration_verify

SHOWN_CRITICAL = 20
ORDER = {"critical": 0, "warning": 1, "info": 2}


def signer(request: HttpRequest) -> str:
    return request.user.get_full_name() or request.user.get_username()


def confirmation_words(run: MigrationRun) -> set[str]:
    """What may be typed to sign with critical issues open: the word, or the run's number."""
    return {gettext("SIGN").upper(), "FIRMAR", str(run.pk)}


def open_lists(run: MigrationRun, report: Verification) -> dict:
    """The open issues as the owner reads them: per kind (most severe first), then the
    critical ones one by one."""
    kinds = sorted(
        (
            (
                ORDER.get(e.get("severity"), 3),
                e["label"],
                severity_words(e.get("severity", "")),
                e["open"],
                issues_url(run.pk, code=code),
            )
            for code, e in report.issues.items()
            if e["open"]
        ),
    )
    critical = DataQualityIssue.objects.filter(
        batch_id__in=report.batches, severity="critical", resolved=False
    ).select_related("batch", "record")
    failed = [str(CHECK_LABELS.get(c.name, c.name)) for c in report.checks if not c.passed]
    return {
        "open_kinds": [k[1:] for k in kinds],
        "critical_rows": issue_rows(
            list(critical.order_by("batch_id", "source_row", "pk")[:SHOWN_CRITICAL])
        ),
        "critical_count": sum(
            e["open"] for e in report.issues.values() if e.get("severity") == "critical"
        ),
        "failed_checks": failed,
    }


def _signable(run: MigrationRun) -> bool:
    return not run.is_dry_run and run.status == MigrationBatch.Status.COMPLETED


def not_signable(run: MigrationRun) -> str:
    return gettext("Only a completed real run can be signed off; this run is: {state}.").format(
        state=run_state(run)
    )


@staff_view
def signoff(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(MigrationRun, pk=run_id)
    if request.method == "POST":
        return _sign(request, run)
    context = run_context(run)
    if context["signoffs"] or not _signable(run):
        context.update(signable=_signable(run), not_signable=not_signable(run))
        return render(request, "console/signoff.html", context)
    report = migration_verify(run_id=run.pk)
    batches = list(batches_with_issues(run.pk))
    context.update(verification_context(run, report, batches))
    context.update(open_lists(run, context["report"]))
    context.update(signable=True, signer=signer(request))
    return render(request, "console/signoff.html", context)


def _sign(request: HttpRequest, run: MigrationRun) -> HttpResponse:
    if not _signable(run):
        messages.error(request, not_signable(run))
        return redirect("console:signoff", run.pk)
    typed = request.POST.get("confirmacion", "").strip().upper()
    if typed and typed not in confirmation_words(run):
        messages.error(
            request,
            gettext(
                "The confirmation does not match: type {word} (or the run's number, {run}) "
                "to sign with critical issues open."
            ).format(word=gettext("SIGN"), run=run.pk),
        )
        return redirect("console:signoff", run.pk)
    try:
        result = migration_signoff(
            run_id=run.pk,
            by=signer(request),
            note=request.POST.get("nota", "").strip(),
            accept_critical=bool(typed),
            language=translation.get_language() or "es",
            render=render_signed,
        )
    except SignoffError as exc:
        messages.error(request, _refusal(exc, run))
        return redirect("console:signoff", run.pk)
    except MigrationError as exc:  # pragma: no cover - the sign-off raises SignoffError only
        messages.error(request, exc.render(gettext))
        return redirect("console:signoff", run.pk)
    messages.success(
        request,
        gettext("Run {run} signed off by {by}. Fingerprint of the signed report: {sha}.").format(
            run=run.pk, by=result.signature.signed_by, sha=result.report_sha256
        ),
    )
    return redirect("console:signoff", run.pk)


def _refusal(exc: SignoffError, run: MigrationRun) -> str:
    """The sign-off's refusal in the console's words: a confirmation to type, not an option."""
    if "critical" not in exc.params:
        return exc.render(gettext)
    return gettext(
        "Run {run} has {critical} critical issues open and {failed} failed checks. Resolve "
        "them, or type {word} in the confirmation box to sign anyway."
    ).format(
        run=run.pk,
        critical=exc.params["critical"],
        failed=exc.params["failed"],
        word=gettext("SIGN"),
    )


@staff_view
@xframe_options_sameorigin
def signed_report(request: HttpRequest, run_id: int, signoff_id: int) -> HttpResponse:
    """The report exactly as signed (its sha256 is of these bytes), shown as a page."""
    signed = get_object_or_404(MigrationSignoff, pk=signoff_id, run_id=run_id)
    response = HttpResponse(signed.report_html, content_type="text/html; charset=utf-8")
    if request.GET.get("descargar") == "1":
        name = gettext("signed-report-run-{run}.html").format(run=run_id)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    return response
