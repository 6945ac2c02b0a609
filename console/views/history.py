"""Everything the migration did, newest first: runs (trials, imports, syncs), rollbacks and
sign-offs, each with its state in words and the page that reports it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from console.views.access import staff_view
from console.views.common import interrupted, run_state
from console.wording import batch_state, table_label
from migration.load.base import SYNC_STATUSES
from migration.models import MigrationBatch, MigrationRun, MigrationSignoff

PER_PAGE = 50


@dataclass(frozen=True)
class Event:
    when: datetime | None
    kind: str
    title: str
    state: str
    detail: str = ""
    url: str = ""
    link_text: str = ""


def _synced(run_ids: list[int]) -> set[int]:
    """The runs that met rows imported before: syncs of a newer export."""
    found = set()
    rows = MigrationBatch.objects.filter(run_id__in=run_ids).values_list("run_id", "summary")
    for run_id, summary in rows:
        counts = (summary or {}).get("counts", {})
        if any(counts.get(status) for status in SYNC_STATUSES):
            found.add(run_id)
    return found


def run_events() -> list[Event]:
    runs = list(MigrationRun.objects.annotate(tables=Count("batches")).order_by("-pk"))
    syncs, (stale, _batches) = _synced([r.pk for r in runs]), interrupted()
    events = []
    for run in runs:
        if run.is_dry_run:
            kind = gettext("Trial")
        elif run.pk in syncs:
            kind = gettext("Sync")
        else:
            kind = gettext("Import")
        events.append(
            Event(
                when=run.started_at or run.created_at,
                kind=kind,
                title=gettext("Run {run}: {export}").format(
                    run=run.pk, export=Path(run.source).name or run.source
                ),
                state=run_state(run, stale),
                detail=gettext("tables: {n}").format(n=run.tables),
                url=reverse("console:report", args=[run.pk]),
                link_text=gettext("Report"),
            )
        )
    return events


def rollback_events() -> list[Event]:
    batches = MigrationBatch.objects.exclude(rolled_back_at=None).order_by("-rolled_back_at")
    return [
        Event(
            when=batch.rolled_back_at,
            kind=gettext("Rollback"),
            title=gettext("{table} of run {run} undone").format(
                table=table_label(batch.batch_type), run=batch.run_id or "—"
            )
            if batch.run_id
            else gettext("{table} undone").format(table=table_label(batch.batch_type)),
            state=batch_state(batch),
            url=reverse("console:report", args=[batch.run_id]) if batch.run_id else "",
            link_text=gettext("Report") if batch.run_id else "",
        )
        for batch in batches
    ]


def signoff_events() -> list[Event]:
    return [
        Event(
            when=signed.signed_at,
            kind=gettext("Sign-off"),
            title=gettext("Run {run} signed off by {by}").format(
                run=signed.run_id, by=signed.signed_by
            ),
            state=gettext("Signed with critical issues open")
            if signed.accepted_with_critical
            else gettext("Signed"),
            detail=f"sha256 {signed.report_sha256[:16]}…",
            url=reverse("console:signoff", args=[signed.run_id]),
            link_text=gettext("Signed report"),
        )
        for signed in MigrationSignoff.objects.order_by("-signed_at")
    ]


def table_events() -> list[Event]:
    """Tables imported on their own (by a command, outside any run)."""
    return [
        Event(
            when=batch.started_at or batch.created_at,
            kind=gettext("Table import"),
            title=gettext("{table}: {file}").format(
                table=table_label(batch.batch_type), file=Path(batch.source_file).name
            ),
            state=batch_state(batch),
        )
        for batch in MigrationBatch.objects.filter(run=None).order_by("-pk")
    ]


@staff_view
def history(request: HttpRequest) -> HttpResponse:
    events = [*run_events(), *rollback_events(), *signoff_events(), *table_events()]
    events.sort(key=lambda e: e.when.timestamp() if e.when else 0, reverse=True)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "console/history.html", {"page": page})
