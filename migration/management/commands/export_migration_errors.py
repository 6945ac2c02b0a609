import csv

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migration.errors import MigrationError
from migration.management.base import BaseCommand
from migration.management.importing import FATAL, fail, reporting
from migration.services.corrections import errors_export


class Command(BaseCommand):
    help = gettext_lazy(
        "Write a batch's failed rows, with their issues, as a spreadsheet-friendly CSV to "
        "correct and re-import with retry_migration."
    )

    outputs = ("output",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-id", type=int, required=True)
        parser.add_argument("--output", required=True)

    @reporting
    def handle(self, *args, **options) -> None:
        try:
            failed = errors_export(batch_id=options["batch_id"])
            count = 0
            with open(options["output"], "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(failed.columns)
                for row in failed.rows:
                    writer.writerow(row)
                    count += 1
        except MigrationError as exc:
            raise fail(exc) from exc
        except OSError as exc:
            raise CommandError(
                _("cannot write {path}: {error}").format(
                    path=options["output"], error=exc.strerror
                ),
                returncode=FATAL,
            ) from exc
        self.stdout.write(
            _("{n} failed rows written to {path}.").format(n=count, path=options["output"])
        )
