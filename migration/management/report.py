"""The verification report as a self-contained HTML page: data in, template out.

No external resources: styles inline, the chart an inline SVG whose geometry is computed here,
every value escaped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy

from migration.services.verify import Verification

LABEL = 26
TYPE_LABELS = {
    "clients": gettext_lazy("Clients/Owners"),
    "pets": gettext_lazy("Pets"),
    "consults": gettext_lazy("Consults"),
    "follow_ups": gettext_lazy("Follow-ups"),
    "vaccinations": gettext_lazy("Vaccinations"),
    "dewormings": gettext_lazy("Dewormings"),
    "prescriptions": gettext_lazy("Prescriptions"),
    "prescription_items": gettext_lazy("Prescription lines"),
    "lab_exams": gettext_lazy("Lab exams"),
    "lab_exam_items": gettext_lazy("Lab exam lines"),
    "imaging": gettext_lazy("Imaging"),
    "hospitalizations": gettext_lazy("Hospitalizations"),
    "referrals": gettext_lazy("Referrals"),
    "orders": gettext_lazy("Orders"),
    "order_items": gettext_lazy("Order lines"),
    "grooming": gettext_lazy("Grooming / spa"),
    "grooming_items": gettext_lazy("Grooming lines"),
    "day_care": gettext_lazy("Day care"),
    "medical_history": gettext_lazy("Medical history"),
    "appointments": gettext_lazy("Appointments"),
    "documents": gettext_lazy("Documents"),
    "files": gettext_lazy("Attached files"),
    "products": gettext_lazy("Products"),
    "invoices": gettext_lazy("Invoices"),
}
REASON_LABELS = {
    "soft_deleted": gettext_lazy("deleted in OkVet"),
    "duplicates": gettext_lazy("duplicates merged"),
    "errors": gettext_lazy("errors"),
    "skipped": gettext_lazy("skipped"),
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
    chart = bars(report, labels)
    return render_to_string(
        "migration/verification.html",
        {
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
            "checks": [(str(checks.get(c.name, c.name)), c) for c in report.checks],
            "bars": chart,
            "chart_height": len(chart) * ROW_HEIGHT + 10,
            "bar_width": BAR_WIDTH,
            "signature": signature,
        },
    )


def render_signed(report: Verification, signature) -> str:
    """The report with its sign-off block filled in: what ``signoff_migration`` stores."""
    return render_html(
        report, labels=TYPE_LABELS, reasons=REASON_LABELS, checks=CHECK_LABELS, signature=signature
    )
