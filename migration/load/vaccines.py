"""Vaccinations: pet and staff through the ID map; imported history never sends reminders."""

from __future__ import annotations

from clinic.models import VaccinationRecord
from migration.convert.base import Converted
from migration.load.clinical import PetHistoryLoader
from migration.read.declarations import DECLARATIONS

VACCINATION_MODEL = "clinic.VaccinationRecord"
FIELDS = (
    "vaccine_name",
    "vaccine_type_legacy_id",
    "manufacturer",
    "manufacturer_raw",
    "lot_number",
    "notes",
    "date_given",
    "next_due_date",
    "created_at",
    "updated_at",
)
COLUMNS = (
    "id",
    "pet_id",
    "administered_by_id",
    *FIELDS,
    "reminders_enabled",
    "source_system",
    "legacy_id",
    "legacy_extras",
)


class VaccinationLoader(PetHistoryLoader):
    source_type = DECLARATIONS["vaccinations"].id_type
    target_model = VACCINATION_MODEL
    model = VaccinationRecord
    columns = COLUMNS

    def values(self, conv: Converted) -> tuple:
        return (*(conv.fields[name] for name in FIELDS), False)
