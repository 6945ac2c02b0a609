import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.errors import MigrationError
from migration.management.importing import fail
from migration.services.rollback import batch_rollback, describe_dependents


class Command(BaseCommand):
    help = gettext_lazy("Delete exactly what one migration batch created.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-id", type=int, required=True)
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

    def handle(self, *args, **options) -> None:
        batch_id, cascade = options["batch_id"], options["cascade"]
        try:
            preview = batch_rollback(batch_id=batch_id, dry_run=True, cascade=cascade)
            self._show(preview)
            if options["dry_run"]:
                return
            if options["interactive"] and sys.stdin.isatty() and not self._confirm(batch_id):
                raise CommandError(_("Rollback cancelled."), returncode=1)
            result = batch_rollback(batch_id=batch_id, cascade=cascade)
        except MigrationError as exc:
            raise fail(exc) from exc
        self.stdout.write(
            _("Batch {id} rolled back: {n:,} rows deleted.").format(
                id=batch_id, n=sum(result.deleted.values())
            )
        )

    def _show(self, preview) -> None:
        verb = _("Would delete") if preview.dry_run else _("Deleted")
        for label, count in sorted(preview.deleted.items()):
            self.stdout.write(f"  {verb}: {count:,} × {label}")
        if preview.dependents:
            self.stdout.write(
                _("  Including rows of later batches (--cascade): {list}").format(
                    list=describe_dependents(preview.dependents)
                )
            )

    def _confirm(self, batch_id: int) -> bool:
        answer = input(_("Roll back batch {id}? This cannot be undone. [y/N] ").format(id=batch_id))
        return answer.strip().lower() in {"y", "yes", "s", "si", "sí"}
