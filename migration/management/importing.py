"""The shared shape of every ``import_okvet_*`` command: options in, one service call, a summary."""

from __future__ import annotations

import functools
import json
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from migration.errors import MigrationError, PartialRunError
from migration.load.base import SYNC_STATUSES, LoadOptions
from migration.management.base import BaseCommand
from migration.management.numbers import Number, numbers
from migration.management.outputs import FATAL
from migration.management.preview import render_preview
from migration.management.progress import make_progress
from migration.models import BATCH_TYPES, BatchStatus
from migration.services.imports import ImportOptions, batch_import
from migration.services.interrupted import describe, interrupted_imports
from migration.services.results import BatchResult

KEPT = 1
"""Something was written, but not all: a run whose later batch failed, a report that could not
be written after the import was saved."""
TOP_ISSUES = 10


def one_line(text: str) -> str:
    """Database drivers add hints on further lines; the user gets one line."""
    return " ".join(text.split())


def fail(exc: MigrationError) -> CommandError:
    """A domain error as one clear line; exit code 2, or 1 when a run kept some batches."""
    code = KEPT if isinstance(exc, PartialRunError) else FATAL
    return CommandError(one_line(exc.render(_)), returncode=code)


def reporting(handle):
    """``handle`` of a command, with ``reported()`` around it."""

    @functools.wraps(handle)
    def wrapper(self, *args, **options):
        with reported():
            return handle(self, *args, **options)

    return wrapper


@contextmanager
def reported():
    """Domain errors and an unreachable database reach the user as one line, exit code 2."""
    try:
        yield
    except MigrationError as exc:
        raise fail(exc) from exc
    except DatabaseError as exc:
        message = _("the database is not reachable or refused the request: {error}")
        raise CommandError(one_line(message.format(error=exc)), returncode=FATAL) from exc


class ImportCommand(BaseCommand):
    batch_type = ""
    label = ""
    outputs = ("report_json", "report_html")
    # set on commands whose rows hang from an owner or a pet: offers --require-owner
    require_owner_help = None

    def add_arguments(self, parser) -> None:
        self.add_source_arguments(parser)
        if self.require_owner_help:
            parser.add_argument(
                "--require-owner", action="store_true", help=self.require_owner_help
            )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Run everything, then roll the changes back; keep the report."),
        )
        parser.add_argument(
            "--skip-duplicates",
            action="store_true",
            help=_(
                "Do not create a likely duplicate pet (same owner, name, species and birth "
                "date); link it to the match. Owners are never merged by a contact."
            ),
        )
        parser.add_argument(
            "--include-deleted",
            action="store_true",
            help=_("Import rows deleted in OkVet, as inactive."),
        )
        parser.add_argument(
            "--full-export",
            action="store_true",
            help=_(
                "The export is complete: rows imported before and missing from it were "
                "deleted in OkVet, and are deactivated (never deleted)."
            ),
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help=_("Rows per bulk write (default 2000).")
        )
        parser.add_argument("--mapping", help=_("TOML or JSON file mapping unknown headers."))
        parser.add_argument(
            "--time-zone",
            default=settings.OKVET_TIME_ZONE,
            help=_("Time zone of OkVet's naive timestamps."),
        )
        parser.add_argument(
            "--region",
            default=settings.OKVET_DEFAULT_REGION,
            help=_("Country for phone numbers without one (ISO code)."),
        )
        parser.add_argument("--report-json", help=_("Also write the summary as JSON here."))
        parser.add_argument(
            "--report-html",
            help=_(
                "Also write the summary as an HTML page here: per table the new, changed, "
                "unchanged, deleted and conflicting rows, and the changed rows field by field."
            ),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("No progress output."))

    def add_source_arguments(self, parser) -> None:
        parser.add_argument(
            "--file",
            action="append",
            required=True,
            dest="files",
            help=_("Export file (CSV or XLSX); repeat for several files."),
        )

    def load_options(self, options: dict) -> LoadOptions:
        return LoadOptions(
            include_deleted=options["include_deleted"],
            full_export=options.get("full_export", False),
            skip_duplicates=options["skip_duplicates"],
            require_owner=options.get("require_owner", False),
            clinic=options.get("clinic", ""),
        )

    def handle(self, *args, **options) -> None:
        if options["batch_size"] < 1:
            raise CommandError(_("--batch-size must be at least 1"), returncode=FATAL)
        import_options = ImportOptions(
            files=options.get("files") or [],
            mapping=options["mapping"],
            dry_run=options["dry_run"],
            batch_size=options["batch_size"],
            load=self.load_options(options),
            time_zone=options["time_zone"],
            default_region=options["region"],
            **self.import_extras(options),
        )
        with reported():
            for found in interrupted_imports():
                self.stdout.write(describe(found))
        progress = make_progress(self.stderr, str(self.label), enabled=not options["no_progress"])
        try:
            with reported():
                results = self.run_import(import_options, progress)
        finally:
            if progress is not None:
                progress.close()
        self.stdout.write("\n\n".join(render_summary(result) for result in results))
        if options["report_json"]:
            data = [result.to_dict() for result in results]
            report = data[0] if len(data) == 1 else {"batches": data}
            write_json(options["report_json"], report, returncode=KEPT)
        if options["report_html"]:
            write_text(options["report_html"], render_preview(results), returncode=KEPT)

    def import_extras(self, options: dict) -> dict:
        """Options of one command only (``--catalog``), as ``ImportOptions`` fields."""
        return {}

    def run_import(self, options: ImportOptions, progress) -> list[BatchResult]:
        return [batch_import(batch_type=self.batch_type, options=options, progress=progress)]


