"""The parallel run (issue 13), end to end through ``import_okvet``: a newer export of the same
clinic is a sync. Unchanged rows write nothing; changed rows update their target and keep its
before-image; child lines follow their header; rows deleted in OkVet (soft-deleted, or absent
from a full export) are deactivated, never deleted; a dry run previews it all."""

from decimal import Decimal

import pytest
from django.db import connection

from clinic.history import pet_timeline
from clinic.models import (
    Appointment,
    Invoice,
    InvoiceLine,
    MedicalRecord,
    MedicalRecordItem,
    OwnerProfile,
    Pet,
    VaccinationRecord,
)
from migration.models import DataQualityIssue, MigrationBatch, MigrationRecord, SyncChange
from tests.e2e.syncexport import (
    PEOPLE,
    append,
    build_export,
    changed_export,
    drop,
    edit,
    imported,
    newer,
    record,
    snapshot,
    verified,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(run, fixtures, tmp_path):
    """The export, imported once."""
    folder = build_export(fixtures, tmp_path / "export")
    imported(run, folder)
    return folder


@pytest.fixture
def people(run, fixtures, tmp_path):
    """An export of owners and pets only, imported once."""
    folder = build_export(fixtures, tmp_path / "export", PEOPLE)
    imported(run, folder)
    return folder


def issues(data, code):
    ids = [b["batch_id"] for b in data["batches"]]
    return DataQualityIssue.objects.filter(batch_id__in=ids, issue_type=code)


def changes(data, kind, source_id):
    batch = data["by_type"][kind]["batch_id"]
    return SyncChange.objects.get(batch_id=batch, source_id=source_id)


def test_an_unchanged_export_writes_nothing(run, first):
    before = snapshot()
    records = MigrationRecord.objects.values_list("status", "source_id", "source_row", "target_id")
    earlier = {b.batch_type: b.pk for b in MigrationBatch.objects.all()}
    again = imported(run, first)
    assert snapshot() == before
    assert not SyncChange.objects.exists()
    for kind, batch in again["by_type"].items():
        first_rows = set(records.filter(batch_id=earlier[kind]))
        second_rows = set(records.filter(batch_id=batch["batch_id"]))
        # rows mapped the first time (imported, or merged into another) write nothing now;
        # the others (skipped, errors, repeated ids) are reported again
        mapped = {r for r in first_rows if r[0] == "imported" or r[3] is not None}
        assert second_rows == first_rows - mapped, kind
        assert batch["counts"]["unchanged"] == len(mapped), kind
        assert batch["counts"]["imported"] == 0, kind
    assert again["by_type"]["pets"]["counts"]["unchanged"] == 7
    assert not issues(again, "already-imported").exists()


def vac_line():
    return InvoiceLine.objects.get(invoice__number="1001", description="Vacuna Rabia")


def test_changed_rows_update_their_targets_and_keep_the_before_image(run, first):
    line_before = vac_line()
    data = imported(run, changed_export(first))
    owner = OwnerProfile.objects.select_related("user").get(legacy_id="101")
    assert (owner.address, owner.mobile) == ("Carrera 9 # 80-15", "+573001119999")
    assert owner.user.email == "maria.nueva@mail.com"
    pet = Pet.objects.get(legacy_id="201")
    assert pet.weight_kg == Decimal("4.5") and pet.weight_raw == "4.5"
    assert pet.is_deceased and not pet.is_active and str(pet.deceased_at) == "2024-02-01"
    consult = MedicalRecord.objects.get(legacy_id="9001", record_type="consult")
    assert consult.anamnesis == "Vomita hace 3 días."
    assert VaccinationRecord.objects.get(legacy_id="3301").lot_number == "B777"
    assert Appointment.objects.get(legacy_id="72").summary == "Control de piel"
    line = vac_line()
    assert (line.quantity, line.total) == (Decimal(2), Decimal(25000))
    assert line.pk == line_before.pk
    header = Invoice.objects.get(number="1001")
    assert (header.status, header.total) == ("Anulada", Decimal(75000))

    owner_change = changes(data, "clients", "101")
    assert owner_change.kind == "changed"
    assert owner_change.before["address"] == "Calle 45 # 12-34"
    assert owner_change.before["user__email"] == "maria.perez@mail.com"
    assert owner_change.after["address"] == "Carrera 9 # 80-15"
    pet_change = changes(data, "pets", "201")
    assert Decimal(pet_change.before["weight_kg"]) == 3
    assert pet_change.before["is_deceased"] is False and pet_change.before["is_active"] is True
    line_change = SyncChange.objects.get(target_model="clinic.InvoiceLine", target_id=line.pk)
    assert Decimal(line_change.before["quantity"]) == 1
    assert line_change.before["invoice__status"] == "Pagada"

    expected = {
        "clients": {"address", "mobile", "user__email"},
        "pets": {"weight_kg", "weight_raw", "is_deceased", "deceased_at", "is_active"},
        "consults": {"anamnesis"},
        "vaccinations": {"lot_number"},
        "appointments": {"summary"},
        "invoices": {"quantity", "total", "invoice__status", "invoice__total"},
    }
    for kind, columns in expected.items():
        batch = data["by_type"][kind]
        assert columns <= set(batch["changed_columns"]), kind
        stored = MigrationBatch.objects.get(pk=batch["batch_id"]).summary
        assert columns <= set(stored["changed_columns"]), kind
    for kind, source_id in (
        ("clients", "101"),
        ("pets", "201"),
        ("consults", "9001"),
        ("vaccinations", "3301"),
        ("appointments", "72"),
    ):
        got = record(data, kind, source_id)
        assert got.status == "updated", kind
        assert {c["column"] for c in got.validation_errors["changes"]} >= expected[kind] - {
            "user__email"
        }
    assert data["by_type"]["invoices"]["counts"]["updated"] == 2
    lines = MigrationRecord.objects.filter(batch_id=data["by_type"]["invoices"]["batch_id"])
    assert lines.get(target_id=line.pk).status == "updated"
    assert not issues(data, "already-imported").exists()
    assert not issues(data, "sync-conflict").exists()
    passed, report = verified(run, first.parent)
    assert passed, [c for c in report["checks"] if not c["passed"]]


def test_child_lines_follow_their_header(run, first, tmp_path):
    added = newer(first, "added")
    append(
        added, "formulas_items.csv", id="3", prescription_id="501", name="Sucralfato", quantity="1"
    )
    data = imported(run, added)
    header = MedicalRecord.objects.get(legacy_id="501")
    new = MedicalRecordItem.objects.get(legacy_id="3")
    assert new.record_id == header.pk and new.is_active
    assert data["by_type"]["prescription_items"]["counts"]["imported"] == 1

    removed = newer(added, "removed")
    drop(removed, "formulas_items.csv", {"id": "1"})
    items = MedicalRecordItem.objects.count()
    data = imported(run, removed, "--full-export")
    gone = MedicalRecordItem.objects.get(legacy_id="1")
    assert not gone.is_active and MedicalRecordItem.objects.count() == items
    flagged = issues(data, "absent-from-export").filter(source_id="1")
    assert flagged.get().batch.batch_type == "prescription_items"
    assert data["by_type"]["prescription_items"]["counts"]["absent"] == 1
    timeline = pet_timeline(Pet.objects.get(legacy_id="201"))
    entry = next(e for e in timeline if e.record == header)
    assert [i.legacy_id for i in entry.lines] == ["3"]
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]


