"""The corrected file of a table's failed rows, uploaded and imported into the same batch
(``batch_retry``, as ``retry_migration`` does), with the options the batch was imported with."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from console.queue import batches_with_issues
from console.retry_upload import FolderUploadHandler, keep, retry_folder
from console.views.access import staff_view
from console.views.common import correctable
from console.views.fixes import batch_home, issues_of
from console.wording import batch_state, issue_label, severity_words, table_label
from migration.errors import MigrationError
from migration.load.base import LoadOptions
from migration.models import MigrationBatch
from migration.services.corrections import batch_retry
from migration.services.imports import ImportOptions


def retry_options(batch: MigrationBatch, *, dry_run: bool, user_id: int | None) -> ImportOptions:
    """The batch's own options; never a full export (the file holds the corrected rows only,
    the others are not missing from OkVet)."""
    saved = batch.options or {}
    return ImportOptions(
        files=[],
        dry_run=dry_run,
        batch_size=int(saved.get("batch_size") or 2000),
        load=LoadOptions(
            include_deleted=bool(saved.get("include_deleted")),
            skip_duplicates=bool(saved.get("skip_duplicates")),
            require_owner=bool(saved.get("require_owner")),
        ),
        time_zone=saved.get("time_zone") or settings.OKVET_TIME_ZONE,
        default_region=saved.get("default_region") or settings.OKVET_DEFAULT_REGION,
        created_by_id=user_id,
    )


def _page(request: HttpRequest, batch: MigrationBatch, **extra) -> HttpResponse:
    counted = (
        batches_with_issues(batch.run_id).filter(pk=batch.pk).first() if batch.run_id else None
    )
    context = {
        "batch": batch,
        "label": table_label(batch.batch_type),
        "state": batch_state(batch),
        "critical_open": counted.critical_open if counted else 0,
        "correctable": correctable(batch),
        "home": batch_home(batch),
        "issues_url": issues_of(batch),
        **extra,
    }
    return render(request, "console/retry.html", context)


@staff_view
@csrf_exempt
def retry(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The upload is written into the batch's folder as it arrives: the handler is set before
    anything reads the request's body (so the CSRF check runs after it, not before)."""
    batch = get_object_or_404(MigrationBatch, pk=batch_id)
    if request.method == "POST":
        fixable = correctable(batch)
        request.upload_handlers = (
            [FolderUploadHandler(request, retry_folder(batch.pk))] if fixable else []
        )
    return _retry(request, batch)


@csrf_protect
def _retry(request: HttpRequest, batch: MigrationBatch) -> HttpResponse:
    if request.method != "POST":
        return _page(request, batch)
    if not correctable(batch):
        messages.error(
            request, gettext("Only a real import's table read from files can be retried.")
        )
        return _page(request, batch)
    upload = request.FILES.get("archivo")
    path = keep(upload, retry_folder(batch.pk)) if upload is not None else None
    if path is None:
        messages.error(
            request,
            gettext("Choose the corrected file: a CSV or Excel file, at most {size} MB.").format(
                size=settings.MIGRATION_MAX_MEMBER_BYTES // 2**20
            ),
        )
        return _page(request, batch)
    trial = request.POST.get("prueba") == "1"
    try:
        result = batch_retry(
            batch_id=batch.pk,
            file=str(path),
            options=retry_options(batch, dry_run=trial, user_id=request.user.pk),
        )
    except MigrationError as exc:
        messages.error(request, exc.render(gettext))
        return _page(request, batch)
    batch.refresh_from_db()
    issues = [(issue_label(i.code), severity_words(i.severity), i.count) for i in result.issues]
    return _page(request, batch, result=result, result_issues=issues, trial=trial)
