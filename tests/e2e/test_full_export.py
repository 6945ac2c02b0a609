"""A generated export with its clinical tables, imported in one run and checked against the
generator's manifest: every table's counts, every orphan flagged, verification green."""

import json

import pytest

from clinic.models import Appointment, MedicalRecordItem, VaccinationRecord
from migration.models import DataQualityIssue, MigrationBatch

pytestmark = pytest.mark.django_db

RECORD_TABLES = ("consults", "prescriptions", "hospitalizations", "vaccinations")


@pytest.fixture
def full_export(run, tmp_path):
    out = tmp_path / "export"
    run(
        "generate_okvet_export",
        f"--output={out}",
        "--owners=120",
        "--pets=180",
        "--clinical",
        "--seed=11",
    )
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def batch(kind):
    return MigrationBatch.objects.get(batch_type=kind, is_dry_run=False)


def orphans(kind, code):
    found = DataQualityIssue.objects.filter(batch=batch(kind), issue_type=code)
    return found.values("source_id").distinct().count()


def test_every_table_reconciles_with_the_manifest(run, full_export):
    out, manifest = full_export
    run("import_okvet", f"--source={out}", "--no-progress")
    counts = manifest["counts"]
    for kind in RECORD_TABLES:
        expected, got = counts[kind], batch(kind)
        assert got.total_records == expected["source_rows"], kind
        assert got.skipped_count == got.deleted_count == expected["soft_deleted"], kind
        assert got.imported_count == expected["source_rows"] - expected["soft_deleted"], kind
        assert orphans(kind, "orphan-pet") == expected["orphans"], kind
    lines, expected = batch("prescription_items"), counts["prescription_items"]
    assert lines.imported_count + lines.error_count == expected["source_rows"]
    assert 0 < lines.error_count <= expected["orphan_lines"]
    assert MedicalRecordItem.objects.count() == lines.imported_count
    agenda, expected = batch("appointments"), counts["appointments"]
    assert agenda.imported_count == expected["source_rows"] - expected["soft_deleted"]
    assert orphans("appointments", "unlinked-reference") == expected["orphans"]
    assert Appointment.objects.filter(is_reminder=True).exists()
    assert not Appointment.objects.filter(notifications_enabled=True).exists()
    named = VaccinationRecord.objects.exclude(vaccine_name="").count()
    assert named == VaccinationRecord.objects.count()
    run("verify_migration")


def test_no_cell_goes_nowhere(run, full_export):
    out, _ = full_export
    run("import_okvet", f"--source={out}", "--no-progress")
    for got in MigrationBatch.objects.all():
        cells = got.summary["cells"]
        assert cells["unaccounted"] == 0, (got.batch_type, cells)
        assert cells["mapped"] > 0, got.batch_type


def test_a_dry_run_of_the_whole_export_matches_the_real_one(run, full_export):
    out, _ = full_export
    run("import_okvet", f"--source={out}", "--dry-run", "--no-progress")
    dry = {b.batch_type: b.imported_count for b in MigrationBatch.objects.filter(is_dry_run=True)}
    run("import_okvet", f"--source={out}", "--no-progress")
    real = {b.batch_type: b.imported_count for b in MigrationBatch.objects.filter(is_dry_run=False)}
    assert dry == real and len(real) == 9
