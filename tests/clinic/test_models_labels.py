"""The clinic's records as people read them: Spanish labels, sentences for names, and the
folded names the database keeps for the search."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from clinic.models import (
    Appointment,
    ChangeLog,
    InvoiceLine,
    MedicalRecord,
    MedicalRecordItem,
    OwnerProfile,
    Pet,
    VaccinationRecord,
)
from clinic.models.folding import fold

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def rocky():
    user = get_user_model().objects.create_user("juan")
    owner = OwnerProfile.objects.create(user=user, full_name="Juan Rodríguez")
    return Pet.objects.create(owner=owner, name="Rocky")


def test_records_read_as_sentences_in_the_clinics_time(rocky):
    # 23:44 UTC on the last day of 2025 is 18:44 in Bogotá
    consult = MedicalRecord.objects.create(
        pet=rocky,
        record_type="consult",
        occurred_at=datetime(2025, 12, 31, 23, 44, 55, tzinfo=ZoneInfo("UTC")),
    )
    vaccine = VaccinationRecord.objects.create(
        pet=rocky, vaccine_name="Rabia", date_given=date(2026, 12, 2)
    )
    reminder = Appointment.objects.create(
        pet=rocky, kind="vaccine", start=datetime(2026, 12, 2, tzinfo=BOGOTA)
    )
    slot = Appointment.objects.create(
        summary="Bloqueado", start=datetime(2026, 12, 2, 9, tzinfo=BOGOTA)
    )
    with translation.override("es"):
        assert str(consult) == "Consulta de Rocky, 31/12/2025 18:44"
        assert str(vaccine) == "Rabia de Rocky, 02/12/2026"
        assert str(reminder) == "Vacuna de Rocky, 02/12/2026"  # an all-day entry is a date
        assert str(slot) == "Bloqueado, 02/12/2026 09:00"
        assert str(Appointment(kind="")) == "Cita"
        assert str(VaccinationRecord(pet=rocky)) == "Vacunación de Rocky"
    assert str(MedicalRecordItem(name="Amoxicilina")) == "Amoxicilina"
    assert str(InvoiceLine(description="Consulta general")) == "Consulta general"
    log = ChangeLog.objects.create(model="clinic.Pet", object_id=rocky.pk, object_repr="Rocky")
    assert str(log).startswith("Rocky · ")


def test_fields_are_labelled_in_spanish():
    with translation.override("es"):
        labels = {f.name: str(f.verbose_name) for f in MedicalRecord._meta.fields}
        assert labels["pet"] == "mascota" and labels["author"] == "autor"
        assert labels["temperature_c"] == "temperatura (°C)"
        assert labels["crt_seconds"] == "tiempo de llenado capilar (s)"
        assert labels["weight_kg"] == "peso (kg)"
        assert str(Pet._meta.get_field("size_code").verbose_name) == "tamaño (código de OkVet)"


def test_the_database_folds_names_as_the_search_does(rocky):
    owner = rocky.owner
    for name in ("ÁNGELA Núñez", "josé MARÍA", "Çelik Ü", "n\u0303andu\u0301", "Zoë"):
        owner.full_name = name
        owner.save()
        owner.refresh_from_db()
        assert owner.search_name == fold(name), name
    assert fold("ÁNGELA Núñez") == "angela nunez"
    assert fold("n\u0303andu\u0301") == "nandu"
    Pet.objects.filter(pk=rocky.pk).update(name="ÑANDÚ")  # a write that skips save()
    assert Pet.objects.get(pk=rocky.pk).search_name == "nandu"
