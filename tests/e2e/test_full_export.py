"""A generated export with every table, its attachments, products and invoices, imported in one
run and checked against the generator's manifest: every table's counts, every orphan flagged,
every file found or reported, no cell lost, verification green."""

import json

import pytest

from clinic.models import Appointment, Document, Invoice, MedicalRecordItem, VaccinationRecord
from migration.models import DataQualityIssue, MigrationBatch

pytestmark = pytest.mark.django_db

RECORDS = (
    "consults",
    "follow_ups",
    "dewormings",
    "prescriptions",
    "lab_exams",
    "imaging",
    "hospitalizations",
    "referrals",
    "orders",
    "grooming",
    "day_care",
    "vaccinations",
    "documents",
)
LINES = ("prescription_items", "lab_exam_items", "order_items", "grooming_items")


@pytest.fixture
def full_export(run, tmp_path):
    out = tmp_path / "export"
    run(
        "generate_okvet_export",
        f"--output={out}",
        "--owners=150",
        "--pets=220",
        "--clinical",
        "--seed=5",
    )
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def batch(kind):
    return MigrationBatch.objects.get(batch_type=kind, is_dry_run=False)


def flagged(kind, code):
    found = DataQualityIssue.objects.filter(batch=batch(kind), issue_type=code)
    return found.values("source_id").distinct().count()


def check_records(counts):
    for kind in RECORDS:
        expected, got = counts[kind], batch(kind)
        assert got.total_records == expected["source_rows"], kind
        assert got.skipped_count == got.deleted_count == expected["soft_deleted"], kind
        assert got.imported_count == expected["source_rows"] - expected["soft_deleted"], kind
        assert flagged(kind, "orphan-pet") == expected["orphans"], kind
    imported_lines = 0
    for kind in LINES:
        expected, got = counts[kind], batch(kind)
        assert got.imported_count + got.error_count == expected["source_rows"], kind
        assert got.error_count <= expected["orphan_lines"], kind
        imported_lines += got.imported_count
    assert MedicalRecordItem.objects.count() == imported_lines


def check_agenda_and_billing(counts, manifest_cases):
    agenda, expected = batch("appointments"), counts["appointments"]
    assert agenda.imported_count == expected["source_rows"] - expected["soft_deleted"]
    assert flagged("appointments", "unlinked-reference") == expected["orphans"]
    assert Appointment.objects.filter(is_reminder=True).exists()
    assert not Appointment.objects.filter(notifications_enabled=True).exists()
    assert not VaccinationRecord.objects.filter(vaccine_name="").exists()
    assert batch("products").imported_count == counts["products"]["source_rows"]
    invoices = counts["invoices"]
    assert batch("invoices").imported_count == invoices["source_rows"]
    assert Invoice.objects.count() == invoices["invoices"]
    assert flagged("invoices", "invoice-total-mismatch") == invoices["mismatched"]
    # the deliberately unknown clients, plus the invoices of owners deleted in OkVet
    unknown = flagged("invoices", "invoice-client-not-found")
    deleted = len(manifest_cases["soft_deleted_owners"])
    assert invoices["unknown_clients"] <= unknown <= invoices["unknown_clients"] + deleted


def check_files(counts):
    """Every file is stored, reported missing, or reported unreferenced (files whose only
    references sit on rows deleted in OkVet, which are not imported, count as unreferenced)."""
    files, expected = batch("files"), counts["attachments"]
    issues = DataQualityIssue.objects.filter(batch=files)
    missing = issues.filter(issue_type="file-not-found").values("source_value").distinct()
    unreferenced = issues.filter(issue_type="unreferenced-file").count()
    stored = Document.objects.exclude(sha256="").values("original_path").distinct().count()
    assert 0 < missing.count() <= expected["missing"]
    assert 0 < stored <= expected["present"]
    assert unreferenced >= expected["unreferenced"]
    on_disk = expected["present"] + expected["unreferenced"]
    assert stored + unreferenced == on_disk
    assert (
        stored + missing.count() + (unreferenced - expected["unreferenced"])
        <= (expected["referenced"])
    )


def test_every_table_reconciles_with_the_manifest(run, full_export):
    out, manifest = full_export
    run("import_okvet", f"--source={out}", "--no-progress")
    counts = manifest["counts"]
    check_records(counts)
    check_agenda_and_billing(counts, manifest["cases"])
    check_files(counts)
    for got in MigrationBatch.objects.all():
        assert got.summary["cells"]["unaccounted"] == 0, got.batch_type
    run("verify_migration")


def test_a_dry_run_of_the_whole_export_matches_the_real_one(run, full_export):
    out, _ = full_export
    run("import_okvet", f"--source={out}", "--dry-run", "--no-progress")
    dry = {b.batch_type: b.imported_count for b in MigrationBatch.objects.filter(is_dry_run=True)}
    run("import_okvet", f"--source={out}", "--no-progress")
    real = {b.batch_type: b.imported_count for b in MigrationBatch.objects.filter(is_dry_run=False)}
    assert dry == real and len(real) == 23
