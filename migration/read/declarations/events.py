"""Vaccinations, appointments and documents: the pet's events outside the clinical record."""

from __future__ import annotations

from migration.i18n import gettext_noop
from migration.read.declarations.base import (
    DATE,
    DELETED_DROPPED,
    EXACT,
    EXTRAS,
    INSTANT,
    KEY,
    PET_LINK,
    REFERENCE,
    TRAILER,
    VOCABULARY,
    Column,
    Table,
    col,
    texts,
)
from migration.read.tables import CLINICAL, reading

VACCINE_TYPES = reading(
    "id name laboratory species description",
    name="vaccine_types",
    required=("id", "name"),
    synonyms={
        "id": ("ID", "Id vacuna", "Código"),
        "name": ("Nombre", "Vacuna", "Nombre de la vacuna", "Nombre vacuna"),
        "laboratory": ("Laboratorio", "Fabricante"),
        "species": ("Especie", "Especies"),
        "description": ("Descripción", "Observaciones"),
    },
    trailer=False,
)
"""A catalogue, not a table of rows to import: read to name each vaccination's vaccine."""

VACCINATIONS = Table(
    "vaccinations",
    gettext_noop("Vaccinations"),
    "clinic.VaccinationRecord",
    batch_type="vaccinations",
    id_type="vaccine",
    spec=reading(
        f"{CLINICAL} vaccine_type_id laboratory lot details vaccine_at next_vaccine_at",
        screen=("vaccine_name",),
        required=("id", "pet_id", "vaccine_at"),
        synonyms={
            "pet_id": ("ID paciente", "Id mascota"),
            "user_id": ("ID veterinario", "Veterinario"),
            "vaccine_name": ("Vacuna", "Nombre vacuna", "Nombre de la vacuna"),
            "vaccine_at": ("Fecha aplicación", "Fecha de aplicación", "Fecha vacuna"),
            "next_vaccine_at": ("Fecha próxima", "Próxima dosis", "Fecha próxima dosis"),
            "lot": ("Lote",),
            "laboratory": ("Laboratorio", "Fabricante"),
            "details": ("Observaciones", "Notas"),
        },
        dates=("vaccine_at", "next_vaccine_at"),
    ),
    columns=(
        Column("id", "legacy_id", KEY),
        PET_LINK,
        Column("user_id", "administered_by_id", REFERENCE, how="staff"),
        Column("vet_id", "legacy_extras.vet_id", EXTRAS),
        col("vaccine_type_id vaccine_type_legacy_id", KEY),
        col("vaccine_name vaccine_name", EXACT),
        Column(
            "laboratory", "manufacturer", VOCABULARY, how="manufacturer", raw="manufacturer_raw"
        ),
        col("lot lot_number", EXACT),
        col("details notes", EXACT),
        col("vaccine_at date_given", DATE),
        col("next_vaccine_at next_due_date", DATE),
        *TRAILER,
        DELETED_DROPPED,
    ),
    by_converter=frozenset({"vet_id"}),
)
BY_CONVERTER_EXTRAS = ("vet_id", "user_id", "responsible_id", "variables")
APPOINTMENTS = Table(
    "appointments",
    gettext_noop("Appointments"),
    "clinic.Appointment",
    batch_type="appointments",
    id_type="appointment",
    spec=reading(
        "id calendar_id vet_id owner_id pet_id user_id responsible_id event_id type subtype "
        "summary description start end assistance comments form_id form_type variables "
        "waiting_room_shift_id",
        required=("id", "start"),
        dates=("start", "end"),
    ),
    columns=(
        Column("id", "legacy_id", KEY),
        Column("owner_id", "owner_id", REFERENCE, how="owners"),
        PET_LINK,
        *(Column(c, f"legacy_extras.{c}", EXTRAS) for c in BY_CONVERTER_EXTRAS),
        col("type kind", EXACT),
        *texts("subtype summary description comments"),
        Column("start", "start", INSTANT, derived=("is_reminder",)),
        Column("end", "end", INSTANT),
        Column("assistance", "status", VOCABULARY, how="appointment-status"),
        *TRAILER,
        DELETED_DROPPED,
    ),
    by_converter=frozenset(BY_CONVERTER_EXTRAS),
)
DOCUMENT_EXTRAS = ("vet_id", "user_id", "doc_format_type_id")
DOCUMENTS = Table(
    "documents",
    gettext_noop("Documents"),
    "clinic.Document",
    batch_type="documents",
    id_type="document",
    spec=reading(
        "id vet_id pet_id user_id firebase_token_id doc_format_type_id documented_id "
        "documented_type documented_at name required_signature signature_at",
        required=("id", "doc_format_type_id"),
        dates=("documented_at", "signature_at"),
    ),
    columns=(
        Column("id", "legacy_id", KEY),
        PET_LINK,
        *(Column(c, f"legacy_extras.{c}", EXTRAS) for c in DOCUMENT_EXTRAS),
        col("name name", EXACT),
        col("documented_at documented_at", INSTANT),
        Column("required_signature", "requires_signature", VOCABULARY, how="yes-no"),
        col("signature_at signed_at", INSTANT),
        *TRAILER,
        DELETED_DROPPED,
    ),
    by_converter=frozenset(DOCUMENT_EXTRAS),
)
FILES_TABLE = Table(
    "files",
    gettext_noop("Attached files"),
    "clinic.Document",
    batch_type="files",
    id_type="file",
)
"""Not read from a file: harvested from the imported records' file references."""
