"""Fixing what a run found: one issue resolved or ignored (a sync conflict settled with OkVet's
value or Pet-Friendly's), a table's failed rows out as a spreadsheet, the corrected file back in.
The same services as the admin and the commands (``issues_close``, ``conflict_resolve``,
``errors_export``, ``batch_retry``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from console.queue import ALL, IssueRow, issue_rows
from console.views.access import staff_view
from console.workbook import workbook
from migration.errors import MigrationError
from migration.load.syncvalues import field_of
from migration.models import DataQualityIssue, MigrationBatch
from migration.services.conflicts import (
    CONFLICT,
    KEEP_CLINIC,
    TAKE_OKVET,
    conflict_resolve,
    conflicts_preview,
)
from migration.services.corrections import errors_export
from migration.services.review import IGNORE, RESOLVE, issues_close

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHOICES = {"okvet": TAKE_OKVET, "clinic": KEEP_CLINIC}


def _back(request: HttpRequest, issue: DataQualityIssue) -> str:
    """Where the issue was opened from (its queue page), else its run's queue."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    if issue.batch.run_id is None:
        return reverse("console:history")
    return f"{reverse('console:issues', args=[issue.batch.run_id])}?lote={issue.batch_id}"


def _choosable(issue: DataQualityIssue) -> bool:
    """An open conflict of a real sync that stands: OkVet's value can be taken."""
    return (
        issue.issue_type == CONFLICT
        and not issue.resolved
        and not issue.batch.is_dry_run
        and issue.batch.status != MigrationBatch.Status.ROLLED_BACK
        and issue.record is not None
        and issue.record.target_id is not None
    )


def _column_label(issue: DataQualityIssue, column: str) -> str:
    try:
        model = apps.get_model(issue.record.target_model)
        return str(field_of(model, column).verbose_name)
    except (AttributeError, LookupError, ValueError):
        return column


def _issue_page(request: HttpRequest, issue: DataQualityIssue, **extra) -> HttpResponse:
    row: IssueRow = issue_rows([issue])[0]
    conflict = []
    if issue.issue_type == CONFLICT:
        conflict = [
            {**c.__dict__, "column": _column_label(issue, c.column)}
            for c in conflicts_preview(issue_ids=[issue.pk])
        ]
    context = {
        "issue": issue,
        "row": row,
        "conflict": conflict,
        "can_choose": _choosable(issue),
        "back": _back(request, issue),
        **extra,
    }
    return render(request, "console/issue.html", context)


@staff_view
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        DataQualityIssue.objects.select_related("batch", "record", "resolved_by"), pk=pk
    )
    if request.method != "POST":
        return _issue_page(request, found)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "").strip()
    if action not in (RESOLVE, IGNORE, *CHOICES) or not reason:
        messages.error(request, gettext("Say why, then choose what to do."))
        return _issue_page(request, found, missing_reason=not reason, reason=reason)
    try:
        if action in CHOICES:
            conflict_resolve(
                issue_id=found.pk, choice=CHOICES[action], user_id=request.user.pk, reason=reason
            )
        else:
            issues_close(
                issue_ids=[found.pk], verdict=action, reason=reason, user_id=request.user.pk
            )
    except MigrationError as exc:
        messages.error(request, exc.render(gettext))
        again = reverse("console:issue", args=[found.pk])
        return redirect(f"{again}?{urlencode({'next': _back(request, found)})}")
    messages.success(request, gettext("Issue closed: the reason is kept with it."))
    return redirect(_back(request, found))


def batch_home(batch: MigrationBatch | None) -> str:
    """The page a table's fixes come from: its run's report, else the history."""
    if batch is None or batch.run_id is None:
        return reverse("console:history")
    return reverse("console:report", args=[batch.run_id])


@staff_view
def errors_download(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        failed = errors_export(batch_id=batch_id)
        content = workbook(failed.columns, failed.rows, title=gettext("Rows with errors"))
    except MigrationError as exc:
        messages.error(request, exc.render(gettext))
        return redirect(batch_home(MigrationBatch.objects.filter(pk=batch_id).first()))
    response = HttpResponse(content, content_type=XLSX)
    name = gettext("errors-batch-{batch}.xlsx").format(batch=batch_id)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def issues_of(batch: MigrationBatch) -> str:
    if batch.run_id is None:
        return ""
    return f"{reverse('console:issues', args=[batch.run_id])}?lote={batch.pk}&estado={ALL}"
