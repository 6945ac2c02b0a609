from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand


class Command(ImportCommand):
    help = _("Import owners (clients) from an OkVet export (propietarios, CSV or XLSX).")
    batch_type = "clients"
    label = _("Owners")
