"""Where each clinical table of the dump keeps the parts of a medical record.

Every clinical table is a dated entry in a pet's history with some free text, some vitals and
some attachments; what differs is which column holds what. A ``RecordTable`` says that (one
converter reads them all), an ``ItemTable`` the same for tables of lines. Pure data: the
declarations of the tables (``migration.read.declarations``) and the converter both read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecordTable:
    """Where one clinical table keeps the parts of a medical record."""

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

    @property
    def key(self) -> str:
        """The ID-map type of its rows: ids are unique within one table only."""
        return self.source_type or self.record_type


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
        ),
        RecordTable(
            "dewormings",
            "deworming",
            "deworming_at",
            {"details": "observations", "dose": "treatment"},
            title="product",
            details=("last_deworming",),
            files=("file",),
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
        ),
        RecordTable(
            "lab_exams",
            "lab_exam",
            "exam_date",
            {"diagnosis": "diagnosis_presumptive"},
            details=("laboratories_id", "laboratories_type", "dx"),
            next_control="",
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
        ),
        RecordTable(
            "referrals",
            "referral",
            "referral_at",
            {"reason": "anamnesis", "observations": "observations"},
            title="destination",
            details=("profesional_id", "dx"),
            next_control="",
        ),
        RecordTable(
            "orders",
            "order",
            "order_date",
            {"observation": "observations"},
            next_control="",
        ),
        RecordTable(
            "grooming",
            "grooming",
            "date",
            {"details": "observations"},
            details=("rabies_vaccine",),
            files=("file_before", "file_after"),
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
        ),
        ItemTable(
            "lab_exam_items",
            "lab_exam_item",
            "lab_exam",
            "laboratory_id",
            {"quantity": "quantity"},
        ),
        ItemTable(
            "order_items",
            "order_item",
            "order",
            "order_id",
            {"type_other": "name", "quantity": "quantity", "notes": "instructions"},
        ),
        ItemTable(
            "grooming_items",
            "grooming_item",
            "grooming",
            "spa_id",
            {"subject": "name", "details": "instructions"},
        ),
    )
}
