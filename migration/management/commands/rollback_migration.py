import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.errors import MigrationError
from migration.management.base import BaseCommand
from migration.management.importing import fail, reporting
from migration.management.numbers import Number
from migration.services.rollback import batch_rollback, describe_dependents, run_rollback


class Command(BaseCommand):
    help = gettext_lazy("Delete exactly what one migration batch (or a whole run) created.")

    def add_arguments(self, parser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--batch-id", type=int)
        target.add_argument(
            "--run-id", type=int, help=gettext_lazy("Roll back every batch of a run.")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Show what would be deleted; change nothing."),
        )
        parser.add_argument(
            "--cascade",
            action="store_true",
            help=gettext_lazy("Also delete rows of later batches that depend on it."),
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=gettext_lazy("Do not ask for confirmation."),
        )

    @reporting
    def handle(self, *args, **options) -> None:
        if options["run_id"] is not None:
            return self._handle_run(options)
        batch_id, cascade = options["batch_id"], options["cascade"]
        try:
            preview = batch_rollback(batch_id=batch_id, dry_run=True, cascade=cascade)
            self._show(preview)
            if options["dry_run"]:
                return
            self._ask(options, _("Roll back batch {id}? This cannot be undone. [y/N] "), batch_id)
            result = batch_rollback(batch_id=batch_id, cascade=cascade)
        except MigrationError as exc:
            raise fail(exc) from exc
        self.stdout.write(
            _("Batch {id} rolled back: {n:,} rows deleted.").format(
                id=batch_id, n=Number(sum(result.deleted.values()))
            )
        )

    def _handle_run(self, options) -> None:
        run_id, cascade = options["run_id"], options["cascade"]
        try:
            for preview in run_rollback(run_id=run_id, dry_run=True, cascade=cascade):
                self.stdout.write(_("Batch {id}:").format(id=preview.batch_id))
                self._show(preview)
            if options["dry_run"]:
                return
            self._ask(options, _("Roll back run {id}? This cannot be undone. [y/N] "), run_id)
            results = run_rollback(run_id=run_id, cascade=cascade)
        except MigrationError as exc:
            raise fail(exc) from exc
        deleted = sum(sum(r.deleted.values()) for r in results)
        self.stdout.write(
            _("Run {id} rolled back: {n:,} rows deleted in {b} batches.").format(
                id=run_id, n=Number(deleted), b=len(results)
            )
        )

    def _ask(self, options, question: str, ident: int) -> None:
        if options["interactive"] and sys.stdin.isatty():
            answer = input(question.format(id=ident))
            if answer.strip().lower() not in {"y", "yes", "s", "si", "sí"}:
                raise CommandError(_("Rollback cancelled."), returncode=1)

    def _show(self, preview) -> None:
        verb = _("Would delete") if preview.dry_run else _("Deleted")
        for label, count in sorted(preview.deleted.items()):
            self.stdout.write(f"  {verb}: {Number(count):,} × {label}")
        if preview.dependents:
            self.stdout.write(
                _("  Including rows of later batches (--cascade): {list}").format(
                    list=describe_dependents(preview.dependents)
                )
            )
        self._show_kept(preview)

    def _show_kept(self, preview) -> None:
        for kept in preview.kept:
            line = (
                _("  Stays: {n:,} × {model}, still used by batch {heir}, which now holds it")
                if kept.heir
                else _("  Stays: {n:,} × {model}, still used by rows made in the clinic")
            )
            self.stdout.write(line.format(n=Number(kept.count), model=kept.model, heir=kept.heir))
        for link, count in preview.cleared.items():
            self.stdout.write(
                _("  Link cleared (SET_NULL), row kept: {n:,} × {link}").format(
                    n=Number(count), link=link
                )
            )
        if preview.alternates_removed:
            self.stdout.write(
                _("  Alternate contacts of its merged duplicates removed: {n:,}").format(
                    n=Number(preview.alternates_removed)
                )
            )
        if preview.restored:
            line = (
                _("  Rows that would get back their values from before the sync: {n:,}")
                if preview.dry_run
                else _("  Rows given back their values from before the sync: {n:,}")
            )
            self.stdout.write(line.format(n=Number(preview.restored)))
