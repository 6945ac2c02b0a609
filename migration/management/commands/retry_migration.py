from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand
from migration.services.corrections import batch_retry


class Command(ImportCommand):
    help = _(
        "Re-import corrected rows (a file written by export_migration_errors, fixed) into "
        "the same batch: their failed records are replaced by the new outcome."
    )
    label = _("Corrected rows")
    require_owner_help = _("Skip rows whose owner or pet is missing instead of a placeholder.")

    def add_source_arguments(self, parser) -> None:
        parser.add_argument("--batch-id", type=int, required=True)
        parser.add_argument("--file", required=True, help=_("The corrected CSV or XLSX."))

    def handle(self, *args, **options) -> None:
        self.batch_id, self.file = options["batch_id"], options["file"]
        super().handle(*args, **options)

    def run_import(self, options, progress):
        return [
            batch_retry(batch_id=self.batch_id, file=self.file, options=options, progress=progress)
        ]
