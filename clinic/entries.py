"""Every field of a medical record as a labelled, readable line: what a card of the chart shows.

OkVet's clinical tables put different things in the same columns of a record (a deworming's
product is its ``title``, its dose its ``treatment``; a prescription's formula is both its
``therapeutic_plan`` and, as typed, its ``treatment``), so labels depend on the record type.
A sanitized prescription::

    therapeutic_plan="Cefalexina Cápsulas 500 mg: 1 tableta cada 12 horas"
    treatment="Cefalexina Cápsulas 500 mg: 1 tableta cada 12 horas"
    lines=[Cefalexina · Cápsulas 500 mg · quantity 1 · "1 tableta cada 12 horas"]

shows its line once, labelled; the free texts only when they say more than the lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.display import day, folded, kg, moment, number
from clinic.models import MedicalRecord, MedicalRecordItem


@dataclass(frozen=True)
class Field:
    label: str
    value: str


TEXTS = (
    ("title", gettext_lazy("title")),
    ("subtype", gettext_lazy("type")),
    ("anamnesis", gettext_lazy("anamnesis (subjective)")),
    ("objective", gettext_lazy("objective findings")),
    ("problems", gettext_lazy("problems")),
    ("interpretation", gettext_lazy("interpretation (assessment)")),
    ("diagnosis_presumptive", gettext_lazy("presumptive diagnosis")),
    ("diagnosis_differential", gettext_lazy("differential diagnosis")),
    ("diagnosis_final", gettext_lazy("final diagnosis")),
    ("diagnostic_plan", gettext_lazy("diagnostic plan")),
    ("therapeutic_plan", gettext_lazy("therapeutic plan")),
    ("treatment", gettext_lazy("treatment")),
    ("observations", gettext_lazy("observations")),
)
BY_TYPE = {
    "deworming": {"title": gettext_lazy("product"), "treatment": gettext_lazy("dose")},
    "imaging": {"subtype": gettext_lazy("study type"), "title": gettext_lazy("image type")},
    "referral": {"title": gettext_lazy("destination")},
    "day_care": {"treatment": gettext_lazy("belongings left")},
    "hospitalization": {"subtype": gettext_lazy("care type (OkVet id)")},
    "prescription": {
        "diagnosis_final": gettext_lazy("diagnosis"),
        "therapeutic_plan": gettext_lazy("prescription"),
        "treatment": gettext_lazy("prescription as written"),
    },
    "lab_exam": {"diagnosis_presumptive": gettext_lazy("diagnosis")},
}
"""Where a table's column landed in a generic field, the label says what it was."""
LINE_TEXTS = ("therapeutic_plan", "treatment")
"""Free texts that may only repeat the record's lines (prescriptions)."""
DETAILS = {
    "dx_presumptive": gettext_lazy("presumptive Dx"),
    "dx_differential": gettext_lazy("differential Dx"),
    "dx_final": gettext_lazy("final Dx"),
    "dx": gettext_lazy("Dx"),
    "last_deworming": gettext_lazy("previous deworming"),
    "laboratories_id": gettext_lazy("laboratory (OkVet id)"),
    "laboratories_type": gettext_lazy("laboratory type"),
    "type_other": gettext_lazy("other type"),
    "order_item_id": gettext_lazy("order line (OkVet id)"),
    "profesional_id": gettext_lazy("professional (OkVet id)"),
    "rabies_vaccine": gettext_lazy("rabies vaccine"),
    "quantity": gettext_lazy("quantity"),
    "monitorable_type": gettext_lazy("follow-up of"),
    "monitorable_id": gettext_lazy("followed-up entry (OkVet id)"),
}
HIDDEN_DETAILS = frozenset(("files", "okvet_clinic"))
"""Shown elsewhere: the files as the entry's attachments, the OkVet clinic with its id."""
YES_NO = {"1": gettext_lazy("yes"), "0": gettext_lazy("no")}


def record_fields(record: MedicalRecord, lines: list[MedicalRecordItem]) -> list[Field]:
    """The record's texts, dates, vitals, body systems and details, labelled, in reading order."""
    labels = BY_TYPE.get(record.record_type, {})
    fields = []
    for name, label in TEXTS:
        text = getattr(record, name).strip()
        if text and not (name in LINE_TEXTS and _only_repeats(text, lines, fields)):
            fields.append(Field(str(labels.get(name, label)), text))
    fields += _dates(record)
    fields += vitals(record)
    fields += body_systems(record.body_systems or {})
    fields += _details(record.details or {}, fields)
    return fields


def _only_repeats(text: str, lines: list[MedicalRecordItem], shown: list[Field]) -> bool:
    """Whether a free text says nothing the lines (or a text already shown) do not: every
    word of each of its rows is in one of the record's lines, or the whole text was shown."""
    if any(folded(f.value) == folded(text) for f in shown):
        return True
    words = [
        _words(line.name, line.presentation, line.quantity, line.instructions) for line in lines
    ]
    rows = [_words(row) for row in text.splitlines() if row.strip()]
    return bool(words) and all(any(row <= line for line in words) for row in rows)


def _words(*texts: str) -> set[str]:
    return set(re.findall(r"\w+", folded(" ".join(texts))))


def _dates(record: MedicalRecord) -> list[Field]:
    found = []
    if record.ended_at:
        label = _("discharge") if record.record_type == "hospitalization" else _("end")
        found.append(Field(label, moment(record.ended_at)))
    if record.next_control_at:
        found.append(Field(_("next control"), moment(record.next_control_at)))
    return found


