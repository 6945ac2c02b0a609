"""OkVet clinical tables (consults, follow-ups, dewormings, …) → one medical-record shape.

Every clinical table of the dump is a dated entry in a pet's history with some free text, some
vitals and some attachments; what differs is which column holds what. A ``RecordTable`` says
that, and one converter reads them all. A sanitized consult row::

    id=9001, pet_id=77, user_id=12, consult_at=2023-04-05 10:30:00, anamnesis="Vomita hace 2 días",
    temperature=38,5, temperature_unit=c, crt=2 seg, bcs=3/5, skin=1, skin_obs="Dermatitis",
    file=[{"name": "rx.jpg", "path": "VetFiles/12/rx.jpg"}]

becomes a consult of pet 77 by staff 12, at 10:30 Bogotá time, with 38.50 °C, CRT 2 s, BCS 3/5,
body systems ``{"skin": {"code": "1", "obs": "Dermatitis"}}`` and one document reference.
"""

from __future__ import annotations

import json

from migration.convert import cleaners as c
from migration.convert import vitals
from migration.convert.base import (
    ConvertContext,
    Converted,
    RowLike,
    keep_unmapped,
    legacy_key,
)
from migration.issues import Issue
from migration.read.clinical_tables import (  # noqa: F401 - the converter's tables
    ITEM_TABLES,
    RECORD_TABLES,
    ItemTable,
    RecordTable,
)
from migration.read.tables import BODY_SYSTEMS, VITALS

TRAILER = ("created_at", "updated_at", "deleted_at")
REFERENCES = ("id", "pet_id", "vet_id", "user_id")


def convert_record(spec: RecordTable, row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    out = Converted(legacy_id=legacy_key(v.get("id", "")))
    if not out.legacy_id:
        out.issues.append(Issue("missing-id", column="id"))
    out.refs.update(pet=legacy_key(v.get("pet_id", "")), author=legacy_key(v.get("user_id", "")))
    out.refs["clinic"] = legacy_key(v.get("vet_id", ""))
    out.deleted_at = c.clean_text(v.get("deleted_at", ""))
    used = set(REFERENCES) | set(TRAILER)
    record_type = record_type_of(v.get("type", "")) if spec.typed else spec.record_type
    out.fields.update(record_type=record_type, **_when(out, spec, v, ctx, used))
    out.fields.update(_texts(spec, v, used))
    out.fields["details"] = _details(out, spec, v, used)
    if spec.has_vitals:
        out.fields.update(_vitals(v, used))
        out.fields["body_systems"] = _body_systems(v, used)
    if out.refs["clinic"]:
        out.fields["details"]["okvet_clinic"] = out.refs["clinic"]
    return keep_unmapped(out, row, used)


RECORD_TYPE_WORDS = {
    "consulta": "consult",
    "control": "follow_up",
    "seguimiento": "follow_up",
    "desparasitacion": "deworming",
    "formula": "prescription",
    "receta": "prescription",
    "examen": "lab_exam",
    "laboratorio": "lab_exam",
    "imagen": "imaging",
    "imagenologia": "imaging",
    "radiografia": "imaging",
    "ecografia": "imaging",
    "hospitalizacion": "hospitalization",
    "remision": "referral",
    "peluqueria": "grooming",
    "bano": "grooming",
    "guarderia": "day_care",
    "orden": "order",
}


def record_type_of(raw: str) -> str:
    """The story's screen export types its rows in words ("Consulta", "Control",
    "Desparasitación"); unknown words are consults, with the word kept as the subtype."""
    for word in c.normalize_key(c.clean_text(raw)).split("_"):
        if word in RECORD_TYPE_WORDS:
            return RECORD_TYPE_WORDS[word]
    return "consult"


def _when(out, spec, v, ctx, used) -> dict:
    found = {}
    for column, target in (
        (spec.occurred, "occurred_at"),
        (spec.ended, "ended_at"),
        (spec.next_control, "next_control_at"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
    ):
        if column:
            used.add(column)
            found[target] = out.take(c.parse_datetime(v.get(column, ""), column=column, tz=ctx.tz))
    return found


def _texts(spec: RecordTable, v: dict[str, str], used: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for column, target in spec.texts.items():
        used.add(column)
        text = c.clean_text(v.get(column, ""))
        found[target] = "\n\n".join(t for t in (found.get(target, ""), text) if t)
    for column, target in ((spec.subtype, "subtype"), (spec.title, "title")):
        if column:
            used.add(column)
            found[target] = c.clean_text(v.get(column, ""))
    return found


def _details(out: Converted, spec: RecordTable, v: dict[str, str], used: set[str]) -> dict:
    details: dict = {}
    for column in spec.details:
        used.add(column)
        if text := c.clean_text(v.get(column, "")):
            details[column] = _json_or_text(text)
    files = []
    for column in spec.files:
        used.add(column)
        files.extend(file_references(v.get(column, ""), column=column, out=out))
    if files:
        details["files"] = files
    return details


def _json_or_text(text: str):
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def file_references(raw: str, *, column: str, out: Converted) -> list[dict[str, str]]:
    """OkVet's ``[{"name": ..., "path": "VetFiles/..."}]`` (or a bare path) → references."""
    text = c.clean_text(raw)
    if not text:
        return []
    value = _json_or_text(text)
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, str):
        return [{"name": value.rsplit("/", 1)[-1], "path": value, "column": column}]
    refs = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and (item.get("path") or item.get("name")):
            path = str(item.get("path") or "")
            name = str(item.get("name") or path.rsplit("/", 1)[-1])
            refs.append({"name": name, "path": path, "column": column})
    if not refs:
        out.extras[column] = raw
    return refs


def _vitals(v: dict[str, str], used: set[str]) -> dict:
    used.update(VITALS)
    raw = {k: v[k] for k in VITALS if k in v and c.clean_text(v[k])}
    weight = c.parse_weight(
        c.clean_text(v.get("weight", "")),
        c.clean_text(v.get("weight_unit", "")),
        column="weight",
        species="other",
    ).value
    score, scale = vitals.body_condition(v.get("bcs", ""))
    return {
        "vitals_raw": raw,
        "temperature_c": vitals.temperature_c(
            v.get("temperature", ""), v.get("temperature_unit", "")
        ),
        "heart_rate": vitals.rate(v.get("heart_rate", "")),
        "breathing_rate": vitals.rate(v.get("breathing_rate", "")),
        "crt_seconds": vitals.seconds(v.get("crt", "")),
        "bcs": score,
        "bcs_scale": scale,
        "weight_kg": weight,
    }


def _body_systems(v: dict[str, str], used: set[str]) -> dict:
    systems = {}
    for name in BODY_SYSTEMS:
        used.update((name, f"{name}_obs"))
        code, obs = c.clean_text(v.get(name, "")), c.clean_text(v.get(f"{name}_obs", ""))
        if code or obs:
            systems[name] = {"code": code, "obs": obs}
    return systems


def convert_item(spec: ItemTable, row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    out = Converted(legacy_id=legacy_key(v.get("id", "")))
    if not out.legacy_id:
        out.issues.append(Issue("missing-id", column="id"))
    out.refs["parent"] = legacy_key(v.get(spec.parent, ""))
    out.deleted_at = c.clean_text(v.get("deleted_at", ""))
    used = {"id", spec.parent, *TRAILER}
    for column, target in spec.texts.items():
        used.add(column)
        out.fields[target] = c.clean_text(v.get(column, ""))
    for column in ("created_at", "updated_at"):
        out.fields[column] = out.take(c.parse_datetime(v.get(column, ""), column=column, tz=ctx.tz))
    return keep_unmapped(out, row, used)
