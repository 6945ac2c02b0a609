"""OkVet ``vaccinations`` → vaccination records; the vaccine's name through the catalogue.

OkVet stores a per-clinic catalogue id (``vaccine_type_id``), not the vaccine's name; the name is
in the catalogue export ("Administración → Variables → vacunas"). Without it the record keeps
the id and says so. The laboratory is free text: ``"ZOETIS"`` and ``"Zoetis"`` are one company,
and ``"Nobivac"`` is a brand of MSD Animal Health. A sanitized row::

    id=3301, pet_id=77, user_id=12, vaccine_type_id=5, laboratory="nobivac", lot="A123",
    vaccine_at=2023-04-05, next_vaccine_at=2024-04-05

becomes a vaccination of pet 77 with "Nobivac Rabia" (catalogue id 5), manufacturer "MSD Animal
Health" (as written: "nobivac"), lot A123, next due 2024-04-05, reminders off.
"""

from __future__ import annotations

from migration.convert import cleaners as c
from migration.convert.base import (
    ConvertContext,
    Converted,
    RowLike,
    keep_unmapped,
    legacy_key,
)
from migration.convert.vocab import MANUFACTURERS
from migration.issues import Issue
from migration.read.declarations import DECLARATIONS

MAPPED = DECLARATIONS["vaccinations"].mapped


def manufacturer(raw: str) -> str:
    """``"ZOETIS"`` → ``"Zoetis"``; ``"Nobivac"`` → ``"MSD Animal Health"``; else as written."""
    text = c.clean_text(raw)
    if not text:
        return ""
    key = c.normalize_key(text)
    for word in (key, *key.split("_")):
        if word in MANUFACTURERS:
            return MANUFACTURERS[word]
    return text


def convert_vaccination(row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    out = Converted(legacy_id=legacy_key(v.get("id", "")))
    if not out.legacy_id:
        out.issues.append(Issue("missing-id", column="id"))
    out.refs.update(pet=legacy_key(v.get("pet_id", "")), author=legacy_key(v.get("user_id", "")))
    out.deleted_at = c.clean_text(v.get("deleted_at", ""))
    type_id = legacy_key(v.get("vaccine_type_id", ""))
    name = c.clean_text(v.get("vaccine_name", "")) or ctx.vaccine_names.get(type_id, "")
    if type_id and not name:
        out.issues.append(Issue("unknown-vaccine-name", column="vaccine_type_id", value=type_id))
    raw_lab = c.clean_text(v.get("laboratory", ""))
    out.fields.update(
        vaccine_name=name,
        vaccine_type_legacy_id=out.take(c.fit(type_id, column="vaccine_type_id", limit=50)),
        manufacturer=manufacturer(raw_lab),
        manufacturer_raw=raw_lab,
        lot_number=out.take(c.fit(c.clean_text(v.get("lot", "")), column="lot", limit=100)),
        notes=c.clean_text(v.get("details", "")),
        date_given=out.take(c.parse_date(v.get("vaccine_at", ""), column="vaccine_at")),
        next_due_date=out.take(
            c.parse_date(v.get("next_vaccine_at", ""), column="next_vaccine_at")
        ),
    )
    for column in ("created_at", "updated_at"):
        out.fields[column] = out.take(c.parse_datetime(v.get(column, ""), column=column, tz=ctx.tz))
    if clinic := legacy_key(v.get("vet_id", "")):
        out.extras["vet_id"] = clinic
        out.refs["clinic"] = clinic
    return keep_unmapped(out, row, MAPPED)


def catalog_names(rows) -> dict[str, str]:
    """The vaccine catalogue export as ``{catalogue id: name}``."""
    names = {}
    for row in rows:
        key, name = legacy_key(row.values.get("id", "")), c.clean_text(row.values.get("name", ""))
        if key and name:
            names.setdefault(key, name)
    return names