MUCOUS = {
    "pink": gettext_lazy("pink"),
    "pale": gettext_lazy("pale"),
    "congested": gettext_lazy("congested"),
    "icteric": gettext_lazy("icteric (yellow)"),
    "cyanotic": gettext_lazy("cyanotic (blue)"),
}
RAW_VITALS = {
    "reflexes": gettext_lazy("reflexes"),
    "heartbeat": gettext_lazy("heartbeat"),
    "saturation": gettext_lazy("oxygen saturation"),
    "blood_pressure": gettext_lazy("blood pressure"),
    "mucous_membrane": gettext_lazy("mucous membranes"),
    "glycemia": gettext_lazy("glycaemia"),
    "palpation": gettext_lazy("palpation"),
}
PARSED = (
    ("temperature_c", "temperature", gettext_lazy("temperature"), "{} °C"),
    ("heart_rate", "heart_rate", gettext_lazy("heart rate"), "{} lpm"),
    ("breathing_rate", "breathing_rate", gettext_lazy("breathing rate"), "{} rpm"),
    ("crt_seconds", "crt", gettext_lazy("capillary refill time"), "{} s"),
)


def vitals(record: MedicalRecord) -> list[Field]:
    """Parsed vitals with their units; a vital OkVet held that did not parse, as written."""
    raw = record.vitals_raw or {}
    found = []
    for name, column, label, unit in PARSED:
        value = getattr(record, name)
        if value is not None:
            found.append(Field(str(label), unit.format(number(value))))
        elif raw.get(column):
            found.append(Field(str(label), _("{value} (as written)").format(value=raw[column])))
    if record.bcs is not None:
        scale = f"/{record.bcs_scale}" if record.bcs_scale else ""
        found.append(Field(_("body condition"), f"{number(record.bcs)}{scale}"))
    if record.weight_kg is not None:
        found.append(Field(_("weight"), kg(record.weight_kg)))
    for column, label in RAW_VITALS.items():
        if text := str(raw.get(column, "")).strip():
            meaning = MUCOUS.get(text.lower()) if column == "mucous_membrane" else None
            found.append(Field(str(label), str(meaning or text)))
    return found


SYSTEMS = {
    "attitude": gettext_lazy("attitude"),
    "hydration": gettext_lazy("hydration"),
    "nutritional": gettext_lazy("nutritional state"),
    "lymph_nodes": gettext_lazy("lymph nodes"),
    "mucous": gettext_lazy("mucosae"),
    "cardiovascular": gettext_lazy("cardiovascular"),
    "respiratory": gettext_lazy("respiratory"),
    "digestive": gettext_lazy("digestive"),
    "urinary": gettext_lazy("urinary"),
    "reproductive": gettext_lazy("reproductive"),
    "muscle": gettext_lazy("musculoskeletal"),
    "nervous": gettext_lazy("nervous"),
    "skin": gettext_lazy("skin"),
    "eyes": gettext_lazy("eyes"),
    "ears": gettext_lazy("ears"),
}


def body_systems(systems: dict) -> list[Field]:
    """OkVet codes each system 0 (normal) or 1/2 (a finding, its note in ``obs``): the
    findings one by one, the normal systems in one line."""
    normal, found = [], []
    for key, state in systems.items():
        label = str(SYSTEMS.get(key, key.replace("_", " ")))
        code, note = str(state.get("code", "")).strip(), str(state.get("obs", "")).strip()
        if code == "0" and not note:
            normal.append(label)
            continue
        finding = _("finding (OkVet code {code})").format(code=code) if code else ""
        found.append(Field(label, " — ".join(t for t in (finding, note) if t)))
    if normal:
        found.insert(0, Field(_("normal on examination"), ", ".join(normal)))
    return found


FOLLOWED = {
    "consult": gettext_lazy("consult"),
    "hospitalization": gettext_lazy("hospitalization"),
    "surgery": gettext_lazy("surgery"),
}


def _details(details: dict, shown: list[Field]) -> list[Field]:
    """The table's other columns kept on the record, labelled; one already shown is skipped."""
    seen = {folded(f.value) for f in shown}
    found = []
    for key, value in details.items():
        if key in HIDDEN_DETAILS:
            continue
        text = detail_text(key, value)
        if text and folded(text) not in seen:
            found.append(Field(str(DETAILS.get(key, key.replace("_", " "))), text))
    return found


def detail_text(key: str, value) -> str:
    """A kept value as words: a list joined, a mapping as ``key: value``, a 0/1 as no/yes, a
    date as a date, a PHP class name (``App\\Models\\Consult``) by what it names."""
    if isinstance(value, list):
        return ", ".join(detail_text(key, v) for v in value if v not in ("", None))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {detail_text(k, v)}" for k, v in value.items())
    text = str(value).strip()
    if key == "rabies_vaccine" and text in YES_NO:
        return str(YES_NO[text])
    if key == "monitorable_type":
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", text.rsplit("\\", 1)[-1]).lower()
        return str(FOLLOWED.get(name, text))
    if key == "last_deworming":
        try:
            return day(datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def line_fields(record_type: str, line: MedicalRecordItem) -> list[Field]:
    """One line of a prescription, exam, order or grooming, each part labelled."""
    instructions = {
        "prescription": _("dosage"),
        "grooming": _("details"),
        "order": _("notes"),
    }.get(record_type, _("instructions"))
    found = []
    for label, value in (
        (_("presentation"), line.presentation),
        (_("quantity"), line.quantity),
        (instructions, line.instructions),
    ):
        if value.strip():
            found.append(Field(str(label), value.strip()))
    return found
