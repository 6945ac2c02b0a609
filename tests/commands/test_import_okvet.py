import json
import shutil
import zipfile

import pytest
from django.core.management.base import CommandError

from clinic.models import Appointment, MedicalRecord, OwnerProfile, Pet, VaccinationRecord
from migration.models import DataQualityIssue, MigrationBatch, MigrationRecord, MigrationRun

pytestmark = pytest.mark.django_db

FILES = (
    "engine/propietarios.csv",
    "engine/mascotas.csv",
    "records/consultas.csv",
    "records/formulas_cabecera.csv",
    "records/formulas_items.csv",
    "records/vacunaciones.csv",
    "records/catalogo_vacunas.csv",
    "records/citas.csv",
)


@pytest.fixture
def export(fixtures, tmp_path):
    folder = tmp_path / "export"
    (folder / "2023").mkdir(parents=True)
    for name in FILES:
        shutil.copy(fixtures / name, folder / "2023" / name.split("/")[-1].replace("_", "-"))
    (folder / "manifest.json").write_text("{}")
    (folder / "~$propietarios.csv").write_text("excel lock file")
    return folder


def test_a_whole_export_in_dependency_order(run, export, tmp_path):
    report = tmp_path / "run.json"
    ran = run("import_okvet", f"--source={export}", f"--report-json={report}")
    data = json.loads(report.read_text())
    assert [b["batch_type"] for b in data["batches"]] == [
        "clients",
        "pets",
        "consults",
        "prescriptions",
        "prescription_items",
        "vaccinations",
        "appointments",
        "files",
    ]
    run_row = MigrationRun.objects.get()
    assert run_row.status == "completed" and data["run_id"] == run_row.pk
    assert MigrationBatch.objects.filter(run=run_row).count() == 8
    assert f"Run {run_row.pk}: 8 batches" in ran.out
    assert VaccinationRecord.objects.get(legacy_id="3301").vaccine_name == "Nobivac Rabia"
    assert MedicalRecord.objects.filter(record_type="consult").count() == 2
    assert Appointment.objects.count() == 5


def test_a_dry_run_sees_its_own_owners_then_leaves_nothing(run, export):
    ran = run("import_okvet", f"--source={export}", "--dry-run")
    assert "DRY RUN" in ran.out
    assert (OwnerProfile.objects.count(), Pet.objects.count(), MedicalRecord.objects.count()) == (
        0,
        0,
        0,
    )
    pets = MigrationBatch.objects.get(batch_type="pets")
    assert pets.is_dry_run and pets.imported_count == 7
    orphans = DataQualityIssue.objects.filter(batch=pets, issue_type="orphan-owner")
    assert [o.source_id for o in orphans] == ["205"]
    assert MigrationRecord.objects.filter(batch=pets).count() == 8


def test_rollback_of_a_whole_run(run, export):
    run("import_okvet", f"--source={export}")
    run_id = MigrationRun.objects.get().pk
    preview = run("rollback_migration", f"--run-id={run_id}", "--dry-run")
    assert "Would delete" in preview.out and OwnerProfile.objects.exists()
    done = run("rollback_migration", f"--run-id={run_id}", "--no-input")
    assert f"Run {run_id} rolled back" in done.out
    assert not OwnerProfile.objects.exists() and not Pet.objects.exists()
    assert not MedicalRecord.objects.exists() and not Appointment.objects.exists()
    with pytest.raises(CommandError, match="nothing to roll back"):
        run("rollback_migration", f"--run-id={run_id}", "--no-input")
    with pytest.raises(CommandError, match="no run 999"):
        run("rollback_migration", "--run-id=999", "--no-input")


def test_a_zip_export_and_the_clinic_filter(run, export, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in export.rglob("*.csv"):
            z.write(path, path.relative_to(export).as_posix())
    run("import_okvet", f"--source={archive}", "--clinic=4")
    # rows of clinic 3 are left out and reported; rows that name no clinic are kept
    assert not MedicalRecord.objects.filter(legacy_id="9001").exists()
    assert MedicalRecord.objects.filter(legacy_id="9002").exists()
    assert not VaccinationRecord.objects.exists()
    other = DataQualityIssue.objects.filter(issue_type="other-clinic")
    assert set(other.values_list("source_value", flat=True)) == {"3"}
    assert other.filter(batch__batch_type="vaccinations").count() == 3
    assert OwnerProfile.objects.exists()


def test_unsafe_zip_members_are_refused(run, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../escape.csv", "id,name\n1,x\n")
    with pytest.raises(CommandError, match="unsafe path in the ZIP file: '../escape.csv'"):
        run("import_okvet", f"--source={archive}")
    assert not MigrationRun.objects.exists()


def test_unknown_sources_and_files(run, tmp_path, fixtures):
    with pytest.raises(CommandError, match="neither a folder nor a ZIP"):
        run("import_okvet", f"--source={fixtures / 'engine' / 'mascotas.csv'}")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CommandError, match="no OkVet export files found"):
        run("import_okvet", f"--source={empty}")
    (empty / "documentos.csv").write_text(
        "id,vet_id,pet_id,user_id,doc_format_type_id,name\n1,1,2,3,4,Consentimiento\n"
    )
    ran = run("import_okvet", f"--source={empty}")
    assert "Batch" in ran.out and MigrationBatch.objects.get().batch_type == "documents"
