from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import vaccinations from an OkVet export (vacunaciones); import the pets first. "
        "Imported vaccinations never send reminders."
    )
    batch_type = "vaccinations"
    label = _("Vaccinations")
    require_owner_help = _("Skip vaccinations whose pet is missing instead of using a placeholder.")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--catalog",
            help=_("OkVet's vaccine catalogue export (Variables → vacunas): gives the names."),
        )

    def import_extras(self, options: dict) -> dict:
        return {"catalog": options["catalog"]}
