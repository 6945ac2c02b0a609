"""The verification report as a self-contained HTML page: data in, template out.

No external resources: styles inline, the chart an inline SVG whose geometry is computed here,
every value escaped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from migration.services.verify import Verification

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


def render_html(report: Verification, *, labels: dict, reasons: dict, checks: dict) -> str:
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
        },
    )
