import json
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from clinic.models import MedicalRecord, MedicalRecordItem, Pet, Staff
from migration.models import DataQualityIssue, ExternalIdMapping, MigrationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def pets_imported(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")


def records(fixtures, *names):
    return [f"--file={fixtures / 'records' / name}" for name in names]


ALL = ("formulas_items.csv", "consultas.csv", "hospitalizaciones.csv", "formulas_cabecera.csv")


def test_every_clinical_table_lands_in_the_history(run, fixtures, pets_imported, tmp_path):
    report = tmp_path / "r.json"
    ran = run("import_okvet_records", *records(fixtures, *ALL), f"--report-json={report}")
    batches = json.loads(report.read_text())["batches"]
    assert [b["batch_type"] for b in batches] == [
        "consults",
        "prescriptions",
        "hospitalizations",
        "prescription_items",
    ]
    assert "Batch" in ran.out
    consult = MedicalRecord.objects.get(legacy_id="9001", record_type="consult")
    assert consult.pet == Pet.objects.get(legacy_id="201")
    assert consult.anamnesis == "Vomita hace 2 días.\nNo come."
    assert consult.objective == "Abdomen doloroso" and consult.observations == ""
    assert consult.temperature_c == Decimal("39.50") and consult.heart_rate == 120
    assert (consult.bcs, consult.bcs_scale, consult.crt_seconds) == (Decimal("3.0"), 5, 2)
    assert consult.weight_kg == Decimal("12.400")
    assert consult.vitals_raw["temperature"] == "39,5"
    assert consult.body_systems == {
        "attitude": {"code": "0", "obs": ""},
        "skin": {"code": "1", "obs": "Dermatitis leve"},
    }
    assert consult.details["files"] == [
        {"name": "rx Firulais.jpg", "path": "VetFiles/3/rx.jpg", "column": "file"}
    ]
    assert consult.details["dx_final"] == ["K29"] and consult.details["okvet_clinic"] == "3"
    assert consult.legacy_extras == {"import_id": "77"}
    assert consult.occurred_at.isoformat() == "2023-04-05T15:30:00+00:00"
    assert consult.author.name == "OkVet user 12" and consult.is_imported
    assert list(Staff.objects.values_list("legacy_id", flat=True)) == ["12"]


def test_orphans_deleted_and_repeated_rows(run, fixtures, pets_imported):
    run("import_okvet_records", *records(fixtures, "consultas.csv"))
    batch = MigrationBatch.objects.get(batch_type="consults")
    assert (batch.imported_count, batch.skipped_count, batch.duplicate_count) == (2, 1, 1)
    orphan = MedicalRecord.objects.get(legacy_id="9002")
    assert orphan.pet.is_active is False and orphan.pet.owner.is_contactable is False
    assert orphan.temperature_c == Decimal("38.50")
    codes = set(DataQualityIssue.objects.filter(batch=batch).values_list("issue_type", flat=True))
    assert {"orphan-pet", "soft-deleted", "duplicate-id"} <= codes


def test_require_owner_skips_orphan_records(run, fixtures, pets_imported):
    run("import_okvet_records", *records(fixtures, "consultas.csv"), "--require-owner")
    assert not MedicalRecord.objects.filter(legacy_id="9002").exists()
    assert DataQualityIssue.objects.filter(issue_type="orphan-pet-skipped").count() == 1


def test_lines_join_their_record_and_orphan_lines_are_errors(run, fixtures, pets_imported):
    run("import_okvet_records", *records(fixtures, "formulas_cabecera.csv", "formulas_items.csv"))
    line = MedicalRecordItem.objects.get(legacy_id="1")
    assert line.record.legacy_id == "501" and line.instructions == "1 cada 24 h"
    assert line.presentation == "Cápsulas"
    items = MigrationBatch.objects.get(batch_type="prescription_items")
    assert (items.imported_count, items.error_count) == (1, 1)
    assert DataQualityIssue.objects.get(issue_type="orphan-line").source_id == "2"


def test_a_non_clinical_file_stops_everything(run, fixtures, pets_imported):
    before = MigrationBatch.objects.count()
    with pytest.raises(CommandError) as caught:
        run(
            "import_okvet_records",
            *records(fixtures, "consultas.csv"),
            f"--file={fixtures / 'engine' / 'mascotas.csv'}",
        )
    assert "mascotas.csv: this file holds the OkVet pets table, not a clinical table" in str(
        caught.value
    )
    assert MigrationBatch.objects.count() == before


def test_rolling_back_records_keeps_staff_used_by_later_batches(run, fixtures, pets_imported):
    run("import_okvet_records", *records(fixtures, "consultas.csv"))
    first = MigrationBatch.objects.get(batch_type="consults")
    run("import_okvet_records", *records(fixtures, "hospitalizaciones.csv"))
    second = MigrationBatch.objects.get(batch_type="hospitalizations")
    run("rollback_migration", f"--batch-id={first.pk}", "--no-input", "--cascade")
    assert list(MedicalRecord.objects.values_list("legacy_id", flat=True)) == ["31"]
    assert MedicalRecord.objects.get().author == Staff.objects.get(legacy_id="12")
    assert ExternalIdMapping.objects.get(source_type="staff").batch == second
    run("rollback_migration", f"--batch-id={second.pk}", "--no-input")
    assert not MedicalRecord.objects.exists() and not Staff.objects.exists()
    assert not ExternalIdMapping.objects.filter(source_type__in=["consult", "staff"]).exists()
