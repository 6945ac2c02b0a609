from contextlib import nullcontext

from django.core.management.base import CommandError
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.management.base import BaseCommand
from migration.management.importing import reporting, write_json, write_text
from migration.management.numbers import Number, numbers
from migration.management.report import (
    CHECK_LABELS,
    LABEL,
    REASON_LABELS,
    RULE_LABELS,
    TYPE_LABELS,
    VERDICT_LABELS,
    purged_line,
    render_html,
)
from migration.models import local_time
from migration.services.verify import Verification, migration_verify


class Command(BaseCommand):
    help = gettext_lazy("Verify the migration: counts per type, explained differences, checks.")

    outputs = ("json", "report")

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
        _("Date: {date}").format(date=local_time(timezone.now())),
        _("Source: OkVet.co"),
        _("Destination: Pet-Friendly v1.0"),
        "",
        _("RECORD COUNTS:"),
        _header(),
    ]
    for name, t in report.types.items():
        source, imported, diff = Number(t.source), Number(t.imported), Number(-t.difference)
        lines.append(
            f"{str(TYPE_LABELS.get(name, name)):{LABEL}}{source:>10,}{imported:>10,}{diff:>8,}"
        )
        explained = numbers(t.explained).items()
        reasons = ", ".join(f"{REASON_LABELS[k]}: {v:,}" for k, v in explained if v.value)
        if reasons:
            lines.append(f"{'':{LABEL + 2}}{reasons}")
    lines += ["", _("SOURCE CELLS (mapped / kept in legacy extras / dropped with a reason):")]
    for name, cells in report.cells.items():
        c = numbers(cells)
        lines.append(
            f"{str(TYPE_LABELS.get(name, name)):{LABEL}}{c['mapped']:>12,}{c['preserved']:>12,}"
            f"{c['dropped']:>12,}"
        )
    lines += sync_lines(report)
    lines += readback_lines(report)
    lines += ["", _("DATA QUALITY ISSUES:")]
    lines += [
        f"  {Number(e['open']):>8,}  {code} ({_(e['severity'])})"
        for code, e in report.issues.items()
    ]
    lines += ["", _("VERIFICATION CHECKLIST:")]
    for check in report.checks:
        mark = "✅" if check.passed else "❌"
        detail = ""
        if not check.passed:
            detail = f" ({Number(check.count):,}: {', '.join(check.examples)})"
        lines.append(f"{mark} {CHECK_LABELS.get(check.name, check.name)}{detail}")
    lines += ["", _("SIGN-OFF:")]
    for signed in report.signoffs:
        lines.append(
            _("  Signed off by {by} on {at} (report sha256 {sha})").format(
                by=signed["signed_by"],
                at=local_time(parse_datetime(signed["signed_at"])),
                sha=signed["report_sha256"][:16],
            )
        )
    if not report.signoffs:
        lines += [_("□ Data verified by: ________________"), _("□ Date: ________________")]
    lines.append(bar)
    return "\n".join(lines)


def sync_lines(report: Verification) -> list[str]:
    """What each newer export (a sync) changed, per table: the chain the sign-off covers."""
    if not report.syncs:
        return []
    lines = [
        "",
        _("NEWER EXPORTS (run, table: new, unchanged, changed, conflict, deactivated):"),
    ]
    for s in report.syncs:
        label, n = str(TYPE_LABELS.get(s["type"], s["type"])), numbers(s)
        lines.append(
            f"  {s['run']:>4}  {label:{LABEL}}{n['new']:>8,}{n['unchanged']:>10,}"
            f"{n['updated']:>8,}{n['conflict']:>8,}{n['deactivated']:>8,}"
        )
    return lines


SHOWN_FAILURES = 20
RULE_WIDTH = 48


def readback_lines(report: Verification) -> list[str]:
    """Cells per table and per rule by verdict, the ledger's disagreements, the failures."""
    readback = report.readback
    lines = [
        "",
        _("READ-BACK (every imported row read back from the clinic's tables, cell by cell):"),
    ]
    lines += [f"  {i + 1}. {label}" for i, label in enumerate(VERDICT_LABELS.values())]
    lines.append(f"{'':{LABEL}}" + "".join(f"{i + 1:>9}" for i in range(len(VERDICT_LABELS))))
    per_rule: dict[str, list[int]] = {}
    for name, count in readback.tables.items():
        lines.append(_counts(TYPE_LABELS.get(name, name), count.verdicts.values()))
        for rule, verdicts in count.rules.items():
            entry = per_rule.setdefault(rule, [0] * len(VERDICT_LABELS))
            for i, verdict in enumerate(VERDICT_LABELS):
                entry[i] += verdicts.get(verdict, 0)
    lines += ["", _("  per rule:")]
    lines += [
        _counts(RULE_LABELS.get(rule, rule), n, width=RULE_WIDTH)
        for rule, n in sorted(per_rule.items())
    ]
    lines += [f"  {purged_line(p)}" for p in report.purged]
    if readback.disagreements:
        lines.append(
            _("⚠ The converter's cell ledger and the read-back disagree: {tables}").format(
                tables="; ".join(readback.disagreements)
            )
        )
    for f in readback.failures[:SHOWN_FAILURES]:
        lines.append(
            _("  ❌ {file}:{row} OkVet id {id}, {column}: {source!r} → {stored!r} ({rule})").format(
                file=f.file,
                row=f.row,
                id=f.source_id,
                column=f.column,
                source=f.source,
                stored=f.stored,
                rule=VERDICT_LABELS[f.verdict],
            )
        )
    if readback.failed > SHOWN_FAILURES:
        lines.append(
            _("  … and {n:,} more (see --json or --report)").format(
                n=Number(readback.failed - SHOWN_FAILURES)
            )
        )
    return lines


def _counts(label, counts, width: int = LABEL) -> str:
    text = str(label)
    if len(text) > width - 1:
        text = text[: width - 2] + "…"
    return f"{text:{width}}" + "".join(f"{Number(n):>9,}" for n in counts)
