"""Records of the placeholder pet given to the right pet from the admin, with the audit trail."""

import re

import pytest
from django.contrib.auth import get_user_model

from clinic.models import (
    Appointment,
    ChangeLog,
    Document,
    DocumentKind,
    MedicalRecord,
    Origin,
    Pet,
)
from clinic.reassign import NotATarget, records_reassign

pytestmark = pytest.mark.django_db
RECORDS = "/admin/clinic/medicalrecord/"


@pytest.fixture
def history(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")
    run("import_okvet_appointments", f"--file={fixtures / 'records' / 'citas.csv'}")
    return MedicalRecord.objects.get(legacy_id="9002")


@pytest.fixture
def admin_user(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(user)
    return user


def text_of(response) -> str:
    html = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def action(client, url, records, **more):
    data = {"action": "reassign", "_selected_action": [r.pk for r in records], **more}
    return client.post(url, data, follow="confirm" in more)


def test_the_page_shows_each_records_okvet_pet_and_finds_the_right_one(client, admin_user, history):
    linked = MedicalRecord.objects.get(legacy_id="9001")
    page = text_of(action(client, RECORDS, [history, linked]))
    assert "999999" in page and "Unknown pet (orphan records of batch" in page
    assert "Registros elegidos que pueden asignarse: 1." in page
    assert "no: su mascota sí estaba en la exportación de OkVet" in page
    found = action(client, RECORDS, [history, linked], pet_query="rocky", find="1")
    rocky = Pet.objects.get(legacy_id="203")
    assert f'value="{rocky.pk}"' in found.content.decode()
    assert "Juan Rodríguez" in text_of(found)
    placeholder = history.pet
    nothing = action(client, RECORDS, [history], pet_query="unknown pet", find="1")
    assert f'name="target" value="{placeholder.pk}"' not in nothing.content.decode()


def test_assigning_moves_the_record_and_writes_the_audit_trail(client, admin_user, history):
    placeholder = history.pet
    rocky = Pet.objects.get(legacy_id="203")
    linked = MedicalRecord.objects.get(legacy_id="9001")
    xray = Document.objects.create(
        pet=placeholder,
        medical_record=history,
        kind=DocumentKind.ATTACHMENT,
        name="rx.jpg",
        source_system=Origin.OKVET,
    )
    response = action(client, RECORDS, [history, linked], target=str(rocky.pk), confirm="1")
    page = text_of(response)
    assert "Registros asignados a Rocky: 1." in page
    assert "Adjuntos movidos con ellos: 1." in page
    assert (
        "Quedaron como estaban, porque su mascota sí estaba en la exportación de OkVet: 1." in page
    )
    history.refresh_from_db(), linked.refresh_from_db(), xray.refresh_from_db()
    assert history.pet == rocky and xray.pet == rocky
    assert linked.pet.legacy_id == "201"  # a record whose pet OkVet had is left alone
    assert history.legacy_extras["pet_id"] == "999999"  # what OkVet said stays visible
    log = ChangeLog.objects.get(model="clinic.MedicalRecord")
    assert (log.object_id, log.changed_by) == (history.pk, admin_user)
    assert log.changes == {"pet": [placeholder.pk, rocky.pk]}
    assert ChangeLog.objects.get(model="clinic.Document").changes == {
        "pet": [placeholder.pk, rocky.pk]
    }
    vet_page = client.get(f"/historia/mascota/{rocky.pk}/").content.decode()
    assert "Control" in vet_page
    trail = text_of(client.get(f"/admin/clinic/changelog/{log.pk}/change/"))
    assert "Mascota: Unknown pet (orphan records of batch" in trail and "→ Rocky" in trail


def test_an_appointment_without_its_pet_gets_the_pet_and_its_owner(client, admin_user, history):
    appointment = Appointment.objects.get(legacy_id="74")
    rocky = Pet.objects.get(legacy_id="203")
    url = "/admin/clinic/appointment/"
    assert "999" in text_of(action(client, url, [appointment]))
    action(client, url, [appointment], target=str(rocky.pk), confirm="1")
    appointment.refresh_from_db()
    assert (appointment.pet, appointment.owner) == (rocky, rocky.owner)
    log = ChangeLog.objects.get(model="clinic.Appointment")
    assert log.changes == {"pet": [None, rocky.pk], "owner": [None, rocky.owner_id]}


def test_a_placeholder_or_no_pet_is_refused(client, admin_user, history):
    placeholder = history.pet
    with pytest.raises(NotATarget):
        records_reassign(
            records=MedicalRecord.objects.filter(pk=history.pk), pet=placeholder, by=admin_user
        )
    page = text_of(action(client, RECORDS, [history], target=str(placeholder.pk), confirm="1"))
    assert "no una mascota provisional" in page
    page = text_of(action(client, RECORDS, [history], confirm="1"))
    assert "Elija primero la mascota." in page
    history.refresh_from_db()
    assert history.pet == placeholder and not ChangeLog.objects.exists()


def test_the_orphan_filter_finds_records_under_a_placeholder_without_the_okvet_id(
    client, admin_user, history
):
    """Records imported before their OkVet pet id was kept are still found by their pet."""
    MedicalRecord.objects.filter(pk=history.pk).update(legacy_extras={})
    orphans = client.get(RECORDS, {"orphan": "yes"}).context["cl"].result_list
    assert [r.pk for r in orphans] == [history.pk]
