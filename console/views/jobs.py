"""A job's progress page, and the same as JSON for the page's script to poll: each table with
rows done / total, rows per second and time left, the whole run's too, in the clinic's
number format; the page reloads itself when the job ends (and every few seconds without
JavaScript)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext, gettext_noop

from console.execution import settle
from console.models import ConsoleJob
from console.progress import ProgressView, TableView, progress_view, read_state
from console.views.access import staff_view
from migration.read.declarations import table_named

STATE_WORDS = {
    "waiting": gettext_noop("Waiting"),
    "running": gettext_noop("Importing"),
    "done": gettext_noop("Done"),
}


def number(value: float | int, decimals: int | None = None) -> str:
    """``2000`` → ``"2.000"``, ``18.75, 1`` → ``"18,8"`` (es-CO)."""
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def duration(seconds: float | None) -> str:
    """``125`` → ``"2 min 5 s"``; ``3720`` → ``"1 h 2 min"``; unknown → ``"—"``."""
    if seconds is None:
        return "—"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return gettext("{h} h {m} min").format(h=hours, m=minutes)
    if minutes:
        return gettext("{m} min {s} s").format(m=minutes, s=secs)
    return gettext("{s} s").format(s=secs)


def table_label(batch_type: str) -> str:
    try:
        return gettext(table_named(batch_type).label)
    except KeyError:
        return batch_type


def _texts(item: TableView | ProgressView) -> dict:
    total = item.total
    return {
        "done": number(item.done),
        "total": number(total) if total is not None else "—",
        "percent": f"{number(item.percent, 1)} %" if item.percent is not None else "",
        "value": item.percent,
        "rate": gettext("{rate} rows/s").format(rate=number(item.rate, 1)) if item.rate else "—",
        "left": duration(item.seconds_left),
    }


def job_progress(job: ConsoleJob) -> ProgressView:
    state = read_state(job.progress_path) if job.active else job.progress
    return progress_view(state or {})


def report_url(job: ConsoleJob) -> str:
    if job.run_id is None:
        return ""
    try:
        return reverse("console:report", args=[job.run_id])
    except NoReverseMatch:
        return ""


def job_payload(job: ConsoleJob) -> dict:
    """What the page shows, as text ready to put in place."""
    view = job_progress(job)
    tables = [
        {
            "batch_type": t.batch_type,
            "label": table_label(t.batch_type),
            "state": gettext(STATE_WORDS[t.state]),
            **_texts(t),
        }
        for t in view.tables
    ]
    current = table_label(view.current) if view.current else ""
    return {
        "job": job.pk,
        "status": job.status,
        "status_text": str(job.get_status_display()),
        "active": job.active,
        "summary": summary(job, view, current),
        "current": current,
        "overall": _texts(view),
        "tables": tables,
        "error": job.error,
        "report_url": report_url(job),
    }


def summary(job: ConsoleJob, view: ProgressView, current: str) -> str:
    """One sentence on where the job is."""
    if job.status == ConsoleJob.Status.QUEUED:
        return gettext(
            "Waiting for the task worker to start it. If it does not start within a minute, "
            "the console's worker is not running: ask whoever started the console to start it "
            "again."
        )
    if job.status == ConsoleJob.Status.RUNNING:
        if current:
            return gettext("Importing {table}.").format(table=current)
        if view.tables and all(t.state == "done" for t in view.tables):
            return gettext("Writing the report.")
        return gettext("Reading the export.")
    if job.status == ConsoleJob.Status.COMPLETED:
        return gettext("Rows read: {rows}, in {count} tables.").format(
            rows=number(view.done), count=number(len(view.tables))
        )
    return gettext("It stopped: {error}").format(error=job.error)


def _job(pk: int) -> ConsoleJob:
    query = ConsoleJob.objects.select_related("upload", "run", "trial", "created_by")
    return settle(get_object_or_404(query, pk=pk))


@staff_view
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(pk)
    context = {"job": job, "payload": job_payload(job)}
    return render(request, "console/progress.html", context)


@staff_view
def progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    response = JsonResponse(job_payload(_job(pk)))
    response["Cache-Control"] = "no-store"
    return response
