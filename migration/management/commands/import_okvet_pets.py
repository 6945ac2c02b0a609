from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand


class Command(ImportCommand):
    help = _("Import pets from an OkVet export (mascotas); import the owners first.")
    batch_type = "pets"
    label = _("Pets")
    require_owner_help = _("Skip pets whose owner is missing instead of using a placeholder.")
