"""A small clinic built in the database for the chart's tests: an owner with two pets, their
records, vaccinations and files, written the way the OkVet import writes them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from clinic.models import (
    DatePrecision,
    Document,
    MedicalRecord,
    OwnerProfile,
    Pet,
    Sex,
    Staff,
    VaccinationRecord,
)

BOGOTA = ZoneInfo("America/Bogota")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 30) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BOGOTA)


def owner(username: str = "ana", **fields) -> OwnerProfile:
    user = get_user_model().objects.create_user(username, email=f"{username}@example.com")
    values = {"full_name": "Ana Gómez", "mobile": "+573001112233", "city": "Bogotá"}
    return OwnerProfile.objects.create(user=user, **{**values, **fields})


def pet(of: OwnerProfile, name: str = "Luna", **fields) -> Pet:
    values = {
        "species": "dog",
        "breed": "Labrador",
        "sex": Sex.FEMALE,
        "neutered": True,
        "birth_date": date(2019, 3, 1),
        "birth_date_precision": DatePrecision.MONTH,
    }
    return Pet.objects.create(owner=of, name=name, **{**values, **fields})


def vet(name: str = "Dra. Camila Ríos") -> Staff:
    return Staff.objects.create(name=name, source_system="okvet", legacy_id="10")


def record(of: Pet, record_type: str = "consult", when: datetime | None = None, **fields):
    return MedicalRecord.objects.create(
        pet=of, record_type=record_type, occurred_at=when or at(2026, 12, 2), **fields
    )


def vaccination(of: Pet, name: str, given: date, due: date | None, **fields):
    return VaccinationRecord.objects.create(
        pet=of, vaccine_name=name, date_given=given, next_due_date=due, **fields
    )


def stored(of: Pet | None, name: str, content: bytes, **fields) -> Document:
    """A document whose file is in the media storage, as the files import leaves it."""
    document = Document(pet=of, kind=fields.pop("kind", "attachment"), name=name, **fields)
    document.file.save(name, ContentFile(content), save=True)
    return document


def clinic_day() -> dict:
    """Luna (a spayed female born in March 2019) with a consult and its X-ray, a deworming, a
    prescription, a vaccination, an internal note with its file, and a consent form."""
    ana = owner()
    luna = pet(ana)
    camila = vet()
    consult = record(
        luna,
        when=at(2026, 12, 2),
        author=camila,
        anamnesis="Tos seca nocturna.",
        diagnosis_final="Traqueobronquitis",
        weight_kg=Decimal("18.800"),
    )
    record(luna, when=at(2026, 6, 1), weight_kg=Decimal("17.900"), anamnesis="Control.")
    record(luna, "deworming", at(2026, 3, 4), title="Drontal", treatment="1 tableta")
    note = record(luna, "note", at(2026, 11, 5), is_internal=True, observations="Muerde.")
    xray = stored(luna, "rx Luna.png", PNG, medical_record=consult, documented_at=at(2026, 12, 2))
    secret = stored(luna, "notas.pdf", PDF, medical_record=note)
    consent = Document.objects.create(
        pet=luna, kind="consent", name="Consentimiento cirugía", documented_at=at(2025, 4, 5)
    )
    vaccination(luna, "Nobivac Rabia", date(2026, 1, 13), date(2027, 1, 13), administered_by=camila)
    return {
        "owner": ana,
        "pet": luna,
        "vet": camila,
        "consult": consult,
        "note": note,
        "xray": xray,
        "secret": secret,
        "consent": consent,
    }
