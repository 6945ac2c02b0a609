"""Resolving a sync conflict: OkVet's value taken (with its text as typed, through a related
row too) or Pet-Friendly's kept, by someone, with why; a rollback of the sync undoes a taken
value exactly; a choice made on what is no longer there is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from clinic.models import Appointment, OwnerProfile, Pet
from migration.errors import ConflictError
from migration.load.syncvalues import shown
from migration.models import DataQualityIssue, ExternalIdMapping, MigrationBatch, SyncChange
from migration.services.conflicts import (
    KEEP_CLINIC,
    TAKE_OKVET,
    conflict_resolve,
    conflicts_preview,
    okvet_value,
)
from tests.conflicts import CLINIC_EMAIL, OKVET_EMAIL, edited, make_conflicts, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflicts(run, export, tmp_path):
    return make_conflicts(run, export, tmp_path)


@pytest.fixture
def reviewer():
    return get_user_model().objects.create_user("dra.gomez", "g@example.com", "x")


def pet_values(pet_id: int) -> dict:
    return Pet.objects.values().get(pk=pet_id)


def email(owner_id: int) -> str:
    return OwnerProfile.objects.select_related("user").get(pk=owner_id).user.email


def test_the_sync_kept_the_clinics_values_and_applied_the_others(conflicts):
    pet = Pet.objects.get(pk=conflicts.pet_id)
    assert (pet.weight_kg, pet.weight_raw) == (Decimal("13"), "12.5")
    assert Pet.objects.get(pk=target("pet", "207")).weight_kg == Decimal("12.8")
    assert email(conflicts.owner_id) == CLINIC_EMAIL
    issues = DataQualityIssue.objects.filter(issue_type="sync-conflict", batch__is_dry_run=False)
    assert sorted(issues.values_list("field_name", flat=True)) == [
        "user__email",
        "weight_kg",
        "weight_raw",
    ]


def test_the_preview_shows_okvets_values_then_and_now_and_the_clinics(conflicts):
    issue = conflicts.issue("weight_kg")
    [row] = conflicts_preview(issue_ids=[issue.pk])
    assert (row.source_id, row.column, row.before, row.okvet, row.clinic) == (
        "201",
        "weight_kg",
        "12.5",
        "14",
        "13",
    )


def test_taking_okvets_value_writes_it_with_its_text_as_typed(conflicts, reviewer):
    issue = conflicts.issue("weight_kg")
    result = conflict_resolve(
        issue_id=issue.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="pesado otra vez"
    )
    pet = Pet.objects.get(pk=conflicts.pet_id)
    assert (pet.weight_kg, pet.weight_raw) == (Decimal("14"), "14")
    paired = conflicts.issue("weight_raw")
    assert sorted(result.issue_ids) == sorted([issue.pk, paired.pk])
    assert result.values == {"weight_kg": "14", "weight_raw": "14"}
    for closed in DataQualityIssue.objects.filter(pk__in=result.issue_ids):
        assert closed.resolved and closed.resolved_by == reviewer
        assert closed.resolved_at is not None
        assert closed.resolution == (
            "OkVet's value taken (weight_kg = '14', weight_raw = '14'): pesado otra vez"
        )
    change = SyncChange.objects.get(kind="resolved")
    assert change.batch_id == issue.batch_id and change.target_id == conflicts.pet_id
    assert Decimal(change.before["weight_kg"]) == Decimal("13")
    assert change.before["weight_raw"] == "12.5"
    assert change.after == {"weight_kg": "14", "weight_raw": "14"}
    assert not conflicts.issue("user__email").resolved


def test_taking_okvets_value_of_a_related_row(conflicts, reviewer):
    issue = conflicts.issue("user__email")
    conflict_resolve(issue_id=issue.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="llamó")
    assert email(conflicts.owner_id) == OKVET_EMAIL
    issue.refresh_from_db()
    assert issue.resolved and issue.resolved_by == reviewer


def test_keeping_pet_friendlys_value_writes_nothing(conflicts, reviewer):
    before = pet_values(conflicts.pet_id)
    issue = conflicts.issue("weight_raw")
    result = conflict_resolve(
        issue_id=issue.pk, choice=KEEP_CLINIC, user_id=reviewer.pk, reason="báscula nueva"
    )
    assert pet_values(conflicts.pet_id) == before
    assert not SyncChange.objects.filter(kind="resolved").exists()
    assert len(result.issue_ids) == 2
    for closed in DataQualityIssue.objects.filter(pk__in=result.issue_ids):
        assert closed.resolved and closed.resolved_by == reviewer
        assert closed.resolution == (
            "Pet-Friendly's value kept (weight_kg = '13', weight_raw = '12.5'): báscula nueva"
        )


def test_rolling_back_the_sync_after_taking_okvets_values_restores_the_clinics(
    run, conflicts, reviewer
):
    pets = MigrationBatch.objects.get(run_id=conflicts.sync_run_id, batch_type="pets")
    before = ExternalIdMapping.objects.get(source_type="pet", source_id="201")
    # the pet as the clinic left it, before the sync: what the rollback gives back
    pet_then = pet_values(conflicts.pet_id)
    pet_then.update(weight_kg=Decimal("13"), weight_raw="12.5")
    for column in ("weight_kg", "user__email"):
        issue = conflicts.issue(column)
        conflict_resolve(issue_id=issue.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="ok")
    assert Pet.objects.get(pk=conflicts.pet_id).weight_kg == Decimal("14")
    run("rollback_migration", f"--run-id={conflicts.sync_run_id}", "--no-input")
    assert pet_values(conflicts.pet_id) == pet_then
    assert email(conflicts.owner_id) == CLINIC_EMAIL
    after = ExternalIdMapping.objects.get(source_type="pet", source_id="201")
    assert after.version_batch_id is None and after.fingerprint != before.fingerprint
    assert not SyncChange.objects.filter(batch=pets).exists()


def test_a_value_edited_again_since_the_conflict_is_refused(conflicts, reviewer):
    Pet.objects.filter(pk=conflicts.pet_id).update(weight_kg=Decimal("15"))
    issue = conflicts.issue("weight_kg")
    with pytest.raises(ConflictError) as caught:
        conflict_resolve(issue_id=issue.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="x")
    assert str(caught.value) == (
        f"issue {issue.pk}: weight_kg of OkVet id 201 changed again since the conflict was "
        "reported (it was '13', it is '15'); nothing was changed: review it again"
    )
    assert Pet.objects.get(pk=conflicts.pet_id).weight_kg == Decimal("15")
    assert not DataQualityIssue.objects.filter(issue_type="sync-conflict", resolved=True).exists()
    assert not SyncChange.objects.filter(kind="resolved").exists()


def test_its_text_as_typed_edited_again_is_refused_too(conflicts, reviewer):
    Pet.objects.filter(pk=conflicts.pet_id).update(weight_raw="13 kg")
    issue = conflicts.issue("weight_kg")
    with pytest.raises(ConflictError, match="weight_raw of OkVet id 201 changed again"):
        conflict_resolve(issue_id=issue.pk, choice=KEEP_CLINIC, user_id=reviewer.pk, reason="x")
    issue.refresh_from_db()
    assert not issue.resolved


def test_a_resolved_conflict_and_a_reason_left_empty_are_refused(conflicts, reviewer):
    issue = conflicts.issue("weight_kg")
    with pytest.raises(ConflictError, match=f"issue {issue.pk}: say why"):
        conflict_resolve(issue_id=issue.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason=" ")
    conflict_resolve(issue_id=issue.pk, choice=KEEP_CLINIC, user_id=reviewer.pk, reason="ok")
    paired = conflicts.issue("weight_raw")
    with pytest.raises(ConflictError, match=f"issue {paired.pk} is already resolved"):
        conflict_resolve(issue_id=paired.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="y")
    assert Pet.objects.get(pk=conflicts.pet_id).weight_kg == Decimal("13")


def test_an_issue_that_is_not_a_conflict_is_refused(conflicts, reviewer):
    other = DataQualityIssue.objects.exclude(issue_type="sync-conflict").first()
    with pytest.raises(ConflictError, match=f"issue {other.pk} is not a sync conflict"):
        conflict_resolve(issue_id=other.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="x")
    with pytest.raises(ConflictError, match="issue 0 does not exist"):
        conflict_resolve(issue_id=0, choice=TAKE_OKVET, user_id=reviewer.pk, reason="x")


def test_a_dry_runs_conflict_is_refused(run, export, tmp_path, reviewer):
    conflicts = make_conflicts(run, export, tmp_path, sync=False)
    run("import_okvet", f"--source={conflicts.newer}", "--no-progress", "--dry-run")
    issue = DataQualityIssue.objects.get(issue_type="sync-conflict", field_name="weight_kg")
    with pytest.raises(ConflictError, match="comes from a dry run, which changed nothing"):
        conflict_resolve(issue_id=issue.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="x")
    assert Pet.objects.get(pk=conflicts.pet_id).weight_kg == Decimal("13")


def test_a_conflict_of_a_rolled_back_sync_is_refused(run, conflicts, reviewer):
    run("rollback_migration", f"--run-id={conflicts.sync_run_id}", "--no-input")
    issue = conflicts.issue("weight_kg")
    with pytest.raises(ConflictError, match="was rolled back"):
        conflict_resolve(issue_id=issue.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="x")


def test_a_row_synced_again_by_a_later_batch_is_refused(run, conflicts, reviewer):
    edited(conflicts.newer / "mascotas.csv", "201", "weight", "14.5")
    run("import_okvet", f"--source={conflicts.newer}", "--no-progress")
    first = DataQualityIssue.objects.filter(
        issue_type="sync-conflict", field_name="weight_kg", batch__is_dry_run=False
    ).earliest("pk")
    later = MigrationBatch.objects.filter(batch_type="pets").latest("pk")
    with pytest.raises(ConflictError) as caught:
        conflict_resolve(issue_id=first.pk, choice=TAKE_OKVET, user_id=reviewer.pk, reason="x")
    assert str(caught.value) == (
        f"issue {first.pk}: batch {later.pk} synced OkVet id 201 again since batch "
        f"{first.batch_id}; resolve the conflicts of batch {later.pk} instead"
    )
    assert Pet.objects.get(pk=conflicts.pet_id).weight_kg == Decimal("13")


@pytest.mark.parametrize(
    ("column", "text", "expected"),
    [("weight_kg", "14", Decimal("14")), ("weight_kg", "", None), ("color", "", ""),
     ("is_deceased", "1", True), ("birth_date", "2018-03-15", "2018-03-15")],
)  # fmt: skip
def test_okvets_value_is_typed_for_its_column(column, text, expected):
    value = okvet_value(Pet, column, text)
    assert (value.isoformat() if hasattr(value, "isoformat") else value) == expected


def test_an_instant_is_read_in_the_clinics_time_zone():
    value = okvet_value(Appointment, "start", "2024-05-06 08:30:00")
    assert shown(value) == "2024-05-06 08:30:00"
    assert value.utcoffset().total_seconds() == 0 and value.hour == 13  # Bogotá is UTC-5
