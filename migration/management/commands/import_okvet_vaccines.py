from django.utils.translation import gettext_lazy as _

from migration.load.base import LoadOptions
from migration.management.importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import vaccinations from an OkVet export (vacunaciones); import the pets first. "
        "Imported vaccinations never send reminders."
    )
    batch_type = "vaccinations"
    label = _("Vaccinations")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--catalog",
            help=_("OkVet's vaccine catalogue export (Variables → vacunas): gives the names."),
        )
        parser.add_argument(
            "--require-owner",
            action="store_true",
            help=_("Skip vaccinations whose pet is missing instead of using a placeholder."),
        )

    def load_options(self, options: dict) -> LoadOptions:
        return LoadOptions(
            include_deleted=options["include_deleted"],
            skip_duplicates=options["skip_duplicates"],
            require_owner=options["require_owner"],
        )

    def import_extras(self, options: dict) -> dict:
        return {"catalog": options["catalog"]}
