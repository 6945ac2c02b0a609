"""Vaccinations: pet and staff through the ID map; imported history never sends reminders."""

from __future__ import annotations

from clinic.models import Origin, VaccinationRecord
from migration.convert.base import Converted, RowLike
from migration.load.base import IMPORTED, Item, Loader, Outcome
from migration.load.clinical import pet_or_placeholder
from migration.load.staff import StaffResolver
from migration.load.writer import TableWriter

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


class VaccinationLoader(Loader):
    source_type = "vaccine"
    target_model = VACCINATION_MODEL

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.writer = TableWriter(VaccinationRecord, COLUMNS)
        self.staff = StaffResolver(ctx)
        self._rows: list[tuple] = []

    def before_chunk(self, items: list[Item]) -> None:
        self.ctx.idmap.preload("pet", (conv.refs.get("pet", "") for _, conv in items))
        self.staff.preload(conv.refs.get("author", "") for _, conv in items)

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        pet_id, skipped = pet_or_placeholder(self, conv)
        if skipped is not None:
            return skipped
        vaccination_id = self.writer.next_id()
        self._rows.append(
            (
                vaccination_id,
                pet_id,
                self.staff.resolve(conv.refs.get("author", "")),
                *(conv.fields[name] for name in FIELDS),
                False,
                Origin.OKVET,
                conv.legacy_id,
                conv.extras,
            )
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, VACCINATION_MODEL, vaccination_id)
        return Outcome(IMPORTED, target_id=vaccination_id)

    def after_chunk(self) -> None:
        self.staff.flush()
        self.writer.write(self._rows)
        self._rows.clear()
