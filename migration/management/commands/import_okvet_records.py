from django.utils.translation import gettext_lazy as _

from migration.load.base import LoadOptions
from migration.management.importing import ImportCommand
from migration.services.records import records_import


class Command(ImportCommand):
    help = _(
        "Import medical history from OkVet clinical tables (consults, follow-ups, "
        "prescriptions, lab exams, imaging, hospitalizations, referrals, dewormings, grooming, "
        "day care, orders); each file is recognised by its columns. Import the pets first."
    )
    label = _("Medical history")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--require-owner",
            action="store_true",
            help=_("Skip records whose pet is missing instead of using a placeholder."),
        )

    def load_options(self, options: dict) -> LoadOptions:
        return LoadOptions(
            include_deleted=options["include_deleted"],
            skip_duplicates=options["skip_duplicates"],
            require_owner=options["require_owner"],
        )

    def run_import(self, options, progress):
        return records_import(options=options, progress=progress)
