"""Records whose OkVet pet is missing: under the placeholder pet, with that pet's OkVet id kept."""

import shutil

import pytest

from clinic.models import Appointment, MedicalRecord
from migration.models import SyncChange
from tests.e2e.syncexport import edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def consults(run, fixtures, tmp_path):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    path = tmp_path / "consultas.csv"
    shutil.copy(fixtures / "records" / "consultas.csv", path)
    run("import_okvet_records", f"--file={path}")
    return path


def test_an_orphan_keeps_its_okvet_pet_id(consults):
    orphan = MedicalRecord.objects.get(legacy_id="9002")
    assert orphan.legacy_extras == {"pet_id": "999999"}
    assert not orphan.pet.is_active
    linked = MedicalRecord.objects.get(legacy_id="9001")
    assert "pet_id" not in linked.legacy_extras


def test_a_sync_of_an_orphan_keeps_the_id_and_applies_its_changes(run, consults):
    edit(consults.parent, consults.name, {"id": "9002"}, anamnesis="Control anual", import_id="5")
    run("import_okvet_records", f"--file={consults}")
    orphan = MedicalRecord.objects.get(legacy_id="9002")
    assert orphan.anamnesis == "Control anual"
    assert orphan.legacy_extras == {"pet_id": "999999", "import_id": "5"}
    change = SyncChange.objects.get(source_id="9002")
    assert change.after["legacy_extras"] == {"pet_id": "999999", "import_id": "5"}


def test_an_appointment_keeps_the_okvet_ids_it_could_not_link(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_appointments", f"--file={fixtures / 'records' / 'citas.csv'}")
    unlinked = Appointment.objects.get(legacy_id="74")
    assert (unlinked.owner, unlinked.pet) == (None, None)
    extras = unlinked.legacy_extras
    assert (extras["owner_id"], extras["pet_id"], extras["vet_id"]) == ("555", "999", "3")
    linked = Appointment.objects.exclude(legacy_id="74").exclude(pet=None).first()
    assert "pet_id" not in linked.legacy_extras
