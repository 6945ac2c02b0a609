"""OkVet ``pets`` (mascotas) row → pet fields.

A sanitized dump row::

    id=77, owner_id=1042, name="FIRULAIS", specie=feline, race=criolloa, gender_id=2,
    birth_at=2019-01-01, weight=3200, weight_unit=kg, code=Negro, dead=0

becomes a female cat "Firulais", breed "Mestizo", born in 2019 (year precision), weight
3,200 kg kept and flagged as implausible (grams typed as kilograms are never silently divided),
and "Negro" moved from the microchip field to the clinic code with an issue.
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
from migration.issues import Issue
from migration.read.declarations import DECLARATIONS

MAPPED = DECLARATIONS["pets"].mapped
SIZE = 10
"""``Pet.size_code``: the one pet field with a real limit; every other text is free."""


def convert_pet(row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    out = Converted(legacy_id=legacy_key(v.get("id", "")))
    if not out.legacy_id:
        out.issues.append(Issue("missing-id", column="id"))
    out.refs["owner"] = legacy_key(v.get("owner_id", ""))
    out.deleted_at = c.clean_text(v.get("deleted_at", ""))
    _identity(out, v)
    _body(out, v, ctx)
    _life(out, v, ctx)
    return keep_unmapped(out, row, MAPPED)


def _identity(out: Converted, v: dict[str, str]) -> None:
    name = out.take(c.clean_name(v.get("name", ""), column="name"))
    species, species_original = out.take(
        c.map_species(v.get("specie", ""), v.get("specie_other", "")), keep_raw=False
    )
    breed, breed_original = c.map_breed(v.get("race", ""), v.get("race_other", ""))
    race = c.clean_text(v.get("race", ""))
    if race and breed_original != race and breed != c.map_breed(race, "")[0]:
        out.extras["race"] = race  # a breed word the free text (race_other) overrode
    chip, clinic_code = out.take(
        c.parse_microchip(v.get("code", ""), column="code"), keep_raw=False
    )
    out.fields.update(
        name=name,
        species=species,
        species_original=species_original,
        breed=breed,
        breed_original=breed_original,
        sex=out.take(c.map_sex(v.get("gender_id", ""), column="gender_id")),
        neutered=out.take(
            c.map_neutered(v.get("reproductive_state", ""), column="reproductive_state")
        ),
        microchip=chip,
        clinic_code=clinic_code,
        color=c.clean_text(v.get("color", "")),
        food=c.clean_text(v.get("food", "")),
        photo=c.clean_text(v.get("photo", "")),
        size_code=_size(out, c.clean_text(v.get("size_id", ""))),
    )
    out.keys["name"] = name.casefold()


def _size(out: Converted, text: str) -> str:
    """OkVet's size code (``"2"``); a longer text is no code (``truncated-value``)."""
    return text if len(text) <= SIZE else out.take(c.fit(text, column="size_id", limit=SIZE))


def _body(out: Converted, v: dict[str, str], ctx: ConvertContext) -> None:
    raw_weight = c.clean_text(v.get("weight", ""))
    raw_unit = c.clean_text(v.get("weight_unit", ""))
    out.fields.update(
        weight_raw=raw_weight,
        weight_unit_raw=raw_unit,
        weight_kg=out.take(
            c.parse_weight(raw_weight, raw_unit, column="weight", species=out.fields["species"]),
            keep_raw=False,
        ),
    )
    birth, precision = out.take(
        c.parse_birth_date(v.get("birth_at", ""), column="birth_at", today=ctx.today)
    )
    out.fields.update(birth_date=birth, birth_date_precision=precision)


def _life(out: Converted, v: dict[str, str], ctx: ConvertContext) -> None:
    dead = out.take(c.parse_bool(v.get("dead", ""), column="dead"))
    dead_at = out.take(c.parse_date(v.get("dead_at", ""), column="dead_at"))
    if dead_at and not dead:
        out.issues.append(Issue("deceased-without-flag", column="dead_at", value=v["dead_at"]))
        dead = True
    out.fields.update(is_deceased=bool(dead), deceased_at=dead_at, is_active=not dead)
    for column in ("created_at", "updated_at"):
        out.fields[column] = out.take(c.parse_datetime(v.get(column, ""), column=column, tz=ctx.tz))
    if out.deleted_at:
        out.extras["deleted_at"] = out.deleted_at
