"""The story's screen-export layouts (Spanish labels, dd/mm/yyyy): medical history, vaccines."""

import pytest

from clinic.models import MedicalRecord, VaccinationRecord
from migration.models import DataQualityIssue, MigrationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def pets(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")


def test_medical_history_screen_export(run, fixtures, pets):
    run("import_okvet_records", f"--file={fixtures / 'screens' / 'historia_clinica.csv'}")
    assert MigrationBatch.objects.get(batch_type="medical_history").imported_count == 3
    consult = MedicalRecord.objects.get(legacy_id="H1")
    assert (consult.record_type, consult.subtype, consult.anamnesis) == (
        "consult",
        "Consulta",
        "Vómito desde ayer",
    )
    assert (consult.diagnosis_final, consult.treatment, consult.observations) == (
        "Gastritis",
        "Omeprazol",
        "Paciente tranquilo",
    )
    assert consult.occurred_at.date().isoformat() == "2023-04-05"
    assert consult.author.legacy_id == "12" and consult.pet.legacy_id == "201"
    deworming = MedicalRecord.objects.get(legacy_id="H2")
    assert deworming.record_type == "deworming" and deworming.occurred_at.hour == 21
    surgery = MedicalRecord.objects.get(legacy_id="H3")
    assert (surgery.record_type, surgery.subtype) == ("consult", "Cirugía")
    assert DataQualityIssue.objects.get(issue_type="orphan-pet").source_id == "H3"


def test_vaccines_screen_export_names_its_vaccines(run, fixtures, pets):
    run("import_okvet_vaccines", f"--file={fixtures / 'screens' / 'vacunas.csv'}")
    rabies = VaccinationRecord.objects.get(legacy_id="V1")
    assert (rabies.vaccine_name, rabies.manufacturer, rabies.lot_number) == (
        "Rabia",
        "Zoetis",
        "A1",
    )
    assert rabies.date_given.isoformat() == "2023-04-05"
    assert rabies.next_due_date.isoformat() == "2024-04-05"
    assert not DataQualityIssue.objects.filter(issue_type="unknown-vaccine-name").exists()