def test_rows_soft_deleted_later_are_deactivated_never_deleted(run, first, tmp_path):
    folder = newer(first, "deleted")
    edit(folder, "mascotas.csv", {"id": "207"}, deleted_at="2024-03-01 10:00:00")
    edit(folder, "propietarios.csv", {"id": "107"}, deleted_at="2024-03-02 10:00:00")
    edit(folder, "citas.csv", {"id": "75"}, deleted_at="2024-03-03 10:00:00")
    counts = (Pet.objects.count(), OwnerProfile.objects.count(), Appointment.objects.count())
    data = imported(run, folder)
    assert not Pet.objects.get(legacy_id="207").is_active
    owner = OwnerProfile.objects.get(legacy_id="107")
    assert not owner.is_active and not owner.is_contactable
    assert Appointment.objects.get(legacy_id="75").status == "cancelled"
    assert Pet.objects.get(legacy_id="201").is_active
    flagged = issues(data, "deleted-in-okvet")
    assert set(flagged.values_list("source_id", flat=True)) == {"207", "107", "75"}
    for kind, source_id in (("pets", "207"), ("clients", "107"), ("appointments", "75")):
        assert record(data, kind, source_id).status == "deactivated", kind
        assert changes(data, kind, source_id).kind == "deactivated", kind
    assert counts == (
        Pet.objects.count(),
        OwnerProfile.objects.count(),
        Appointment.objects.count(),
    )
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]