def write_json(path: str, data: dict, *, returncode: int = FATAL) -> None:
    write_text(
        path, json.dumps(data, ensure_ascii=False, indent=2, default=str), returncode=returncode
    )


def write_text(path: str, text: str, *, returncode: int = FATAL) -> None:
    """``returncode``: ``KEPT`` once the command has saved its work (the path was checked
    before, so only a folder removed meanwhile or a full disk gets here)."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        message = _("cannot write {path}: {error}").format(path=path, error=exc.strerror)
        if returncode == KEPT:
            message = _("{message}; the rest was saved").format(message=message)
        raise CommandError(message, returncode=returncode) from exc


SHOWN_ROWS = 20
TYPE_LABELS = dict(BATCH_TYPES)
STATUS_LABELS = dict(BatchStatus.choices)


def _sync_lines(result: BatchResult) -> list[str]:
    """What a sync made of the rows imported before, and its changed rows field by field."""
    c = result.counts
    if not any(c.get(status) for status in SYNC_STATUSES):
        return []
    lines = [
        _(
            "  Imported before: {unchanged:,} unchanged, {updated:,} changed, "
            "{conflict:,} in conflict with an edit made in Pet-Friendly, "
            "{deactivated:,} deactivated (deleted in OkVet)"
        ).format(**{status: Number(c.get(status, 0)) for status in SYNC_STATUSES})
    ]
    if c.get("absent"):
        absent = Number(c["absent"])
        lines.append(_("  Missing from this full export, deactivated: {n:,}").format(n=absent))
    if result.changed_columns:
        changed = numbers(result.changed_columns).items()
        columns = ", ".join(f"{name} ({n:,})" for name, n in changed)
        lines.append(_("  Changed columns: {columns}").format(columns=columns))
    for change in result.changes[:SHOWN_ROWS]:
        line = _("    OkVet id {id}, {column}: {before!r} → {after!r} (stored: {stored!r})")
        if not change["applied"]:
            line += " — " + _("kept: edited in Pet-Friendly")
        lines.append(
            line.format(
                id=change["source_id"],
                column=change["column"],
                before=change["before"],
                after=change["after"],
                stored=change["stored"],
            )
        )
    if len(result.changes) > SHOWN_ROWS:
        more = len(result.changes) - SHOWN_ROWS
        lines.append(_("    … and {n:,} more changes (see the report)").format(n=Number(more)))
    return lines


def render_summary(result: BatchResult) -> str:
    c = numbers(result.counts)
    lines = [
        _("Batch {id} ({type}){dry}: {status}").format(
            id=result.batch_id,
            type=TYPE_LABELS.get(result.batch_type, result.batch_type),
            status=STATUS_LABELS.get(result.status, result.status),
            dry=_(" — DRY RUN, nothing was saved") if result.dry_run else "",
        ),
        _("  Source rows: {n:,}").format(n=c["total"]),
        _("  Imported: {n:,}").format(n=c["imported"]),
        _("  Duplicates: {n:,}").format(n=c["duplicate"]),
        _("  Skipped: {n:,} (deleted in OkVet: {d:,})").format(n=c["skipped"], d=c["deleted"]),
        _("  Errors: {n:,}").format(n=c["error"]),
        *_sync_lines(result),
        _(
            "  Cells: {mapped:,} mapped, {preserved:,} kept in legacy extras, "
            "{dropped:,} dropped with a reason, {unaccounted:,} unaccounted"
        ).format(**numbers(result.cells)),
        _("  Time: {s:.1f} s ({rate:,.0f} rows/s)").format(
            s=Number(result.elapsed_seconds), rate=Number(result.rows_per_second)
        ),
    ]
    if result.issues:
        lines.append(_("  Top issues:"))
        lines += [
            f"    {Number(i.count):>8,}  {i.code} ({_(i.severity)})"
            for i in result.issues[:TOP_ISSUES]
        ]
    lines.append(
        _("Details: rollback_migration --batch-id={id} undoes this batch.").format(
            id=result.batch_id
        )
        if not result.dry_run
        else _("Review the issues in the admin, then run again without --dry-run.")
    )
    return "\n".join(lines)
