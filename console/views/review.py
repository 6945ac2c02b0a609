"""The review side's pages of a run: its verification report, the side-by-side comparison and
its issue queue. Each is the commands' own builder (``migration_verify``, ``migration_compare``)
rendered by the commands' own template body, inside a console page."""

from __future__ import annotations

from dataclasses import replace

from django.core.paginator import Paginator
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from console.links import record_links
from console.queue import (
    ALL,
    OPEN,
    RESOLVED,
    SEVERITIES,
    QueueFilter,
    batches_with_issues,
    code_choices,
    issue_rows,
    queue,
)
from console.views.access import staff_view
from console.views.common import batch_rows, run_context
from console.wording import Labelled, issue_label, severity_words, table_label
from migration.management.report import CHECK_LABELS, REASON_LABELS, TYPE_LABELS, report_context
from migration.models import DataQualityIssue, MigrationRun
from migration.services.compare import migration_compare
from migration.services.verify import Verification, migration_verify

PER_PAGE = 25


def issues_url(run_id: int, **filters) -> str:
    return f"{reverse('console:issues', args=[run_id])}?{QueueFilter(**filters).query()}"


def verification_context(run: MigrationRun, report: Verification, batches: list) -> dict:
    """The report body's context, with each table's row and each issue code linked to the
    run's issue queue filtered to it."""
    context = report_context(report, labels=TYPE_LABELS, reasons=REASON_LABELS, checks=CHECK_LABELS)
    by_type = {}
    for batch in sorted(batches, key=lambda b: (b.is_dry_run != run.is_dry_run, -b.pk)):
        by_type.setdefault(batch.batch_type, batch)
    rows = []
    for name, (label, counts, reasons) in zip(report.types, context["rows"], strict=True):
        batch = by_type.get(name)
        url = issues_url(run.pk, batch=batch.pk, state=ALL) if batch else ""
        rows.append((Labelled(label, url=url), counts, reasons))
    descriptions = dict(
        DataQualityIssue.objects.filter(batch_id__in=report.batches)
        .values("issue_type")
        .annotate(example=Min("description"))
        .values_list("issue_type", "example")
    )
    issues = {
        code: {
            **entry,
            "label": issue_label(code, descriptions.get(code, "")),
            "url": issues_url(run.pk, code=code, state=ALL),
        }
        for code, entry in report.issues.items()
    }
    return {**context, "rows": rows, "report": replace(report, issues=issues)}


@staff_view
def report(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(MigrationRun, pk=run_id)
    batches = list(batches_with_issues(run.pk))
    verification = migration_verify(run_id=run.pk)
    context = {
        **verification_context(run, verification, batches),
        **run_context(run),
        "batches": batch_rows(batches),
    }
    return render(request, "console/report.html", context)


def _number(text: str, default: int, *, low: int, high: int) -> int:
    return min(max(int(text), low), high) if text.strip().isdigit() else default


@staff_view
def comparison(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(MigrationRun, pk=run_id)
    asked = {
        "per_type": _number(request.GET.get("por_tabla", ""), 10, low=1, high=100),
        "seed": _number(request.GET.get("semilla", ""), 0, low=0, high=10**9),
        "owner_id": request.GET.get("propietario", "").strip() or None,
        "pet_id": request.GET.get("mascota", "").strip() or None,
    }
    result = migration_compare(**asked)
    targets = [_target(pair.target) for pair in result.pairs]
    links = record_links(t for t in targets if t is not None)
    rows = [
        (
            Labelled(
                table_label(pair.batch_type),
                link=links.get(target),
                issue_labels=[issue_label(code) for code in pair.issues],
            ),
            pair,
        )
        for pair, target in zip(result.pairs, targets, strict=True)
    ]
    context = {"result": result, "rows": rows, "asked": asked, **run_context(run)}
    return render(request, "console/comparison.html", context)


def _target(text: str) -> tuple[str, int] | None:
    """A pair's target as the comparison writes it: ``clinic.Pet#12``."""
    label, _, pk = text.rpartition("#")
    return (label, int(pk)) if label and pk.isdigit() else None


@staff_view
def issues(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(MigrationRun, pk=run_id)
    filters = QueueFilter.from_query(request.GET)
    batches = list(batches_with_issues(run.pk))
    if filters.batch is not None and filters.batch not in {b.pk for b in batches}:
        raise Http404
    page = Paginator(queue(run_id=run.pk, filters=filters), PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    here = reverse("console:issues", args=[run.pk])
    context = {
        **run_context(run),
        "filters": filters,
        "page": page,
        "rows": issue_rows(list(page.object_list)),
        "batches": [(b.pk, table_label(b.batch_type), b.is_dry_run) for b in batches],
        "codes": code_choices(run.pk),
        "severities": [(s, severity_words(s)) for s in SEVERITIES],
        "states": (OPEN, RESOLVED, ALL),
        "here": f"{here}?{filters.query(pagina=page.number)}",
        "previous": f"{here}?{filters.query(pagina=page.number - 1)}",
        "next": f"{here}?{filters.query(pagina=page.number + 1)}",
    }
    return render(request, "console/issues.html", context)
