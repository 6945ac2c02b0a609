"""A pet's history in the admin: by date in Bogotá time, with the pet, in Spanish, filtered and
searched; vitals, body systems and what OkVet kept as labelled lines, never raw JSON."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from clinic.models import Appointment, MedicalRecord, Pet, RecordType

pytestmark = pytest.mark.django_db
LIST = "/admin/clinic/medicalrecord/"


@pytest.fixture
def history(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    records = fixtures / "records"
    run("import_okvet_records", f"--file={records / 'consultas.csv'}")
    run(
        "import_okvet_records",
        f"--file={records / 'formulas_cabecera.csv'}",
        f"--file={records / 'formulas_items.csv'}",
    )
    run("import_okvet_vaccines", f"--file={records / 'vacunaciones.csv'}")
    run("import_okvet_appointments", f"--file={records / 'citas.csv'}")
    return MedicalRecord.objects.get(legacy_id="9001")


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.com", "x"))
    return client


def text_of(response) -> str:
    """The page's content as words, without its scripts."""
    html = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def listed(admin_client, **params) -> set[str]:
    """The OkVet ids of the records a list of the admin shows."""
    response = admin_client.get(LIST, params)
    assert response.status_code == 200
    return {r.legacy_id for r in response.context["cl"].result_list}


def test_records_are_listed_by_local_date_with_their_pet(admin_client, history):
    page = text_of(admin_client.get(LIST))
    # 10:30 in Bogotá, kept as 15:30 UTC
    assert history.occurred_at == datetime(2023, 4, 5, 15, 30, tzinfo=ZoneInfo("UTC"))
    assert "05/04/2023 10:30" in page and "+00:00" not in page
    assert "Firulais" in page and "Perro" in page and "Consulta" in page
    for header in ("Fecha", "Mascota", "Especie", "Tipo", "Autor", "Id de la mascota en OkVet"):
        assert header in page, header


def test_a_record_reads_as_a_sentence(history):
    with translation.override("es"):
        assert str(history) == "Consulta de Firulais, 05/04/2023 10:30"
        vaccination = Pet.objects.get(legacy_id="201").vaccinations.get()
        assert str(vaccination).startswith("Vacunación de Firulais, 05/04/2023")


def test_vitals_body_systems_and_details_are_labelled_lines(admin_client, history):
    response = admin_client.get(f"{LIST}{history.pk}/change/")
    html = response.content.decode()
    assert '{"' not in html and "[{" not in html
    page = text_of(response)
    assert "Temperatura: 39,5 °C" in page
    assert "Frecuencia cardiaca: 120 lpm" in page and "Peso: 12,4 kg" in page
    assert "Tiempo de llenado capilar: 2 s" in page
    assert "Mucosas: rosadas" in page
    assert "Piel: hallazgo (código OkVet 1) — Dermatitis leve" in page
    assert "Dx definitivo: K29" in page or "Diagnóstico definitivo: K29" in page
    assert "rx Firulais.jpg (VetFiles/3/rx.jpg)" in page
    assert "Id de la clínica en OkVet: 3" in page
    assert "Id de importación en OkVet: 77" in page
    assert "Signos vitales tal como figuran" in page and "Unidad de temperatura: c" in page


def test_every_label_of_a_new_record_is_spanish(admin_client, history):
    page = text_of(admin_client.get(f"{LIST}add/"))
    for label in (
        "Mascota:",
        "Autor:",
        "Temperatura (°C):",
        "Tiempo de llenado capilar (s):",
        "Peso (kg):",
        "Signos vitales",
        "Diagnóstico",
        "Origen",
    ):
        assert label in page, label
    for english in ("Pet:", "Author:", "Temperature c", "Crt seconds", "Weight kg"):
        assert english not in page, english


def test_filters_return_what_they_say(admin_client, history):
    native = MedicalRecord.objects.create(
        pet=history.pet,
        record_type=RecordType.NOTE,
        occurred_at=datetime(2024, 1, 2, 15, tzinfo=ZoneInfo("UTC")),
    )
    everything = set(MedicalRecord.objects.values_list("legacy_id", flat=True))
    prescriptions = set(
        MedicalRecord.objects.filter(record_type="prescription").values_list("legacy_id", flat=True)
    )
    assert prescriptions and listed(admin_client, record_type="prescription") == prescriptions
    assert listed(admin_client, imported="no") == {native.legacy_id}
    assert listed(admin_client, imported="yes") == everything - {native.legacy_id}
    assert listed(admin_client, orphan="yes") == {"9002"}
    assert "9002" not in listed(admin_client, orphan="no")
    assert listed(admin_client, occurred_at__year="2024") == {native.legacy_id}
    assert listed(admin_client, pet__species__exact="dog") >= {"9001"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("firulais", "9001"),
        ("MARÍA PÉREZ", "9001"),  # the owner, written with accents she does not have
        ("9002", "9002"),  # an OkVet id
        ("Gastritis", "9001"),  # the text of the record
    ],
)
def test_search_by_pet_owner_okvet_id_and_text(admin_client, history, query, expected):
    assert expected in listed(admin_client, q=query)


def test_vaccinations_and_appointments_are_listed_by_local_date(admin_client, history):
    vaccinations = text_of(admin_client.get("/admin/clinic/vaccinationrecord/"))
    assert "05/04/2023" in vaccinations and "Firulais" in vaccinations
    appointments = text_of(admin_client.get("/admin/clinic/appointment/"))
    assert "01/06/2023 10:00" in appointments
    assert "05/04/2024 00:00" not in appointments  # an all-day reminder is a date
    assert "Asignar a otra mascota" in appointments
    assert "cirugía" in appointments and "surgery" not in appointments  # OkVet's type, in words
    surgery = Appointment.objects.get(kind="surgery")
    detail = text_of(admin_client.get(f"/admin/clinic/appointment/{surgery.pk}/change/"))
    assert "Tipo: cirugía" in detail and "surgery" not in detail
    native = Appointment.objects.create(kind="Control", start=surgery.start)
    form = admin_client.get(f"/admin/clinic/appointment/{native.pk}/change/").content.decode()
    assert 'name="kind"' in form  # the clinic's own appointments stay editable


def test_the_other_lists_render_in_spanish(admin_client, history):
    for url in (
        "/admin/clinic/document/",
        "/admin/clinic/invoice/",
        "/admin/clinic/invoiceline/",
        "/admin/clinic/product/",
        "/admin/clinic/medicalrecorditem/",
        "/admin/clinic/changelog/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "Importado" in text_of(response) or url.endswith("changelog/"), url


def test_people_who_are_not_staff_cannot_reach_the_admin(client, history):
    assert client.get(LIST).status_code == 302
    owner = history.pet.owner
    client.force_login(owner.user)
    response = client.get(f"{LIST}{history.pk}/change/")
    assert response.status_code == 302 and "login" in response["Location"]
