"""A new migration: the export uploaded, what was recognised in it shown before anything
runs, its unknown headers mapped to columns, then the trial and the real run started."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from console.execution import settle
from console.forms import MappingForm, RealRunForm
from console.mapping import column_label, mapping_rows, mapping_save
from console.models import ConsoleJob, Upload
from console.runs import StartRefused, real_start, trial_start, upload_digest
from console.uploading import (
    SETTING,
    ExportUploadHandler,
    UploadRefused,
    discard,
    max_bytes,
    max_files,
    receive,
    sentence,
    staging_folder,
    too_many,
    upload_store,
)
from console.views.access import staff_view
from console.views.jobs import number
from migration.errors import MigrationError
from migration.services import inspect

STATUS_WORDS = {
    inspect.IMPORTED: gettext_noop("Will be imported"),
    inspect.CATALOG: gettext_noop("Names the vaccines (read, not imported by itself)"),
    inspect.NOT_IMPORTED: gettext_noop("Recognised, but not imported"),
    inspect.NOT_DATA: gettext_noop("Not read: not a CSV or spreadsheet file"),
}


def _limits() -> dict:
    return {"max_size": filesizeformat(max_bytes()), "max_files": number(max_files())}


def _form(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    context = {"error": error, **_limits()}
    return render(request, "console/upload.html", context, status=status)


@staff_view
@csrf_exempt
def upload(request: HttpRequest) -> HttpResponse:
    """The files are written into a folder of their own as they arrive: the handler is set
    before anything reads the body (the CSRF check then runs on it); whatever is refused,
    its folder is removed."""
    if request.method != "POST":
        return _form(request)
    handler = ExportUploadHandler(request, staging_folder())
    request.upload_handlers = [handler]
    try:
        return _receive(request, handler)
    except TooManyFilesSent:
        return _form(request, too_many(), status=400)
    finally:
        discard(handler.folder)  # moved away when kept


@csrf_protect
def _receive(request: HttpRequest, handler: ExportUploadHandler) -> HttpResponse:
    try:
        upload = upload_store(receive(handler, request.FILES), request.user)
    except UploadRefused as exc:
        return _form(request, str(exc), status=400)
    except MigrationError as exc:
        return _form(request, sentence(exc), status=400)
    messages.success(request, gettext("The export was received. Check what was recognised."))
    return redirect("console:upload_detail", pk=upload.pk)


@dataclass(frozen=True)
class FileLine:
    item: inspect.InspectedFile
    label: str
    status: str
    unknown: str


def _line(item: inspect.InspectedFile) -> FileLine:
    label = gettext(item.label) if item.label else ""
    if item.status == inspect.INCOMPLETE:
        missing = ", ".join(column_label(item.table, c) for c in item.missing)
        status = gettext(
            "The import would stop at this file: columns that {table} requires were not "
            "found: {columns}. Choose below which column holds each."
        ).format(columns=missing, table=label)
    elif item.status == inspect.UNREADABLE:
        status = gettext("The import would stop at this file: {reason}").format(
            reason=SETTING.sub("", item.message)
        )
    else:
        status = gettext(STATUS_WORDS[item.status])
    return FileLine(item, label, status, ", ".join(f"«{h}»" for h in item.unknown))


def _detail(request: HttpRequest, upload: Upload, form: MappingForm) -> HttpResponse:
    recognised = inspect.Inspection.from_dict(upload.inspection)
    jobs = [settle(job) for job in upload.jobs.select_related("run").order_by("-pk")]
    lines = [_line(item) for item in recognised.files]
    digest = upload_digest(upload)
    trials = [
        (job, RealRunForm())
        for job in jobs
        if job.kind == ConsoleJob.Kind.TRIAL
        and job.status == ConsoleJob.Status.COMPLETED
        and job.digest == digest
        and not job.real_runs.exists()
    ]
    context = {
        "upload": upload,
        "files": list(upload.files.all()),
        "recognised": [line for line in lines if line.item.table and not line.item.blocking],
        "others": [line for line in lines if not line.item.table or line.item.blocking],
        "blocking": recognised.blocking,
        "attachments": recognised.attachments,
        "form": form,
        "jobs": jobs,
        "trials": trials[:1],
        "active": ConsoleJob.objects.filter(
            status__in=(ConsoleJob.Status.QUEUED, ConsoleJob.Status.RUNNING)
        ).first(),
    }
    return render(request, "console/upload_detail.html", context)


@staff_view
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What was recognised; a POST saves the column mapping and reads the files again."""
    upload = get_object_or_404(Upload, pk=pk)
    rows = [] if upload.purged_at else mapping_rows(upload)
    if request.method != "POST":
        return _detail(request, upload, MappingForm(rows))
    form = MappingForm(rows, data=request.POST)
    if upload.purged_at is not None or not form.is_valid():
        return _detail(request, upload, form)
    try:
        mapping_save(upload=upload, chosen=form.chosen(), user_id=request.user.pk)
    except MigrationError as exc:
        messages.error(request, sentence(exc))
    else:
        messages.success(
            request, gettext("The column mapping was saved; the files were read again with it.")
        )
    return redirect("console:upload_detail", pk=upload.pk)


@staff_view
@require_POST
def start_trial(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(Upload, pk=pk)
    try:
        job = trial_start(
            upload=upload, user=request.user, full_export=request.POST.get("full_export") == "on"
        )
    except StartRefused as exc:
        messages.error(request, str(exc))
        return redirect("console:upload_detail", pk=upload.pk)
    return redirect("console:progress", pk=job.pk)


@staff_view
@require_POST
def start_real(request: HttpRequest, pk: int) -> HttpResponse:
    """The real run (a sync after a first one) of a trial reviewed by the clinic."""
    form = RealRunForm(request.POST)
    trial = get_object_or_404(ConsoleJob.objects.select_related("upload"), pk=pk)
    reviewed = form.is_valid() and form.cleaned_data["reviewed"]
    try:
        job = real_start(trial=trial, user=request.user, reviewed=bool(reviewed))
    except StartRefused as exc:
        messages.error(request, str(exc))
        return redirect("console:upload_detail", pk=trial.upload_id)
    return redirect("console:progress", pk=job.pk)
