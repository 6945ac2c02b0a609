from django.utils.translation import gettext_lazy as _

from migration.management.importing import ImportCommand
from migration.services.records import records_import


class Command(ImportCommand):
    help = _(
        "Import medical history from OkVet clinical tables (consults, follow-ups, "
        "prescriptions, lab exams, imaging, hospitalizations, referrals, dewormings, grooming, "
        "day care, orders); each file is recognised by its columns. Import the pets first."
    )
    label = _("Medical history")
    require_owner_help = _("Skip records whose pet is missing instead of using a placeholder.")

    def run_import(self, options, progress):
        return records_import(options=options, progress=progress)
