from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.management.importing import write_json, write_text
from migration.management.report import render_html
from migration.services.verify import Verification, migration_verify

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


class Command(BaseCommand):
    help = gettext_lazy("Verify the migration: counts per type, explained differences, checks.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--run-id", type=int)
        parser.add_argument("--json", help=gettext_lazy("Also write the report as JSON here."))
        parser.add_argument(
            "--report",
            help=gettext_lazy("Also write the report as a self-contained HTML page here."),
        )
        parser.add_argument(
            "--language",
            choices=("es", "en"),
            help=gettext_lazy("Language of the report (default: the active one, Spanish)."),
        )

    def handle(self, *args, **options) -> None:
        language = options["language"]
        with translation.override(language) if language else nullcontext():
            report = migration_verify(run_id=options["run_id"])
            self.stdout.write(render(report))
            if options["json"]:
                write_json(options["json"], report.to_dict())
            if options["report"]:
                html = render_html(
                    report, labels=TYPE_LABELS, reasons=REASON_LABELS, checks=CHECK_LABELS
                )
                write_text(options["report"], html)
            if not report.passed:
                raise CommandError(_("Some checks failed."), returncode=1)


def _header() -> str:
    source, imported, diff = _("Source"), _("Imported"), _("Diff")
    return f"{'':{LABEL}}{source:>10}{imported:>10}{diff:>8}"


def render(report: Verification) -> str:
    bar = "═" * 60
    lines = [
        bar,
        _("MIGRATION VERIFICATION REPORT"),
        bar,
        _("Source: OkVet.co"),
        "",
        _("RECORD COUNTS:"),
        _header(),
    ]
    for name, t in report.types.items():
        lines.append(
            f"{str(TYPE_LABELS.get(name, name)):{LABEL}}{t.source:>10,}{t.imported:>10,}"
            f"{-t.difference:>8,}"
        )
        reasons = ", ".join(f"{REASON_LABELS[k]}: {v:,}" for k, v in t.explained.items() if v)
        if reasons:
            lines.append(f"{'':{LABEL + 2}}{reasons}")
    lines += ["", _("SOURCE CELLS (mapped / kept in legacy extras / dropped with a reason):")]
    lines += [
        f"{str(TYPE_LABELS.get(name, name)):{LABEL}}{c['mapped']:>12,}{c['preserved']:>12,}"
        f"{c['dropped']:>12,}"
        for name, c in report.cells.items()
    ]
    lines += ["", _("DATA QUALITY ISSUES:")]
    lines += [
        f"  {e['open']:>8,}  {code} ({_(e['severity'])})" for code, e in report.issues.items()
    ]
    lines += ["", _("VERIFICATION CHECKLIST:")]
    for check in report.checks:
        mark = "✅" if check.passed else "❌"
        detail = "" if check.passed else f" ({check.count:,}: {', '.join(check.examples)})"
        lines.append(f"{mark} {CHECK_LABELS.get(check.name, check.name)}{detail}")
    lines.append(bar)
    return "\n".join(lines)
