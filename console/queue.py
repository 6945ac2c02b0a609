"""The issue queue of a run: its filters (table, severity, code, open or resolved), read from
the query string as the report's links write it, and each issue as the clinic reads it.

``?lote=12&gravedad=critical&codigo=orphan-owner&estado=abiertos&pagina=2``
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Min, Q, QuerySet
from django.http import QueryDict

from console.links import Link, issue_links
from console.wording import (
    issue_advice,
    issue_label,
    severity_words,
    table_label,
    where,
    without_flags,
)
from migration.models import DataQualityIssue, MigrationBatch

OPEN, RESOLVED, ALL = "abiertos", "resueltos", "todos"
STATES = (OPEN, RESOLVED, ALL)
SEVERITIES = tuple(DataQualityIssue.Severity.values)


@dataclass(frozen=True)
class QueueFilter:
    batch: int | None = None
    severity: str = ""
    code: str = ""
    state: str = OPEN

    @classmethod
    def from_query(cls, query: QueryDict) -> QueueFilter:
        """Whatever the query string says, a filter: an unknown value is no filter."""
        batch = query.get("lote", "")
        severity = query.get("gravedad", "")
        state = query.get("estado", OPEN)
        return cls(
            batch=int(batch) if batch.isdigit() else None,
            severity=severity if severity in SEVERITIES else "",
            code=query.get("codigo", "").strip()[:100],
            state=state if state in STATES else OPEN,
        )

    def query(self, **changes) -> str:
        """The query string of this filter (with ``changes``), for links and pages."""
        values = {
            "lote": self.batch or "",
            "gravedad": self.severity,
            "codigo": self.code,
            "estado": self.state,
            **changes,
        }
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})

    def apply(self, issues: QuerySet) -> QuerySet:
        if self.batch is not None:
            issues = issues.filter(batch_id=self.batch)
        if self.severity:
            issues = issues.filter(severity=self.severity)
        if self.code:
            issues = issues.filter(issue_type=self.code)
        if self.state != ALL:
            issues = issues.filter(resolved=self.state == RESOLVED)
        return issues


def run_issues(run_id: int) -> QuerySet:
    return DataQualityIssue.objects.filter(batch__run_id=run_id)


def queue(*, run_id: int, filters: QueueFilter) -> QuerySet:
    return (
        filters.apply(run_issues(run_id))
        .select_related("batch", "record")
        .order_by("batch_id", "source_row", "pk")
    )


@dataclass(frozen=True)
class IssueRow:
    """One issue as the queue shows it."""

    issue: DataQualityIssue
    label: str
    table: str
    severity: str
    where: str
    description: str
    advice: str
    link: Link | None


def issue_rows(issues: list[DataQualityIssue]) -> list[IssueRow]:
    links = issue_links(issues)
    return [
        IssueRow(
            issue=issue,
            label=issue_label(issue.issue_type, issue.description),
            table=table_label(issue.batch.batch_type),
            severity=severity_words(issue.severity),
            where=where(issue),
            description=without_flags(issue.description),
            advice=issue_advice(issue.issue_type, issue.severity),
            link=links.get(issue.pk),
        )
        for issue in issues
    ]


def code_choices(run_id: int) -> list[tuple[str, str, int]]:
    """The codes the run's issues have: (code, label, open issues)."""
    rows = (
        run_issues(run_id)
        .values("issue_type")
        .annotate(example=Min("description"), open=Count("pk", filter=Q(resolved=False)))
        .order_by("issue_type")
    )
    return [(r["issue_type"], issue_label(r["issue_type"], r["example"]), r["open"]) for r in rows]


def batches_with_issues(run_id: int) -> QuerySet:
    """The run's batches in import order, each with its open and critical open issues."""
    open_issues = Q(issues__resolved=False)
    return (
        MigrationBatch.objects.filter(run_id=run_id)
        .annotate(
            open_issues=Count("issues", filter=open_issues),
            critical_open=Count("issues", filter=open_issues & Q(issues__severity="critical")),
        )
        .order_by("pk")
    )
