"""Clinical records: pet and author through the ID map, orphans under a placeholder pet."""

from __future__ import annotations

from clinic.models import MedicalRecord, MedicalRecordItem
from migration.convert.base import Converted, RowLike
from migration.issues import Issue
from migration.load.base import BOOKKEEPING, ERROR, IMPORTED, OKVET, SKIPPED, Item, Loader, Outcome
from migration.load.placeholders import placeholder_pet
from migration.load.staff import StaffResolver
from migration.load.writer import TableWriter

RECORD_MODEL = "clinic.MedicalRecord"
TEXT_FIELDS = (
    "subtype",
    "title",
    "anamnesis",
    "objective",
    "problems",
    "interpretation",
    "diagnostic_plan",
    "therapeutic_plan",
    "diagnosis_presumptive",
    "diagnosis_differential",
    "diagnosis_final",
    "treatment",
    "observations",
)
NULL_FIELDS = (
    "occurred_at",
    "ended_at",
    "next_control_at",
    "temperature_c",
    "heart_rate",
    "breathing_rate",
    "crt_seconds",
    "bcs",
    "bcs_scale",
    "weight_kg",
    "created_at",
    "updated_at",
)
JSON_FIELDS = ("vitals_raw", "body_systems", "details")
COLUMNS = (
    "id",
    "pet_id",
    "author_id",
    "record_type",
    "is_internal",
    *TEXT_FIELDS,
    *NULL_FIELDS,
    *JSON_FIELDS,
    "source_system",
    "legacy_id",
    "legacy_extras",
)


ORPHAN_PET = "pet_id"


def pet_or_placeholder(loader: Loader, conv: Converted) -> tuple[int | None, Outcome | None]:
    """The record's pet; a placeholder (flagged) when unknown, or a skip with --require-owner.

    An orphan keeps its OkVet pet id in its legacy extras (``{"pet_id": "999999"}``), so the
    clinic can tell which animal each record under the placeholder was and re-assign it.
    """
    ref = conv.refs.get("pet", "")
    pet_id = loader.ctx.idmap.get("pet", ref) if ref else None
    if pet_id is not None:
        return pet_id, None
    if loader.ctx.options.require_owner:
        code = "orphan-pet-skipped" if ref else "missing-pet-reference"
        issue = Issue(code, column="pet_id", value=ref)
        return None, Outcome(SKIPPED if ref else ERROR, issues=[issue])
    conv.issues.append(Issue("orphan-pet", column="pet_id", value=ref))
    if ref:
        conv.extras[ORPHAN_PET] = ref
    return placeholder_pet(loader.ctx), None


def orphan_extras(loader: Loader, conv: Converted) -> dict:
    """The row's legacy extras, with the OkVet pet id when that pet is not mapped."""
    ref = conv.refs.get("pet", "")
    if ref and loader.ctx.idmap.get("pet", ref) is None:
        return {**conv.extras, ORPHAN_PET: ref}
    return conv.extras


class PetHistoryLoader(Loader):
    """What every kind of pet history shares: the pet and the author through the ID map
    (preloaded per chunk), rows collected by ``create`` and written in bulk per chunk."""

    model: type
    columns: tuple[str, ...] = ()
    sync_refs = {"pet_id": ("pet", "pet")}

    def sync_columns(self) -> tuple[str, ...]:
        own = self.columns[3:-3]
        return (*(c for c in own if c not in BOOKKEEPING), "legacy_extras")

    def sync_image(self, conv: Converted) -> dict:
        image = dict(zip(self.columns[3:-3], self.values(conv), strict=True))
        for name in BOOKKEEPING:
            image.pop(name, None)
        image["legacy_extras"] = orphan_extras(self, conv)
        return image

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.writer = TableWriter(self.model, self.columns)
        self.staff = StaffResolver(ctx)
        self._rows: list[tuple] = []

    def before_chunk(self, items: list[Item]) -> None:
        self.ctx.idmap.preload("pet", (conv.refs.get("pet", "") for _, conv in items))
        self.staff.preload(conv.refs.get("author", "") for _, conv in items)

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        pet_id, skipped = pet_or_placeholder(self, conv)
        if skipped is not None:
            return skipped
        target_id = self.writer.next_id()
        author_id = self.staff.resolve(conv.refs.get("author", ""))
        self._rows.append(
            (target_id, pet_id, author_id, *self.values(conv))
            + (OKVET, conv.legacy_id, conv.extras)
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, self.target_model, target_id)
        return Outcome(IMPORTED, target_id=target_id)

    def values(self, conv: Converted) -> tuple:  # pragma: no cover - abstract
        raise NotImplementedError

    def after_chunk(self) -> None:
        self.staff.flush()
        self.writer.write(self._rows)
        self._rows.clear()


class RecordLoader(PetHistoryLoader):
    """One loader for every clinical table; ``source_type`` is the table's record type."""

    target_model = RECORD_MODEL
    model = MedicalRecord
    columns = COLUMNS

    def __init__(self, ctx, source_type: str) -> None:
        super().__init__(ctx)
        self.source_type = source_type

    def values(self, conv: Converted) -> tuple:
        f = conv.fields
        return (
            f["record_type"],
            False,
            *(f.get(name, "") for name in TEXT_FIELDS),
            *(f.get(name) for name in NULL_FIELDS),
            *(f.get(name) or {} for name in JSON_FIELDS),
        )


ITEM_MODEL = "clinic.MedicalRecordItem"
ITEM_FIELDS = ("name", "presentation", "quantity", "instructions")
ITEM_COLUMNS = (
    "id",
    "record_id",
    *ITEM_FIELDS,
    "created_at",
    "updated_at",
    "is_active",
    "source_system",
    "legacy_id",
    "legacy_extras",
)


class ItemLoader(Loader):
    """Lines of prescriptions, lab exams, orders and grooming, under their imported record."""

    target_model = ITEM_MODEL

    def __init__(self, ctx, source_type: str, parent_type: str) -> None:
        super().__init__(ctx)
        self.source_type, self.parent_type = source_type, parent_type
        self.sync_refs = {"record_id": ("parent", parent_type)}
        self.sync_retired = {"is_active": False}
        self.writer = TableWriter(MedicalRecordItem, ITEM_COLUMNS)
        self._rows: list[tuple] = []

    def before_chunk(self, items: list[Item]) -> None:
        self.ctx.idmap.preload(self.parent_type, (conv.refs["parent"] for _, conv in items))

    def sync_columns(self) -> tuple[str, ...]:
        return (*ITEM_FIELDS, "legacy_extras")

    def sync_image(self, conv: Converted) -> dict:
        return {**{n: conv.fields.get(n, "") for n in ITEM_FIELDS}, "legacy_extras": conv.extras}

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        ref = conv.refs["parent"]
        record_id = self.ctx.idmap.get(self.parent_type, ref) if ref else None
        if record_id is None:
            issue = Issue("orphan-line", column="", value=ref, params={"kind": self.parent_type})
            return Outcome(ERROR, issues=[issue])
        item_id = self.writer.next_id()
        f = conv.fields
        self._rows.append(
            (
                item_id,
                record_id,
                *(f.get(name, "") for name in ITEM_FIELDS),
                f.get("created_at"),
                f.get("updated_at"),
                True,
                OKVET,
                conv.legacy_id,
                conv.extras,
            )
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, ITEM_MODEL, item_id)
        return Outcome(IMPORTED, target_id=item_id)

    def after_chunk(self) -> None:
        self.writer.write(self._rows)
        self._rows.clear()