def test_rows_absent_from_a_full_export_are_deactivated(run, people, tmp_path):
    folder = newer(people, "partial")
    drop(folder, "mascotas.csv", {"id": "208"})
    drop(folder, "propietarios.csv", {"id": "106"})
    before = snapshot()
    data = imported(run, folder)
    assert snapshot() == before
    assert not issues(data, "absent-from-export").exists()

    data = imported(run, folder, "--full-export")
    assert not Pet.objects.get(legacy_id="208").is_active
    owner = OwnerProfile.objects.get(legacy_id="106")
    assert not owner.is_active and not owner.is_contactable
    flagged = issues(data, "absent-from-export")
    assert set(flagged.values_list("source_id", flat=True)) == {"208", "106"}
    assert data["by_type"]["pets"]["counts"]["absent"] == 1
    assert data["by_type"]["clients"]["counts"]["absent"] == 1
    assert Pet.objects.count() == len(before["clinic.Pet"])
    assert OwnerProfile.objects.count() == len(before["clinic.OwnerProfile"])
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]


def test_a_dry_run_previews_the_sync_and_changes_nothing(run, first, tmp_path):
    VaccinationRecord.objects.filter(legacy_id="3301").update(lot_number="C-1")
    folder = changed_export(first)
    edit(folder, "mascotas.csv", {"id": "207"}, deleted_at="2024-03-01 10:00:00")
    append(folder, "mascotas.csv", id="209", owner_id="102", name="Luna", specie="feline")
    before = snapshot()
    data = imported(run, folder, "--dry-run")
    assert snapshot() == before
    assert not SyncChange.objects.exists()
    pets = data["by_type"]["pets"]
    assert pets["dry_run"]
    counts = {k: pets["counts"].get(k, 0) for k in ("imported", "updated", "unchanged")}
    assert counts == {"imported": 1, "updated": 1, "unchanged": 5}
    assert (pets["counts"]["deactivated"], pets["counts"].get("conflict", 0)) == (1, 0)
    assert data["by_type"]["vaccinations"]["counts"]["conflict"] == 1
    assert data["by_type"]["consults"]["counts"]["updated"] == 1
    weight = next(c for c in pets["changes"] if c["column"] == "weight_kg")
    assert (weight["source_id"], weight["before"], weight["after"]) == ("201", "3", "4.5")
    assert weight["stored"] == "3" and weight["applied"]
    lot = data["by_type"]["vaccinations"]["changes"][0]
    assert (lot["before"], lot["after"], lot["stored"]) == ("A123", "B777", "C-1")
    assert not lot["applied"]
    clients = data["by_type"]["clients"]
    address = next(c for c in clients["changes"] if c["column"] == "address")
    assert address["before"] == "Calle 45 # 12-34" and address["after"] == "Carrera 9 # 80-15"
    out = data["out"]
    assert "DRY RUN" in out
    assert "Imported before: 5 unchanged, 1 changed, 0 in conflict" in out
    assert "1 deactivated" in out
    assert "OkVet id 201, weight_kg: '3' → '4.5' (stored: '3')" in out
    assert "OkVet id 3301, lot_number: 'A123' → 'B777' (stored: 'C-1') — kept" in out
    stored = MigrationBatch.objects.get(pk=pets["batch_id"]).summary
    assert stored["counts"]["updated"] == 1 and stored["changes"] == pets["changes"]


