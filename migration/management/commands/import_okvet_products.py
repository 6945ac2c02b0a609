from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import products and services from an OkVet export (Ventas → Productos y servicios → "
        "exportar). Imported stock is an opening count marked for review."
    )
    batch_type = "products"
    label = _("Products")
