"""The console's start page: where the migration stands, what to do next, the latest uploads
and runs."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from console.execution import settle
from console.models import ConsoleJob, Upload
from console.views.access import staff_view
from console.views.jobs import report_url
from migration.services.inspect import Inspection

RECENT = 10
Kind, Status = ConsoleJob.Kind, ConsoleJob.Status


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str = ""
    action: str = ""


def next_step(upload: Upload | None, active: ConsoleJob | None) -> NextStep:
    """One sentence, and the page to go to."""
    if active is not None:
        return NextStep(
            gettext("A run is in progress ({job}): follow it, or close the browser.").format(
                job=active
            ),
            reverse("console:progress", args=[active.pk]),
            gettext("See its progress"),
        )
    if upload is None or upload.purged_at is not None:
        return NextStep(
            gettext("Upload the OkVet export to start a migration (or a sync)."),
            reverse("console:upload"),
            gettext("New migration"),
        )
    detail = reverse("console:upload_detail", args=[upload.pk])
    if Inspection.from_dict(upload.inspection).blocking:
        return NextStep(
            gettext("Some files of the last upload would stop the import: check them."),
            detail,
            gettext("Check the upload"),
        )
    return _after_runs(upload, detail)


def _after_runs(upload: Upload, detail: str) -> NextStep:
    last = upload.jobs.order_by("-pk").first()
    if last is None or last.status == Status.FAILED:
        text = gettext("Run a trial of the last upload: nothing is kept, its report is.")
        return NextStep(text, detail, gettext("Go to the trial"))
    if last.kind == Kind.TRIAL:
        return NextStep(
            gettext("Read the trial's report; once reviewed, start the real run from the upload."),
            report_url(last) or detail,
            gettext("Read the report"),
        )
    return NextStep(
        gettext("Read the run's report and sign it off; for a newer export, upload it to sync."),
        report_url(last) or detail,
        gettext("Read the report"),
    )


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    jobs = [settle(j) for j in ConsoleJob.objects.select_related("upload", "run")[:RECENT]]
    uploads = list(Upload.objects.prefetch_related("files")[:RECENT])
    active = next((j for j in jobs if j.active), None)
    context = {
        "next": next_step(uploads[0] if uploads else None, active),
        "jobs": [(job, report_url(job)) for job in jobs],
        "uploads": uploads,
    }
    return render(request, "console/home.html", context)
