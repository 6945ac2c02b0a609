"""The clinical tables: each a dated entry of a pet's history, or the lines of one.

Where each keeps the parts of a record, and which columns it has, is said once in
``migration.read.clinical_tables`` (the converter reads the same); the declarations here
follow from it.
"""

from __future__ import annotations

from migration.i18n import gettext_noop
from migration.read.clinical_tables import ITEM_TABLES, RECORD_TABLES, ItemTable, RecordTable
from migration.read.declarations.base import (
    DELETED_DROPPED,
    EXACT,
    FILES,
    INSTANT,
    KEY,
    PET_LINK,
    REFERENCE,
    TRAILER,
    Column,
    Table,
)
from migration.read.tables import BODY_SYSTEMS, VITALS

RECORD_LABELS = {
    "consults": gettext_noop("Consults"),
    "medical_history": gettext_noop("Medical history"),
    "follow_ups": gettext_noop("Follow-ups"),
    "dewormings": gettext_noop("Dewormings"),
    "prescriptions": gettext_noop("Prescriptions"),
    "prescription_items": gettext_noop("Prescription lines"),
    "lab_exams": gettext_noop("Lab exams"),
    "lab_exam_items": gettext_noop("Lab exam lines"),
    "imaging": gettext_noop("Imaging"),
    "hospitalizations": gettext_noop("Hospitalizations"),
    "referrals": gettext_noop("Referrals"),
    "orders": gettext_noop("Orders"),
    "order_items": gettext_noop("Order lines"),
    "grooming": gettext_noop("Grooming / spa"),
    "grooming_items": gettext_noop("Grooming lines"),
    "day_care": gettext_noop("Day care"),
}


def _record_columns(spec: RecordTable) -> tuple[Column, ...]:
    """A clinical table's columns, from where its ``RecordTable`` says each part is."""
    when = [(spec.occurred, "occurred_at"), (spec.ended, "ended_at")]
    when.append((spec.next_control, "next_control_at"))
    texts = [Column(c, t, EXACT) for c, t in spec.texts.items()]
    texts += [Column(c, t, EXACT) for c, t in ((spec.subtype, "subtype"), (spec.title, "title"))]
    columns = [
        Column("id", "legacy_id", KEY),
        PET_LINK,
        Column("user_id", "author_id", REFERENCE, how="staff"),
        Column("vet_id", "details.okvet_clinic", KEY),
        *(Column(c, t, INSTANT) for c, t in when if c),
        *(c for c in texts if c.name),
        *(Column(c, f"details.{c}", EXACT) for c in spec.details),
        *(Column(c, "details.files", FILES) for c in spec.files),
    ]
    if spec.has_vitals:
        columns += [Column(v, f"vitals_raw.{v}", EXACT) for v in VITALS]
        for name in BODY_SYSTEMS:
            columns.append(Column(name, f"body_systems.{name}.code", EXACT))
            columns.append(Column(f"{name}_obs", f"body_systems.{name}.obs", EXACT))
    return (*columns, *TRAILER, DELETED_DROPPED)


def _record_table(spec: RecordTable) -> Table:
    return Table(
        spec.table,
        RECORD_LABELS[spec.table],
        "clinic.MedicalRecord",
        batch_type=spec.table,
        id_type=spec.key,
        spec=spec.spec,
        columns=_record_columns(spec),
    )


def _item_table(spec: ItemTable) -> Table:
    parent = next(t.table for t in RECORD_TABLES.values() if t.key == spec.parent_type)
    return Table(
        spec.table,
        RECORD_LABELS[spec.table],
        "clinic.MedicalRecordItem",
        batch_type=spec.table,
        id_type=spec.source_type,
        spec=spec.spec,
        columns=(
            Column("id", "legacy_id", KEY),
            Column(spec.parent, "record_id", REFERENCE, how=parent),
            *(Column(c, t, EXACT) for c, t in spec.texts.items()),
            *TRAILER,
            DELETED_DROPPED,
        ),
    )


RECORDS: dict[str, Table] = {name: _record_table(spec) for name, spec in RECORD_TABLES.items()}
ITEMS: dict[str, Table] = {name: _item_table(spec) for name, spec in ITEM_TABLES.items()}
