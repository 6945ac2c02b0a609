from django.utils.translation import gettext_lazy as _

from migration.load.base import LoadOptions
from migration.management.importing import ImportCommand


class Command(ImportCommand):
    help = _("Import pets from an OkVet export (mascotas); import the owners first.")
    batch_type = "pets"
    label = _("Pets")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--require-owner",
            action="store_true",
            help=_("Skip pets whose owner is missing instead of using a placeholder."),
        )

    def load_options(self, options: dict) -> LoadOptions:
        return LoadOptions(
            include_deleted=options["include_deleted"],
            skip_duplicates=options["skip_duplicates"],
            require_owner=options["require_owner"],
        )
