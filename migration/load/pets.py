"""Pets: resolve the owner through the ID map, place orphans, flag likely duplicates, write."""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter

from django.db import connection

from clinic.models import Pet
from migration.convert.base import Converted, RowLike
from migration.issues import Issue
from migration.load.base import (
    BOOKKEEPING,
    DUPLICATE,
    ERROR,
    IMPORTED,
    OKVET,
    SKIPPED,
    Item,
    Loader,
    Outcome,
)
from migration.load.placeholders import placeholder_owner
from migration.load.writer import TableWriter, rows_where_in
from migration.read.declarations import DECLARATIONS

PET_MODEL = "clinic.Pet"
PET_FIELDS = (
    "name",
    "species",
    "species_original",
    "breed",
    "breed_original",
    "sex",
    "neutered",
    "birth_date",
    "birth_date_precision",
    "weight_kg",
    "weight_raw",
    "weight_unit_raw",
    "size_code",
    "microchip",
    "clinic_code",
    "color",
    "food",
    "photo",
    "is_deceased",
    "deceased_at",
    "created_at",
    "updated_at",
)
PET_COLUMNS = (
    "id",
    "owner_id",
    *PET_FIELDS,
    "is_active",
    "notes",
    "source_system",
    "legacy_id",
    "legacy_extras",
)


def _twin_key(owner_id: int, name: str, species: str, birth: object) -> str:
    return f"{owner_id}|{name}|{species}|{birth}"


_pet_values = itemgetter(*PET_FIELDS)


def _pets_of(owner_ids: list[int]) -> Iterator[tuple]:
    """Pets with a birth date of these owners. A birth date comes back as a ``date`` and a
    converted row may hold it as its ISO text (SQLite): both give the same twin key."""
    table = connection.ops.quote_name(Pet._meta.db_table)
    return rows_where_in(
        f"SELECT id, legacy_id, owner_id, name, species, birth_date FROM {table} "
        "WHERE owner_id IN ({marks}) AND birth_date IS NOT NULL",
        owner_ids,
    )


SYNCED = (*(f for f in PET_FIELDS if f not in BOOKKEEPING), "is_active", "legacy_extras")


class PetLoader(Loader):
    source_type = DECLARATIONS["pets"].id_type
    target_model = PET_MODEL
    sync_refs = {"owner_id": ("owner", "client")}
    sync_retired = {"is_active": False}

    def sync_columns(self) -> tuple[str, ...]:
        return SYNCED

    def sync_image(self, conv: Converted) -> dict:
        f = conv.fields
        image = {name: f[name] for name in SYNCED[:-2]}
        image["is_active"] = f["is_active"] and not conv.deleted_at
        image["legacy_extras"] = conv.extras
        return image

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.pets = TableWriter(Pet, PET_COLUMNS)
        self._rows: list[tuple] = []
        self.twins: dict[str, tuple[int, str]] = {}

    def before_chunk(self, items: list[Item]) -> None:
        owners = {conv.refs["owner"] for _, conv in items if conv.refs.get("owner")}
        self.ctx.idmap.preload("client", owners)
        resolved = {self.ctx.idmap.get("client", o) for o in owners} - {None}
        self.twins = {}
        if not resolved:
            return
        for pid, legacy, owner, name, species, birth in _pets_of(sorted(resolved)):
            self.twins.setdefault(_twin_key(owner, name.casefold(), species, birth), (pid, legacy))

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        owner_ref = conv.refs.get("owner", "")
        owner_id = self.ctx.idmap.get("client", owner_ref) if owner_ref else None
        issues: list[Issue] = []
        if owner_id is None:
            if self.ctx.options.require_owner:
                code = "orphan-skipped" if owner_ref else "missing-owner-reference"
                return Outcome(
                    SKIPPED if owner_ref else ERROR,
                    issues=[Issue(code, column="owner_id", value=owner_ref)],
                )
            owner_id = placeholder_owner(self.ctx)
            issues.append(Issue("orphan-owner", column="owner_id", value=owner_ref))
        f = conv.fields
        twin = None
        if f["birth_date"] is not None:
            key = _twin_key(owner_id, f["name"].casefold(), f["species"], f["birth_date"])
            twin = self.twins.get(key)
        if twin is not None and self.ctx.options.skip_duplicates:
            self.ctx.idmap.add(self.source_type, conv.legacy_id, PET_MODEL, twin[0], alias=True)
            issues.append(self._twin_issue("skipped-duplicate", twin))
            return Outcome(DUPLICATE, target_id=twin[0], duplicate_of=twin[0], issues=issues)
        pet_id = self._insert(owner_id, conv)
        if twin is not None:
            issues.append(self._twin_issue("possible-duplicate", twin))
        elif f["birth_date"] is not None:
            self.twins[key] = (pet_id, conv.legacy_id)
        return Outcome(IMPORTED, target_id=pet_id, issues=issues)

    @staticmethod
    def _twin_issue(code: str, twin: tuple[int, str]) -> Issue:
        return Issue(
            code,
            params={
                "kind": "pet",
                "other_id": twin[1],
                "reason": "same name, species and birth date",
            },
        )

    def _insert(self, owner_id: int, conv: Converted) -> int:
        pet_id = self.pets.next_id()
        f = conv.fields
        active = f["is_active"] and not conv.deleted_at
        self._rows.append(
            (
                pet_id,
                owner_id,
                *_pet_values(f),
                active,
                "",
                OKVET,
                conv.legacy_id,
                conv.extras,
            )
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, PET_MODEL, pet_id)
        return pet_id

    def after_chunk(self) -> None:
        self.pets.write(self._rows)
        self._rows.clear()