def edit_in_the_clinic(how):
    """The clinic weighs pet 201 (5 kg), renames it and changes its food, through the app or
    behind its back."""
    pet = Pet.objects.get(legacy_id="201")
    if how == "orm":
        pet.weight_kg, pet.name, pet.food = Decimal(5), "Firulais Jr", "Pro Plan"
        pet.save()
        return
    table = connection.ops.quote_name(Pet._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET weight_kg = %s, name = %s, food = %s WHERE id = %s",
            [5, "Firulais Jr", "Pro Plan", pet.pk],
        )


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_the_clinics_own_edit_wins_and_is_shown(run, people, tmp_path, how):
    edit_in_the_clinic(how)
    folder = newer(people, "conflict")
    okvet = {"weight": "4.5", "color": "Negro y blanco", "food": "Pro Plan"}
    edit(folder, "mascotas.csv", {"id": "201"}, **okvet)
    data = imported(run, folder)
    pet = Pet.objects.get(legacy_id="201")
    assert pet.weight_kg == 5 and pet.weight_raw == "3"
    assert pet.color == "Negro y blanco" and pet.name == "Firulais Jr"
    assert pet.food == "Pro Plan"  # the same value on both sides: no conflict
    found = issues(data, "sync-conflict")
    # the weight and its text as typed are one value: both kept, both flagged
    assert set(found.values_list("source_id", "field_name")) == {
        ("201", "weight_kg"),
        ("201", "weight_raw"),
    }
    conflict = found.get(field_name="weight_kg")
    assert conflict.severity == "warning" and conflict.source_value == "4.5"
    assert "'4.5' in OkVet (was '3')" in conflict.description
    assert "'5' in Pet-Friendly" in conflict.description
    got = record(data, "pets", "201")
    assert got.status == "updated"
    applied = {c["column"]: c["applied"] for c in got.validation_errors["changes"]}
    assert applied == {"weight_kg": False, "weight_raw": False, "color": True, "food": True}
    assert data["by_type"]["pets"]["counts"]["updated"] == 1
    change = changes(data, "pets", "201")
    assert change.before == {"color": "Negro", "food": "Pro Plan"}
    assert change.after == {"color": "Negro y blanco", "food": "Pro Plan"}
    # the kept weight is explained by its conflict; the rename, which no sync touched, is not
    passed, report = verified(run, tmp_path)
    failures = report["readback"]["failures"]
    assert not passed and [(f["source_id"], f["column"]) for f in failures] == [("201", "name")]
    Pet.objects.filter(legacy_id="201").update(name="FIRULAIS")
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]


def test_a_row_back_in_a_newer_export_is_active_again(run, people, tmp_path):
    """Deleted in OkVet, then restored there (or missing from one full export and back in the
    next): the row gets back what the deactivation took, and a rollback takes it away again."""
    gone = newer(people, "gone")
    edit(gone, "mascotas.csv", {"id": "207"}, deleted_at="2024-03-01 10:00:00")
    drop(gone, "propietarios.csv", {"id": "106"})
    imported(run, gone, "--full-export")
    assert not Pet.objects.get(legacy_id="207").is_active
    assert not OwnerProfile.objects.get(legacy_id="106").is_contactable
    deactivated = snapshot()
    data = imported(run, newer(people, "back"), "--full-export")
    assert Pet.objects.get(legacy_id="207").is_active
    owner = OwnerProfile.objects.get(legacy_id="106")
    assert owner.is_active and owner.is_contactable
    assert record(data, "pets", "207").status == "updated"
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]
    back = MigrationBatch.objects.get(pk=data["batches"][0]["batch_id"]).run_id
    run("rollback_migration", f"--run-id={back}", "--no-input")
    assert snapshot() == deactivated
