import pytest
from django.contrib.auth import get_user_model

from clinic.models import MedicalRecord, OwnerProfile, Pet

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")
    run("import_okvet_vaccines", f"--file={fixtures / 'records' / 'vacunaciones.csv'}")
    run("import_okvet_appointments", f"--file={fixtures / 'records' / 'citas.csv'}")
    return Pet.objects.get(legacy_id="201")


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("vet", password="x", is_staff=True)
    client.force_login(user)
    return user


def owner_client(client, legacy_id):
    owner = OwnerProfile.objects.get(legacy_id=legacy_id)
    client.force_login(owner.user)
    return owner


def test_staff_see_the_whole_timeline(client, history, staff):
    page = client.get(f"/historia/mascota/{history.pk}/").content.decode()
    assert "Firulais" in page and "Vómito" not in page
    assert "Vomita hace 2 días." in page and "Omeprazol 1 mg/kg" in page
    # pages speak Spanish by default
    assert "39,5 °C" in page and "Importado de OkVet" in page
    assert "MSD Animal Health" in page
    assert "Vacuna Firulais" in page and "recordatorio automático" in page
    assert 'name="viewport"' in page


def test_staff_search_by_owner_phone_pet_and_chip(client, history, staff):
    for query in ("firulais", "Maria Perez", "3001112233", "982000123456789"):
        page = client.get("/historia/", {"q": query}).content.decode()
        assert f"/historia/mascota/{history.pk}/" in page, query
    assert "Ningún paciente coincide." in client.get("/historia/", {"q": "zzz"}).content.decode()


def test_owners_see_their_own_pets_and_never_another_owners(client, history):
    owner_client(client, "101")
    page = client.get("/mis-mascotas/").content.decode()
    assert "Firulais" in page and "Michi" in page and "Rocky" not in page
    assert client.get(f"/mis-mascotas/{history.pk}/").status_code == 200
    rocky = Pet.objects.get(legacy_id="203")
    assert client.get(f"/mis-mascotas/{rocky.pk}/").status_code == 404
    assert client.get(f"/historia/mascota/{rocky.pk}/").status_code == 302


def test_internal_notes_are_not_shown_to_owners(client, history):
    MedicalRecord.objects.filter(legacy_id="9001").update(is_internal=True)
    owner_client(client, "101")
    page = client.get(f"/mis-mascotas/{history.pk}/").content.decode()
    assert "Vomita hace 2 días." not in page and "MSD Animal Health" in page


def test_anonymous_visitors_are_sent_to_sign_in(client, history):
    response = client.get(f"/mis-mascotas/{history.pk}/")
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    assert client.get("/cuenta/login/").status_code == 200


def test_a_user_without_pets_and_injected_markup(client, history, staff):
    assert "No hay mascotas vinculadas" in client.get("/mis-mascotas/").content.decode()
    owner_client(client, "101")
    assert client.get(f"/mis-mascotas/{history.pk}/").status_code == 200
    client.force_login(get_user_model().objects.get(username="vet"))
    MedicalRecord.objects.filter(legacy_id="9001").update(
        anamnesis='<script>alert(1)</script><img src=x onerror="alert(2)">'
    )
    page = client.get(f"/historia/mascota/{history.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
