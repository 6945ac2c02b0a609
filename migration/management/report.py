"""The verification report as a self-contained HTML page: data in, template out.

No external resources: styles inline, the chart an inline SVG whose geometry is computed here,
every value escaped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, gettext_lazy

from migration.issues import CATALOG
from migration.read.declarations import DECLARATIONS, RULES
from migration.services.purge import PurgedRun, local
from migration.services.rules import VERDICT_LABELS
from migration.services.verify import Verification

LABEL = 26
TYPE_LABELS = {t.batch_type: gettext_lazy(t.label) for t in DECLARATIONS.values()}
"""Each table's label, from its declaration, under its batch type."""
RULE_LABELS = {code: gettext_lazy(text) for code, text in RULES.items()}
REASON_LABELS = {
    "soft_deleted": gettext_lazy("deleted in OkVet"),
    "duplicates": gettext_lazy("duplicates merged"),
    "errors": gettext_lazy("errors"),
    "skipped": gettext_lazy("skipped"),
    "synced": gettext_lazy("imported before (a sync)"),
}
CHECK_LABELS = {
    "differences_explained": gettext_lazy("Every difference is explained"),
    "mappings_point_at_rows": gettext_lazy("Every OkVet id maps to an existing record"),
    "every_import_mapped": gettext_lazy("Every imported record has its OkVet id"),
    "pets_have_owners": gettext_lazy("Every pet is linked to an owner"),
    "records_have_pets": gettext_lazy("No clinical record without its pet"),
    "invoice_mismatches_flagged": gettext_lazy(
        "Every invoice whose lines do not add up to its total is flagged"
    ),
    "cells_accounted": gettext_lazy(
        "Every source cell was mapped, kept in legacy extras or dropped with a reason"
    ),
    "no_interrupted_imports": gettext_lazy(
        "No import was left interrupted (running, its process gone)"
    ),
    "cells_read_back": gettext_lazy(
        "Every source cell read back from the clinic's tables is equal, equal after its rule, "
        "kept verbatim or not imported with a reason"
    ),
}

BAR_WIDTH = 420
ROW_HEIGHT = 34


@dataclass(frozen=True)
class Bar:
    label: str
    source: int
    imported: int
    y: int
    source_width: int
    imported_width: int


def bars(report: Verification, labels: dict) -> list[Bar]:
    """One pair of bars per type, scaled to the largest source count."""
    top = max((t.source for t in report.types.values()), default=0) or 1
    return [
        Bar(
            label=str(labels.get(name, name)),
            source=t.source,
            imported=t.imported,
            y=i * ROW_HEIGHT,
            source_width=round(BAR_WIDTH * t.source / top),
            imported_width=round(BAR_WIDTH * t.imported / top),
        )
        for i, (name, t) in enumerate(report.types.items())
    ]


def render_html(
    report: Verification, *, labels: dict, reasons: dict, checks: dict, signature=None
) -> str:
    context = report_context(
        report, labels=labels, reasons=reasons, checks=checks, signature=signature
    )
    return render_to_string("migration/verification.html", context)


def report_context(
    report: Verification, *, labels: dict, reasons: dict, checks: dict, signature=None
) -> dict:
    """What ``migration/verification_body.html`` renders: the standalone page's and the
    console's (which includes the same body in a page of its own)."""
    chart = bars(report, labels)
    return {
        "report": report,
        "generated_at": timezone.now(),
        "rows": [
            (
                str(labels.get(name, name)),
                t,
                [(str(reasons[k]), v) for k, v in t.explained.items() if v],
            )
            for name, t in report.types.items()
        ],
        "cells": [(str(labels.get(name, name)), c) for name, c in report.cells.items()],
        "syncs": [(str(labels.get(s["type"], s["type"])), s) for s in report.syncs],
        **readback_context(report, labels),
        "checks": [(str(checks.get(c.name, c.name)), c) for c in report.checks],
        "issue_labels": {
            code: gettext(CATALOG[code].label) if code in CATALOG else code
            for code in report.issues
        },
        "bars": chart,
        "chart_height": len(chart) * ROW_HEIGHT + 10,
        "bar_width": BAR_WIDTH,
        "signature": signature,
        "report_signoffs": [
            {**s, "signed_at": parse_datetime(s["signed_at"])} for s in report.signoffs
        ],
    }


def render_signed(report: Verification, signature) -> str:
    """The report with its sign-off block filled in: what ``signoff_migration`` stores."""
    return render_html(
        report, labels=TYPE_LABELS, reasons=REASON_LABELS, checks=CHECK_LABELS, signature=signature
    )


def readback_context(report: Verification, labels: dict) -> dict:
    """The read-back's counts per table and per rule, and its failures, for the template."""
    readback = report.readback
    per_rule: dict[str, dict[str, int]] = {}
    for count in readback.tables.values():
        for rule, verdicts in count.rules.items():
            entry = per_rule.setdefault(rule, dict.fromkeys(VERDICT_LABELS, 0))
            for verdict, n in verdicts.items():
                entry[verdict] += n
    return {
        "verdicts": [str(label) for label in VERDICT_LABELS.values()],
        "readback_rows": [
            (str(labels.get(name, name)), list(count.verdicts.values()))
            for name, count in readback.tables.items()
        ],
        "rule_rows": [
            (str(RULE_LABELS.get(rule, rule)), list(entry.values()))
            for rule, entry in sorted(per_rule.items())
        ],
        "failures": readback.failures,
        "failed": readback.failed,
        "disagreements": readback.disagreements,
        "purged": [purged_line(p) for p in report.purged],
    }


def purged_line(purged: PurgedRun) -> str:
    """A purged run's read-back: not recomputed, its signed result shown."""
    return gettext(
        "⚠ Run {run}: source rows purged on {date} by {by}, so its read-back cannot be "
        "recomputed; as signed on {signed} (report sha256 {sha}): {verdict}"
    ).format(
        run=purged.run_id,
        date=local(purged.purged_at),
        by=purged.purged_by,
        signed=local(purged.signed_at) if purged.signed_at else "?",
        sha=purged.report_sha256[:16],
        verdict=gettext("passed") if purged.read_back_passed else gettext("failed"),
    )
