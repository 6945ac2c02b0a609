"""Where each clinical table of the dump keeps the parts of a medical record.

Every clinical table is a dated entry in a pet's history with some free text, some vitals and
some attachments; what differs is which column holds what. A ``RecordTable`` says that (one
converter reads them all), an ``ItemTable`` the same for tables of lines. Pure data: the
declarations of the tables (``migration.read.declarations``) and the converter both read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from migration.read.tables import BODY_SYSTEMS, CLINICAL, VITALS, TableSpec, reading

VITAL_COLUMNS = " ".join(VITALS)
BODY_COLUMNS = " ".join(f"{s} {s}_obs" for s in BODY_SYSTEMS)


@dataclass(frozen=True)
class RecordTable:
    """Where one clinical table keeps the parts of a medical record, and how it is read:
    ``columns`` in dump order (one string), ``required`` ones if not the id, the pet and the
    date, ``synonyms`` of screen exports, ``more_dates`` beyond the record's own dates."""

    table: str
    record_type: str
    occurred: str
    texts: dict[str, str] = field(default_factory=dict)
    ended: str = ""
    subtype: str = ""
    title: str = ""
    next_control: str = "next_control_at"
    details: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    has_vitals: bool = False
    source_type: str = ""
    typed: bool = False
    columns: str = ""
    required: tuple[str, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    more_dates: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The ID-map type of its rows: ids are unique within one table only."""
        return self.source_type or self.record_type

    @cached_property
    def spec(self) -> TableSpec:
        """How the table is read from a file."""
        columns = self.columns.split()
        own = (self.occurred, self.ended, self.next_control)
        return reading(
            self.columns,
            name=self.table,
            required=self.required or ("id", "pet_id", self.occurred),
            synonyms=self.synonyms,
            dates=(*(c for c in own if c in columns), *self.more_dates),
        )


RECORD_TABLES = {
    t.table: t
    for t in (
        RecordTable(
            "consults",
            "consult",
            "consult_at",
            {
                "anamnesis": "anamnesis",
                "objetive": "objective",
                "problems": "problems",
                "interpretation": "interpretation",
                "diagnostic_plan": "diagnostic_plan",
                "therapeutic_plan": "therapeutic_plan",
                "differential_diagnosis": "diagnosis_differential",
                "final_diagnosis": "diagnosis_final",
                "treatment": "treatment",
                "observations": "observations",
            },
            subtype="type",
            details=("dx_presumptive", "dx_differential", "dx_final"),
            files=("file",),
            has_vitals=True,
            columns=f"{CLINICAL} consult_at type anamnesis objetive problems "
            "differential_diagnosis "
            "interpretation diagnostic_plan therapeutic_plan final_diagnosis treatment "
            f"next_control_at {VITAL_COLUMNS} observations {BODY_COLUMNS} "
            "import_id waiting_room_shift_id file dx_presumptive dx_differential dx_final",
        ),
        RecordTable(
            "medical_history",
            "consult",
            "date",
            {
                "description": "anamnesis",
                "diagnosis": "diagnosis_final",
                "treatment": "treatment",
                "notes": "observations",
            },
            subtype="type",
            next_control="",
            source_type="medical",
            typed=True,
            columns="id pet_id user_id date type description diagnosis treatment notes",
            synonyms={
                "pet_id": ("ID paciente", "Id mascota", "Paciente id"),
                "user_id": ("ID veterinario", "Id médico"),
                "date": ("Fecha", "Fecha de atención", "Fecha consulta"),
                "type": ("Tipo", "Tipo de atención", "Tipo de registro"),
                "description": ("Descripción", "Motivo", "Motivo de consulta", "Anamnesis"),
                "diagnosis": ("Diagnóstico",),
                "treatment": ("Tratamiento",),
                "notes": ("Notas", "Observaciones"),
            },
        ),
        RecordTable(
            "follow_ups",
            "follow_up",
            "monitoring_at",
            {"details": "anamnesis", "observations": "observations"},
            subtype="type",
            details=("monitorable_id", "monitorable_type", "dx"),
            files=("file",),
            has_vitals=True,
            columns=f"{CLINICAL} monitorable_id monitorable_type monitoring_at type details "
            f"next_control_at {VITAL_COLUMNS} observations file dx",
        ),
        RecordTable(
            "dewormings",
            "deworming",
            "deworming_at",
            {"details": "observations", "dose": "treatment"},
            title="product",
            details=("last_deworming",),
            files=("file",),
            columns=f"{CLINICAL} deworming_at product dose last_deworming next_control_at file "
            "details",
            more_dates=("last_deworming",),
        ),
        RecordTable(
            "prescriptions",
            "prescription",
            "prescription_at",
            {
                "diagnosis": "diagnosis_final",
                "prescription": "therapeutic_plan",
                "raw_prescription": "treatment",
                "details": "observations",
            },
            details=("dx",),
            columns=f"{CLINICAL} prescription_at diagnosis raw_prescription prescription "
            "details dx",
        ),
        RecordTable(
            "lab_exams",
            "lab_exam",
            "exam_date",
            {"diagnosis": "diagnosis_presumptive"},
            details=("laboratories_id", "laboratories_type", "dx"),
            next_control="",
            columns="id pet_id user_id laboratories_id laboratories_type vet_id exam_date "
            "diagnosis dx",
        ),
        RecordTable(
            "imaging",
            "imaging",
            "date",
            {
                "clinical_signs": "anamnesis",
                "presumptive_diagnosis": "diagnosis_presumptive",
                "details": "observations",
            },
            subtype="study_type",
            title="image_type",
            details=("type_other", "order_item_id", "dx"),
            files=("files",),
            next_control="",
            columns=f"{CLINICAL} order_item_id date clinical_signs presumptive_diagnosis "
            "study_type "
            "image_type type_other details files dx",
            required=("id", "pet_id", "study_type"),
        ),
        RecordTable(
            "hospitalizations",
            "hospitalization",
            "admission_date",
            {"reason": "anamnesis", "details": "observations"},
            ended="discharge_date",
            subtype="hospital_care_type_id",
            details=("dx",),
            next_control="",
            columns=f"{CLINICAL} admission_date discharge_date hospital_care_type_id reason "
            "details dx",
        ),
        RecordTable(
            "referrals",
            "referral",
            "referral_at",
            {"reason": "anamnesis", "observations": "observations"},
            title="destination",
            details=("profesional_id", "dx"),
            next_control="",
            columns=f"{CLINICAL} profesional_id referral_at destination reason observations dx",
        ),
        RecordTable(
            "orders",
            "order",
            "order_date",
            {"observation": "observations"},
            next_control="",
            columns="id pet_id user_id vet_id order_date observation",
        ),
        RecordTable(
            "grooming",
            "grooming",
            "date",
            {"details": "observations"},
            details=("rabies_vaccine",),
            files=("file_before", "file_after"),
            columns=f"{CLINICAL} date details rabies_vaccine file_before file_after "
            "next_control_at",
            required=("id", "pet_id", "file_before"),
        ),
        RecordTable(
            "day_care",
            "day_care",
            "admission_date",
            {"observations": "observations", "objects": "treatment"},
            ended="discharge_date",
            subtype="type",
            details=("quantity",),
            next_control="",
            columns=f"{CLINICAL} admission_date discharge_date type quantity objects observations",
            required=("id", "pet_id", "objects"),
        ),
    )
}


@dataclass(frozen=True)
class ItemTable:
    """A table of lines (prescription items, lab tests, …) and the record table they belong to."""

    table: str
    source_type: str
    parent_type: str
    parent: str
    texts: dict[str, str] = field(default_factory=dict)
    columns: str = ""

    @cached_property
    def spec(self) -> TableSpec:
        """How the table is read from a file: the id and the parent's are required."""
        return reading(self.columns, name=self.table, required=("id", self.parent))


ITEM_TABLES = {
    t.table: t
    for t in (
        ItemTable(
            "prescription_items",
            "prescription_item",
            "prescription",
            "prescription_id",
            {
                "name": "name",
                "presentation": "presentation",
                "quantity": "quantity",
                "posology": "instructions",
            },
            columns="id prescription_id name presentation quantity posology",
        ),
        ItemTable(
            "lab_exam_items",
            "lab_exam_item",
            "lab_exam",
            "laboratory_id",
            {"quantity": "quantity"},
            columns="id laboratory_id user_id laboratory_test_id order_item_id quantity file",
        ),
        ItemTable(
            "order_items",
            "order_item",
            "order",
            "order_id",
            {"type_other": "name", "quantity": "quantity", "notes": "instructions"},
            columns="id order_id commandable_type commandable_id type_other quantity level notes "
            "pending "
            "user_id",
        ),
        ItemTable(
            "grooming_items",
            "grooming_item",
            "grooming",
            "spa_id",
            {"subject": "name", "details": "instructions"},
            columns="id spa_id subject responsible_id details",
        ),
    )
}
