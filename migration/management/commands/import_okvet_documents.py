from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand
from migration.services.documents import documents_import


class Command(ImportCommand):
    help = _(
        "Import OkVet's documents table (consent forms) and every file reference of the "
        "imported records and pets; with --files, the files themselves, stored with their "
        "sha256. Import the records first."
    )
    label = _("Documents")
    require_owner_help = _("Skip documents whose pet is missing instead of using a placeholder.")

    def add_source_arguments(self, parser) -> None:
        parser.add_argument(
            "--file",
            action="append",
            dest="files",
            help=_("The documents table export (documentos); repeat for several files."),
        )
        parser.add_argument(
            "--files",
            dest="attachments",
            help=_("Folder or ZIP of the attachment files (VetFiles/…)."),
        )

    def handle(self, *args, **options) -> None:
        self.attachments = options["attachments"]
        super().handle(*args, **options)

    def run_import(self, options, progress):
        return documents_import(options=options, files=self.attachments, progress=progress)
