"""What the review side's pages share: a run's heading and its tables (batches) in words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

from console.wording import batch_state, state_words, table_label
from migration.models import MigrationBatch, MigrationRun
from migration.services.interrupted import interrupted_imports
from migration.services.plan import STEPS


def interrupted() -> tuple[set[int], set[int]]:
    """The runs and the batches a dead process left running."""
    found = interrupted_imports()
    return (
        {f.id for f in found if f.kind == "run"},
        {f.id for f in found if f.kind == "batch"},
    )


def run_state(run: MigrationRun, stale_runs: set[int] | None = None) -> str:
    if stale_runs is None:
        stale_runs = interrupted()[0]
    return state_words(run.status, dry_run=run.is_dry_run, interrupted=run.pk in stale_runs)


def run_context(run: MigrationRun) -> dict:
    """The run, its state and its sign-offs, for the heading and the links between its
    pages (the export's name, not the server's path to it)."""
    return {
        "run": run,
        "run_state": run_state(run),
        "source_name": Path(run.source).name or run.source,
        "signoffs": list(run.signoffs.order_by("signed_at")),
    }


@dataclass(frozen=True)
class BatchRow:
    """One table of a run as its report lists it."""

    batch: MigrationBatch
    label: str
    state: str
    issues_url: str
    errors_url: str
    retry_url: str


def correctable(batch: MigrationBatch) -> bool:
    """A real batch read from files: its failed rows can be exported and retried."""
    step = STEPS.get(batch.batch_type)
    return not batch.is_dry_run and step is not None and step.read


def batch_rows(batches: list[MigrationBatch]) -> list[BatchRow]:
    stale_batches = interrupted()[1]
    issues = reverse("console:issues", args=[batches[0].run_id]) if batches else ""
    rows = []
    for batch in batches:
        fixable = correctable(batch) and (batch.error_count or batch.critical_open)
        rows.append(
            BatchRow(
                batch=batch,
                label=table_label(batch.batch_type),
                state=batch_state(batch, interrupted=batch.pk in stale_batches),
                issues_url=f"{issues}?lote={batch.pk}&estado=todos",
                errors_url=reverse("console:errors_export", args=[batch.pk]) if fixable else "",
                retry_url=reverse("console:retry", args=[batch.pk]) if fixable else "",
            )
        )
    return rows
