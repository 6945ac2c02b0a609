from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.management.importing import reporting, write_json, write_text
from migration.management.report import (
    CHECK_LABELS,
    LABEL,
    REASON_LABELS,
    TYPE_LABELS,
    render_html,
)
from migration.services.verify import Verification, migration_verify


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

    @reporting
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
        _("Date: {date}").format(date=timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        _("Source: OkVet.co"),
        _("Destination: Pet-Friendly v1.0"),
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
    lines += ["", _("SIGN-OFF:")]
    for signed in report.signoffs:
        lines.append(
            _("  Signed off by {by} on {at} (report sha256 {sha})").format(
                by=signed["signed_by"],
                at=signed["signed_at"][:16],
                sha=signed["report_sha256"][:16],
            )
        )
    if not report.signoffs:
        lines += [_("□ Data verified by: ________________"), _("□ Date: ________________")]
    lines.append(bar)
    return "\n".join(lines)
