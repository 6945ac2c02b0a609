"""An import's batches as a self-contained HTML page: what a sync would do, field by field.

``import_okvet --source=NEWER --dry-run --report-html=PATH`` is the preview of a sync: per
table, how many rows are new, changed, unchanged, deleted in OkVet or in conflict with an edit
made in Pet-Friendly, the columns that changed, and each changed row's cells (OkVet's value
before → after, the value stored now, applied or kept). Data in (the ``BatchResult`` of each
batch), template out: no external resources, every value escaped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from migration.management.report import TYPE_LABELS
from migration.services.results import BatchResult

COUNTS = (
    ("total", gettext_lazy("source rows")),
    ("imported", gettext_lazy("new (imported)")),
    ("updated", gettext_lazy("changed (updated)")),
    ("unchanged", gettext_lazy("unchanged")),
    ("deactivated", gettext_lazy("deleted in OkVet (deactivated)")),
    ("absent", gettext_lazy("of which missing from this full export")),
    ("conflict", gettext_lazy("in conflict with an edit made in Pet-Friendly")),
    ("duplicate", gettext_lazy("duplicates")),
    ("skipped", gettext_lazy("skipped")),
    ("deleted", gettext_lazy("of which deleted in OkVet (not imported)")),
    ("error", gettext_lazy("errors")),
)
"""The counts of a batch, in the order the page lists them (a zero sync count is left out)."""
ALWAYS = frozenset({"total", "imported", "skipped", "error"})


@dataclass(frozen=True)
class BatchPage:
    """One batch as the page shows it."""

    label: str
    result: BatchResult
    counts: list[tuple[str, int]]
    hidden_changes: int
    """Changed cells counted in ``changed_columns`` but not listed (the report keeps the
    first ``tracking.SHOWN_CHANGES``; every one stays in its row's record)."""


def batch_page(result: BatchResult) -> BatchPage:
    counts = [
        (str(label), result.counts.get(key, 0))
        for key, label in COUNTS
        if key in ALWAYS or result.counts.get(key)
    ]
    hidden = max(sum(result.changed_columns.values()) - len(result.changes), 0)
    label = str(TYPE_LABELS.get(result.batch_type, result.batch_type))
    return BatchPage(label, result, counts, hidden)


def render_preview(results: list[BatchResult]) -> str:
    """The page of these batches (one import, or every batch of a whole export's run)."""
    return render_to_string(
        "migration/sync_preview.html",
        {
            "batches": [batch_page(result) for result in results],
            "dry_run": any(result.dry_run for result in results),
            "generated_at": timezone.localtime(),
            "LANGUAGE_CODE": get_language(),
        },
    )
