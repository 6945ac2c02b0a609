"""The chart's header: the pet's essentials computed from its history, in the clinic's words."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from clinic.chart import birth_text, chart_page, deceased_text, sex_text
from clinic.models import DatePrecision, Pet, Sex
from tests.clinic import chart_data as data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)


@pytest.fixture
def day():
    return data.clinic_day()


@pytest.fixture
def vet(client):
    client.force_login(get_user_model().objects.create_user("vet", is_staff=True))
    return client


def header(pet, *, for_owner=False, today=TODAY):
    return chart_page(pet, for_owner=for_owner, query={}, today=today).header


def test_birth_dates_as_precise_as_the_source_knew_them():
    with translation.override("es"):
        luna = Pet(sex=Sex.FEMALE, birth_date=date(2019, 3, 1))
        luna.birth_date_precision = DatePrecision.MONTH
        assert birth_text(luna, TODAY) == "Nacida en marzo de 2019 (7 años)"
        luna.birth_date_precision = DatePrecision.EXACT
        assert birth_text(luna, TODAY) == "Nacida el 01/03/2019 (7 años)"
        rocky = Pet(sex=Sex.MALE, birth_date=date(2026, 7, 1), birth_date_precision="year")
        assert birth_text(rocky, TODAY) == "Nacido en 2026 (alrededor de 5 meses)"
        unknown = Pet(sex=Sex.UNKNOWN, birth_date=date(2020, 5, 1), birth_date_precision="month")
        assert birth_text(unknown, TODAY) == "Fecha de nacimiento: mayo de 2020 (6 años)"
        assert birth_text(Pet(sex=Sex.FEMALE), TODAY) == ""


def test_gendered_words_for_sex_neutering_and_death():
    with translation.override("es"):
        assert sex_text(Pet(sex=Sex.FEMALE, neutered=True)) == "Hembra, esterilizada"
        assert sex_text(Pet(sex=Sex.FEMALE, neutered=False)) == "Hembra, no esterilizada"
        assert sex_text(Pet(sex=Sex.MALE, neutered=True)) == "Macho, esterilizado"
        assert sex_text(Pet(sex=Sex.MALE, neutered=None)) == "Macho"
        assert sex_text(Pet(sex=Sex.UNKNOWN, neutered=True)) == "sexo desconocido, esterilizado/a"
        gone = Pet(sex=Sex.FEMALE, is_deceased=True, deceased_at=date(2025, 12, 2))
        assert deceased_text(gone) == "Fallecida el 02/12/2025"
        gone.birth_date, gone.birth_date_precision = date(2013, 1, 1), DatePrecision.EXACT
        assert birth_text(gone, TODAY) == "Nacida el 01/01/2013 (12 años al morir)"
        assert deceased_text(Pet(sex=Sex.MALE, is_deceased=True)) == "Fallecido"
        assert deceased_text(Pet(is_deceased=True, deceased_at=date(2025, 1, 2))) == (
            "Falleció el 02/01/2025"
        )
        assert deceased_text(Pet(is_deceased=False)) == ""


def test_the_header_follows_the_weights_of_the_history(day):
    with translation.override("es"):
        assert header(day["pet"]).weight == "18,8 kg (02/12/2026), antes 17,9 kg"
        day["consult"].weight_kg = Decimal("19.250")
        day["consult"].save()
        assert header(day["pet"]).weight == "19,25 kg (02/12/2026), antes 17,9 kg"
        day["pet"].medical_records.update(weight_kg=None)
        assert header(day["pet"]).weight == ""
        day["pet"].weight_kg = Decimal("20")
        assert header(day["pet"]).weight == "20 kg (según la ficha)"


def test_vaccines_due_marked_when_overdue_and_superseded_by_a_later_dose(day):
    luna = day["pet"]
    data.vaccination(
        luna, "Puppy DP", date(2025, 1, 5), date(2025, 2, 5), vaccine_type_legacy_id="7"
    )
    data.vaccination(
        luna, "Puppy DP", date(2024, 1, 5), date(2024, 2, 5), vaccine_type_legacy_id="7"
    )
    due = header(luna).vaccines
    assert [(v.name, v.due_text, v.overdue) for v in due] == [
        ("Puppy DP", "05/02/2025", True),
        ("Nobivac Rabia", "13/01/2027", False),
    ]
    assert [v.overdue for v in header(luna, today=date(2027, 2, 1)).vaccines] == [True, True]
    luna.is_deceased = True
    assert header(luna).vaccines == []


def test_alerts_from_what_the_records_kept(day):
    luna = day["pet"]
    luna.legacy_extras = {"Alergias": "Penicilina"}
    luna.save()
    data.record(luna, when=data.at(2026, 1, 5), legacy_extras={"alerta": "Agresivo al manejo"})
    data.record(luna, when=data.at(2026, 1, 6), details={"allergies": ["Penicilina"]})
    internal = {"alerta": "Cliente moroso"}
    data.record(luna, "note", data.at(2026, 1, 7), is_internal=True, legacy_extras=internal)
    texts = [a.text for a in header(luna).alerts]
    assert texts == ["Penicilina", "Cliente moroso", "Agresivo al manejo"]
    assert [a.text for a in header(luna, for_owner=True).alerts] == [
        "Penicilina",
        "Agresivo al manejo",
    ]


def test_the_page_shows_the_header_owner_and_contacts_to_staff_only(client, day, vet):
    page = vet.get(f"/historia/mascota/{day['pet'].pk}/").content.decode()
    assert "Perro · Labrador · Hembra, esterilizada · Nacida en marzo de 2019" in page
    assert "18,8 kg (02/12/2026), antes 17,9 kg" in page
    assert "Nobivac Rabia: 13/01/2027" in page and "Ana Gómez" in page
    assert 'href="tel:+573001112233"' in page and "ana@example.com" in page
    day["owner"].phone2 = "+576015550000"
    day["owner"].authorized_contact = "Pedro Gómez (hermano)"
    day["owner"].save()
    page = vet.get(f"/historia/mascota/{day['pet'].pk}/").content.decode()
    assert "<dt>segundo teléfono</dt>" in page and 'href="tel:+576015550000"' in page
    assert "Pedro Gómez (hermano)" in page
    day["owner"].user.is_active = True
    day["owner"].user.save()
    client.force_login(day["owner"].user)
    mine = client.get(f"/mis-mascotas/{day['pet'].pk}/").content.decode()
    assert "Nacida en marzo de 2019" in mine and "tel:+573001112233" not in mine
