from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import appointments from an OkVet export (citas); import owners and pets first. "
        "OkVet's automatic all-day reminders come over as muted reminders; nothing imported "
        "sends a notification."
    )
    batch_type = "appointments"
    label = _("Appointments")
