"""A chain of syncs (issue 13), end to end: rolling a sync back restores every row it changed
or deactivated exactly and removes what it created; a sync cannot be rolled back from under a
later one; a second sync over the first is read back against the newest version; verification
passes after each sync and fails when a synced value is damaged."""

from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from clinic.models import MedicalRecordItem, OwnerProfile, Pet
from migration.models import MigrationBatch, SyncChange
from tests.e2e.syncexport import (
    append,
    build_export,
    changed_export,
    check,
    drop,
    edit,
    imported,
    mappings,
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


def sync_of_every_kind(first):
    """Changes, a soft-deletion, a new pet and line, an owner missing from the full export."""
    folder = changed_export(first)
    edit(folder, "mascotas.csv", {"id": "207"}, deleted_at="2024-03-01 10:00:00")
    append(folder, "mascotas.csv", id="209", owner_id="102", name="Luna", specie="feline")
    append(folder, "formulas_items.csv", id="3", prescription_id="501", name="Sucralfato")
    drop(folder, "propietarios.csv", {"id": "106"})
    return folder


def rolled_back(run, data):
    return run("rollback_migration", f"--run-id={data['run_id']}", "--no-input")


def test_rolling_back_a_sync_restores_every_row_exactly(run, first, tmp_path):
    before, mapped = snapshot(), mappings()
    data = imported(run, sync_of_every_kind(first), "--full-export")
    assert Pet.objects.get(legacy_id="201").weight_kg == Decimal("4.5")
    assert not Pet.objects.get(legacy_id="207").is_active
    assert not OwnerProfile.objects.get(legacy_id="106").is_active
    assert Pet.objects.filter(legacy_id="209").exists()
    assert MedicalRecordItem.objects.filter(legacy_id="3").exists()
    kinds = set(SyncChange.objects.values_list("kind", flat=True))
    assert kinds == {"changed", "deactivated"}
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]

    ran = rolled_back(run, data)
    assert f"Run {data['run_id']} rolled back" in ran.out
    assert snapshot() == before
    assert mappings() == mapped
    assert not SyncChange.objects.exists()
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]


def test_a_sync_under_a_later_one_is_rolled_back_after_it(run, first, tmp_path):
    before, mapped = snapshot(), mappings()
    second = changed_export(first)
    sync1 = imported(run, second)
    after1 = snapshot()
    third = newer(second, "third")
    moved = {"weight": "5.2", "owner_id": "102", "updated_at": "2024-04-01 09:00:00"}
    edit(third, "mascotas.csv", {"id": "201"}, **moved)
    sync2 = imported(run, third)
    pets2 = sync2["by_type"]["pets"]["batch_id"]

    with pytest.raises(CommandError, match=rf"later batches changed again \({pets2}: "):
        rolled_back(run, sync1)
    assert Pet.objects.get(legacy_id="201").weight_kg == Decimal("5.2")
    assert SyncChange.objects.filter(batch__run_id=sync1["run_id"]).exists()
    assert not MigrationBatch.objects.filter(status="rolled_back").exists()

    rolled_back(run, sync2)
    assert snapshot() == after1
    assert Pet.objects.get(legacy_id="201").weight_kg == Decimal("4.5")
    rolled_back(run, sync1)
    assert snapshot() == before
    assert mappings() == mapped
    assert not SyncChange.objects.exists()


def test_a_second_sync_over_the_first_reads_back_the_newest_version(run, first, tmp_path):
    second = changed_export(first)
    sync1 = imported(run, second)
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]
    third = newer(second, "third")
    moved = {"weight": "5.2", "owner_id": "102", "updated_at": "2024-04-01 09:00:00"}
    edit(third, "mascotas.csv", {"id": "201"}, **moved)
    sync2 = imported(run, third)
    pet = Pet.objects.get(legacy_id="201")
    assert (pet.weight_kg, pet.weight_raw) == (Decimal("5.2"), "5.2")
    assert pet.owner == OwnerProfile.objects.get(legacy_id="102")
    assert record(sync2, "pets", "201").status == "updated"
    change = SyncChange.objects.get(batch_id=sync2["by_type"]["pets"]["batch_id"])
    assert Decimal(change.before["weight_kg"]) == Decimal("4.5")
    assert change.previous_version_id == sync1["by_type"]["pets"]["batch_id"]
    assert sync2["by_type"]["pets"]["counts"]["unchanged"] == 6
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]
    pets = report["readback"]["tables"]["pets"]
    assert pets["verdicts"].get("differs", 0) == 0

    # the newest version is the one read back: the weight of the first sync is now damage
    Pet.objects.filter(pk=pet.pk).update(weight_kg=Decimal("4.5"), weight_raw="4.5")
    passed, report = verified(run, tmp_path)
    assert not passed and not check(report, "cells_read_back")["passed"]
    failed = {(f["source_id"], f["column"]) for f in report["readback"]["failures"]}
    assert failed == {("201", "weight")}


def test_verification_fails_when_a_synced_value_is_damaged(run, first, tmp_path):
    imported(run, changed_export(first))
    passed, report = verified(run, tmp_path)
    assert passed, [c for c in report["checks"] if not c["passed"]]
    OwnerProfile.objects.filter(legacy_id="101").update(address="Calle 45 # 12-34")
    passed, report = verified(run, tmp_path)
    assert not passed and not check(report, "cells_read_back")["passed"]
    failure = next(f for f in report["readback"]["failures"] if f["source_id"] == "101")
    assert failure["column"] == "address" and failure["source"] == "Carrera 9 # 80-15"
    assert failure["stored"] == "Calle 45 # 12-34"


def test_the_first_import_is_not_rolled_back_under_a_sync_of_its_rows(run, first, tmp_path):
    folder = newer(first, "weight")
    edit(folder, "mascotas.csv", {"id": "201"}, weight="4.5")
    imported(run, folder)
    pets = MigrationBatch.objects.filter(batch_type="pets").earliest("pk")
    with pytest.raises(CommandError) as refused:
        run("rollback_migration", f"--batch-id={pets.pk}", "--no-input")
    assert "changed by later syncs" in str(refused.value)
    assert Pet.objects.filter(legacy_id="201").exists()
