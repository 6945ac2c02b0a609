from clinic.models.audit import ChangeLog
from clinic.models.base import Origin, SourcedModel
from clinic.models.billing import Invoice, InvoiceLine, Product
from clinic.models.clinical import (
    Appointment,
    AppointmentStatus,
    MedicalRecord,
    MedicalRecordItem,
    RecordType,
    VaccinationRecord,
)
from clinic.models.documents import Document, DocumentKind
from clinic.models.people import IdentType, OwnerProfile, Staff
from clinic.models.pets import DatePrecision, Pet, Sex, Species

__all__ = [
    "Appointment",
    "AppointmentStatus",
    "ChangeLog",
    "DatePrecision",
    "Document",
    "DocumentKind",
    "IdentType",
    "Invoice",
    "InvoiceLine",
    "MedicalRecord",
    "MedicalRecordItem",
    "Origin",
    "OwnerProfile",
    "Pet",
    "Product",
    "RecordType",
    "Sex",
    "SourcedModel",
    "Species",
    "Staff",
    "VaccinationRecord",
]
