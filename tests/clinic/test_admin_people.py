"""Owners, pets and staff in the admin: codes with their meaning, names found whatever their
accents, and a staff member's real name written once and shown on every record they wrote."""

import re

import pytest
from django.contrib.auth import get_user_model

from clinic.models import ChangeLog, MedicalRecord, Pet, Staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")
    return MedicalRecord.objects.get(legacy_id="9001")


@pytest.fixture
def admin_user(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(user)
    return user


def text_of(response) -> str:
    html = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_pet_size_is_shown_with_what_it_is(client, admin_user, history):
    page = text_of(client.get("/admin/clinic/pet/"))
    assert "Código de tamaño de OkVet 3" in page
    firulais = Pet.objects.get(legacy_id="201")
    form = text_of(client.get(f"/admin/clinic/pet/{firulais.pk}/change/"))
    assert "Tamaño (código de OkVet)" in form and "no dice qué tamaño" in form


def test_pets_and_owners_are_found_whatever_their_accents(client, admin_user, history):
    pets = client.get("/admin/clinic/pet/", {"q": "RODRIGUEZ"}).context["cl"].result_list
    assert {p.legacy_id for p in pets} == {"203"}
    pets = client.get("/admin/clinic/pet/", {"q": "huerfano"}).context["cl"].result_list
    assert {p.legacy_id for p in pets} == {"205"}
    owners = client.get("/admin/clinic/ownerprofile/", {"q": "díaz"}).context["cl"].result_list
    assert {o.legacy_id for o in owners} == {"107"}


def test_a_staff_name_written_once_shows_on_the_vets_page(client, admin_user, history):
    vet = Staff.objects.get(legacy_id="12")
    vet_page = f"/historia/mascota/{history.pet_id}/"
    listed = client.get("/admin/clinic/staff/").content.decode()
    assert "Usuario OkVet 12" in listed and "<textarea" not in listed
    assert "Dra. Ana Gómez" not in client.get(vet_page).content.decode()
    url = f"/admin/clinic/staff/{vet.pk}/change/"
    assert "nombre real" in text_of(client.get(url))
    response = client.post(
        url, {"name": "Dra. Ana Gómez", "role": "Veterinaria", "is_active": "on"}
    )
    assert response.status_code == 302
    vet.refresh_from_db()
    assert vet.name == "Dra. Ana Gómez"
    page = client.get(vet_page).content.decode()
    assert "Dra. Ana Gómez" in page and "Usuario OkVet 12" not in page
    log = ChangeLog.objects.get(model="clinic.Staff")
    assert log.changes["name"] == ["OkVet user 12", "Dra. Ana Gómez"]
    assert log.changed_by == admin_user
    owner = history.pet.owner.user  # the pet's owner reads the same name on their portal
    owner.is_active = True
    owner.save()
    client.force_login(owner)
    portal = client.get(f"/mis-mascotas/{history.pet_id}/").content.decode()
    assert "Dra. Ana Gómez" in portal and "Usuario OkVet 12" not in portal


def test_staff_names_can_be_written_from_the_list(client, admin_user, history):
    vets = list(Staff.objects.order_by("pk"))
    data = {
        "form-TOTAL_FORMS": str(len(vets)),
        "form-INITIAL_FORMS": str(len(vets)),
        "_save": "Guardar",
    }
    for i, vet in enumerate(vets):
        data.update({f"form-{i}-id": str(vet.pk), f"form-{i}-name": vet.name, f"form-{i}-role": ""})
    data["form-0-name"] = "Dr. Luis Mora"
    response = client.post("/admin/clinic/staff/", data)
    assert response.status_code == 302
    assert Staff.objects.get(pk=vets[0].pk).name == "Dr. Luis Mora"
    assert ChangeLog.objects.filter(model="clinic.Staff", object_id=vets[0].pk).exists()


def test_the_audit_trail_reads_as_sentences(client, admin_user, history):
    vet = Staff.objects.get(legacy_id="12")
    client.post(
        f"/admin/clinic/staff/{vet.pk}/change/",
        {"name": "Dra. Ana Gómez", "role": "", "is_active": "on"},
    )
    log = ChangeLog.objects.get()
    page = text_of(client.get(f"/admin/clinic/changelog/{log.pk}/change/"))
    assert "Nombre: OkVet user 12 → Dra. Ana Gómez" in page
    assert "Miembro del personal" in text_of(client.get("/admin/clinic/changelog/"))
    listed = client.get("/admin/clinic/changelog/", {"model": "clinic.Staff"})
    assert list(listed.context["cl"].result_list) == [log]
