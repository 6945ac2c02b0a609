"""Appointments: owner, pet and staff through the ID map; nothing imported ever notifies."""

from __future__ import annotations

from clinic.models import Appointment, AppointmentStatus
from migration.convert.base import Converted, RowLike
from migration.issues import Issue
from migration.load.base import BOOKKEEPING, IMPORTED, OKVET, Item, Loader, Outcome
from migration.load.staff import StaffResolver
from migration.load.writer import TableWriter
from migration.read.declarations import DECLARATIONS

APPOINTMENT_MODEL = "clinic.Appointment"
FIELDS = (
    "kind",
    "subtype",
    "summary",
    "description",
    "comments",
    "start",
    "end",
    "status",
    "is_reminder",
    "is_blocked_slot",
    "created_at",
    "updated_at",
)
COLUMNS = (
    "id",
    "owner_id",
    "pet_id",
    "staff_id",
    *FIELDS,
    "notifications_enabled",
    "source_system",
    "legacy_id",
    "legacy_extras",
)


class AppointmentLoader(Loader):
    """An unknown owner or pet is left empty and flagged: an agenda entry needs neither."""

    source_type = DECLARATIONS["appointments"].id_type
    target_model = APPOINTMENT_MODEL
    sync_refs = {"owner_id": ("owner", "client"), "pet_id": ("pet", "pet")}
    sync_retired = {"status": AppointmentStatus.CANCELLED.value}

    def sync_columns(self) -> tuple[str, ...]:
        return (*(f for f in FIELDS if f not in BOOKKEEPING), "legacy_extras")

    def sync_image(self, conv: Converted) -> dict:
        image = {n: conv.fields[n] for n in FIELDS if n not in BOOKKEEPING}
        image["legacy_extras"] = {**conv.extras, **self._unlinked(conv)}
        return image

    def _unlinked(self, conv: Converted) -> dict[str, str]:
        """The OkVet owner and pet ids no imported row has (``{"pet_id": "999999"}``): kept in
        the legacy extras, so the clinic can link the appointment to the right pet later."""
        found = {}
        for kind, source_type in (("owner", "client"), ("pet", "pet")):
            ref = conv.refs[kind]
            if ref and self.ctx.idmap.get(source_type, ref) is None:
                found[f"{kind}_id"] = ref
        return found

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.writer = TableWriter(Appointment, COLUMNS)
        self.staff = StaffResolver(ctx)
        self._rows: list[tuple] = []

    def before_chunk(self, items: list[Item]) -> None:
        for kind, source_type in (("owner", "client"), ("pet", "pet")):
            self.ctx.idmap.preload(source_type, (conv.refs[kind] for _, conv in items))
        self.staff.preload(conv.refs["author"] for _, conv in items)

    def _link(self, conv: Converted, kind: str, source_type: str) -> int | None:
        ref = conv.refs[kind]
        found = self.ctx.idmap.get(source_type, ref) if ref else None
        if ref and found is None:
            conv.issues.append(
                Issue("unlinked-reference", column=f"{kind}_id", value=ref, params={"kind": kind})
            )
        return found

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        appointment_id = self.writer.next_id()
        conv.extras.update(self._unlinked(conv))
        self._rows.append(
            (
                appointment_id,
                self._link(conv, "owner", "client"),
                self._link(conv, "pet", "pet"),
                self.staff.resolve(conv.refs["author"]),
                *(conv.fields[name] for name in FIELDS),
                False,
                OKVET,
                conv.legacy_id,
                conv.extras,
            )
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, APPOINTMENT_MODEL, appointment_id)
        return Outcome(IMPORTED, target_id=appointment_id)

    def after_chunk(self) -> None:
        self.staff.flush()
        self.writer.write(self._rows)
        self._rows.clear()
