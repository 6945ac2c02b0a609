"""The tracking's JSON fields as the clinic reads them: labelled lines and small tables.

A batch's ``summary`` (``{"counts": {"total": 669, ...}, "cells": {...}, "issues": [...]}``),
its ``options``, a row's ``source_data`` and issue codes, a sync's before and after: each
becomes rows of (label, value) rendered by a template (``admin/migration/lines.html``), so a
number reads ``2.000`` and a yes/no ``sí``, never ``{"total": 2000}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.issues import CATALOG
from migration.models import model_name

COUNT_LABELS = {
    "total": _("source rows"),
    "imported": _("imported"),
    "duplicate": _("duplicates"),
    "skipped": _("skipped"),
    "deleted": _("deleted in OkVet"),
    "error": _("errors"),
    "unchanged": _("unchanged"),
    "updated": _("changed"),
    "conflict": _("in conflict"),
    "deactivated": _("deactivated"),
    "absent": _("missing from the full export"),
}
CELL_LABELS = {
    "mapped": _("mapped"),
    "preserved": _("kept in legacy extras"),
    "dropped": _("dropped with a reason"),
    "unaccounted": _("unaccounted"),
}
OPTION_LABELS = {
    "batch_size": _("rows per bulk write"),
    "include_deleted": _("rows deleted in OkVet imported, as inactive"),
    "skip_duplicates": _("likely duplicates linked, not created"),
    "full_export": _("complete export: rows missing from it deactivated"),
    "require_owner": _("pets without an owner refused"),
    "mapping": _("column mapping file"),
    "time_zone": _("time zone of OkVet's times"),
    "default_region": _("country of phone numbers without one"),
    "catalog": _("vaccine catalogue"),
    "clinic": _("OkVet clinic imported"),
}
SEVERITY_LABELS = {
    "critical": _("critical"),
    "warning": _("warning"),
    "info": _("info"),
}
Rows = Iterable[tuple[object, object]]


def lines(rows: Rows) -> str:
    """``[("filas de origen", 2000)]`` as a small labelled table."""
    return render_to_string("admin/migration/lines.html", {"rows": list(rows)})


def grid(headers: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """A small table with a header row."""
    return render_to_string(
        "admin/migration/grid.html", {"headers": list(headers), "rows": [list(r) for r in rows]}
    )


def labelled(values: Mapping, labels: Mapping) -> list[tuple[object, object]]:
    """Known keys first, in their labels' order, then any other key as it is."""
    known = [(labels[k], values[k]) for k in labels if k in values]
    return known + [(k.replace("_", " "), v) for k, v in values.items() if k not in labels]


def issue_label(code: str) -> str:
    known = CATALOG.get(code)
    return gettext(known.label) if known else code


def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))


def summary(data: Mapping) -> str:
    """A batch's result: its counts, cells, issues, time and (a sync's) changed rows."""
    issues = [
        (f"{issue_label(i['code'])} ({severity_label(i['severity'])})", i["count"])
        for i in data.get("issues", [])
    ]
    timing = [
        (_("time (seconds)"), data.get("elapsed_seconds")),
        (_("rows per second"), round(data.get("rows_per_second") or 0) or None),
    ]
    changes = [
        (c["source_id"], c["column"], c["before"], c["after"], c["stored"], c["applied"])
        for c in data.get("changes", [])
    ]
    return render_to_string(
        "admin/migration/summary.html",
        {
            "counts": labelled(
                {k: v for k, v in data.get("counts", {}).items() if v}, COUNT_LABELS
            ),
            "cells": labelled(data.get("cells", {}), CELL_LABELS),
            "issues": issues,
            "timing": [(label, v) for label, v in timing if v is not None],
            "columns": list(data.get("changed_columns", {}).items()),
            "changes": changes,
        },
    )


def options(data: Mapping) -> str:
    return lines(labelled(data, OPTION_LABELS))


FILE_REFERENCE_LABELS = {
    "name": _("file name"),
    "path": _("path in the export"),
    "kind": _("kind"),
    "owner_key": _("entry that names it"),
    "pet": _("pet (id)"),
    "record": _("record (id)"),
}


def source_row(data: Mapping) -> str:
    """An OkVet row, column by column, under the export's own column names; a file
    reference (the files step's row, not an OkVet table's) under labels of its own."""
    if "path" in data and "owner_key" in data:
        return lines(labelled(data, FILE_REFERENCE_LABELS))
    return lines(data.items())


def issue_codes(codes: Iterable[str]) -> str:
    return lines((issue_label(code), code) for code in codes)


def files(paths: Iterable[str]) -> str:
    return lines((i + 1, path) for i, path in enumerate(paths))


def before_after(before: Mapping, after: Mapping) -> str:
    """A sync's change: each column with its value before and after."""
    columns = list(dict.fromkeys([*before, *after]))
    return grid(
        (_("column"), _("before"), _("after")),
        ((c, before.get(c, ""), after.get(c, "")) for c in columns),
    )


def moved(data: Mapping) -> str:
    """What an owner merge moved: rows per model, OkVet ids, whether the owner was active."""
    rows: list[tuple[object, object]] = []
    for key, value in data.items():
        if key == "mappings":
            rows.append((_("OkVet ids moved"), len(value)))
        elif key == "was_active":
            rows.append((_("the merged owner was active"), bool(value)))
        else:
            rows.append((model_name(key), len(value)))
    return lines(rows)
