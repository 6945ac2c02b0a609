from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import historical invoices (one row per invoice line) from OkVet's financial reports "
        "or Siigo Nube; import clients and products first. Invoices are kept as a read-only "
        "archive: never renumbered or re-sent."
    )
    batch_type = "invoices"
    label = _("Invoices")
