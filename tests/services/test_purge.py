"""The purge of a signed-off run's source rows: what goes, what stays, what refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from clinic.models import OwnerProfile
from migration.errors import PurgeError, RollbackError
from migration.models import (
    DataQualityIssue,
    ExternalIdMapping,
    MigrationBatch,
    MigrationRecord,
    MigrationRun,
    MigrationSignoff,
    SyncChange,
)
from migration.services.compare import migration_compare
from migration.services.purge import local, masked_description, run_purge
from migration.services.rollback import batch_rollback, run_rollback
from migration.services.verify import migration_verify

pytestmark = pytest.mark.django_db

FILES = (
    ("engine", "propietarios.csv"),
    ("engine", "mascotas.csv"),
    ("records", "consultas.csv"),
    ("records", "vacunaciones.csv"),
)
NEEDLES = (
    "52.123.456",  # a document number
    "+573001112233",  # a mobile
    "3104445566",  # a phone given as a document (an issue's value)
    "MARIA PEREZ GOMEZ",  # a name
    "not-an-email@",  # an e-mail (an issue's value)
    "Calle 45 # 12-34",  # an address
    "Vomita hace 2",  # a consult's anamnesis (health data)
)
TEXT = (models.CharField, models.TextField, models.JSONField)


def import_run(run, fixtures: Path, tmp_path: Path, *, sign: bool = True) -> int:
    """A whole export (owners, pets, consults, vaccinations) imported, signed off if asked."""
    folder = tmp_path / "export"
    folder.mkdir()
    for sub, name in FILES:
        shutil.copy(fixtures / sub / name, folder / name)
    run("import_okvet", f"--source={folder}")
    run_id = MigrationRun.objects.get().pk
    if sign:
        run("signoff_migration", f"--run-id={run_id}", "--by=Dr. Pablo", "--accept-critical")
    return run_id


def found_in_migration_tables(needle: str) -> list[str]:
    """Every text and JSON column of every model of the migration app holding ``needle``."""
    found = []
    for model in apps.get_app_config("migration").get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        for pk, *values in model._base_manager.values_list("pk", *names):
            found += [
                f"{model.__name__}#{pk}.{name}"
                for name, value in zip(names, values, strict=True)
                if needle in str(value)
            ]
    return found


def state() -> dict:
    """What the purge must keep: counts, codes, OkVet ids, the ID map, the sign-off."""
    return {
        "batches": list(
            MigrationBatch.objects.order_by("pk").values_list(
                "pk", "status", "total_records", "imported_count", "error_count", "summary"
            )
        ),
        "records": list(
            MigrationRecord.objects.order_by("pk").values_list(
                "pk", "status", "source_id", "source_file", "source_row", "target_id"
            )
        ),
        "codes": list(
            DataQualityIssue.objects.order_by("pk").values_list(
                "pk", "issue_type", "severity", "field_name", "source_id", "source_row"
            )
        ),
        "mappings": list(
            ExternalIdMapping.objects.order_by("pk").values_list("source_type", "source_id")
        ),
        "signoff": list(MigrationSignoff.objects.values_list("report_sha256", "report_html")),
    }


@pytest.fixture
def signed(run, fixtures, tmp_path) -> int:
    return import_run(run, fixtures, tmp_path)


def test_no_source_value_is_left_in_the_migration_tables(signed):
    clients = MigrationBatch.objects.get(batch_type="clients")
    SyncChange.objects.create(
        batch=clients,
        kind="changed",
        source_type="clients",
        source_id="101",
        target_model="clinic.OwnerProfile",
        target_id=OwnerProfile.objects.get(legacy_id="101").pk,
        before={"mobile": "+573001112233"},
        after={"mobile": "+573001119999", "address": "Calle 45 # 12-34"},
    )
    for needle in NEEDLES:
        assert found_in_migration_tables(needle), needle
    assert MigrationRecord.objects.exclude(error_message="").exists()
    result = run_purge(run_id=signed, by="Dr. Pablo")
    assert not MigrationRecord.objects.exclude(error_message="").exists()
    assert {n: found_in_migration_tables(n) for n in NEEDLES} == dict.fromkeys(NEEDLES, [])
    assert (result.records, result.batches) == (MigrationRecord.objects.count(), 5)
    assert result.issues == DataQualityIssue.objects.count() > 0
    assert not MigrationRecord.objects.exclude(source_data={}).exists()
    assert not DataQualityIssue.objects.exclude(source_value="").exists()
    assert SyncChange.objects.values_list("before", "after").get() == ({}, {})
    # the clinic's own data stays: it is the clinic's record of the owner now
    assert OwnerProfile.objects.filter(ident_number_normalized="52123456").exists()


def test_counts_codes_ids_mappings_and_the_signoff_stay(signed):
    before = state()
    run_purge(run_id=signed, by="Dr. Pablo")
    assert state() == before
    purged = MigrationRun.objects.get(pk=signed)
    assert purged.purged_by == "Dr. Pablo" and purged.purged_at is not None


def test_an_issue_keeps_its_message_without_its_values(signed):
    run_purge(run_id=signed, by="Dr. Pablo")
    issue = DataQualityIssue.objects.filter(issue_type="phone-as-document").get()
    assert issue.description == (
        "The identity document is the phone number …; kept as a phone, not a document."
    )
    assert masked_description("no-such-code") == ""


def test_one_update_per_table_whatever_the_number_of_rows(signed):
    with CaptureQueriesContext(connection) as queries:
        run_purge(run_id=signed, by="Dr. Pablo")
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    record_table = MigrationRecord._meta.db_table
    issue_table = DataQualityIssue._meta.db_table
    codes = DataQualityIssue.objects.values("issue_type").distinct().count()
    assert sum(f'"{record_table}"' in sql for sql in updates) == 1
    assert sum(f'"{issue_table}"' in sql for sql in updates) == codes
    assert len(updates) == 1 + codes + 2  # records, issues per code, sync changes, the run


def test_an_unsigned_run_is_refused_and_nothing_changes(run, fixtures, tmp_path):
    run_id = import_run(run, fixtures, tmp_path, sign=False)
    before = state()
    with pytest.raises(PurgeError, match=f"run {run_id} is not signed off"):
        run_purge(run_id=run_id, by="Dr. Pablo")
    assert state() == before and found_in_migration_tables(NEEDLES[0])
    assert MigrationRun.objects.get().purged_at is None


def test_purging_twice_says_so_and_changes_nothing(signed):
    run_purge(run_id=signed, by="Dr. Pablo")
    first = MigrationRun.objects.values_list("purged_at", "purged_by").get()
    with pytest.raises(PurgeError, match="already purged on .* by Dr. Pablo; nothing changed"):
        run_purge(run_id=signed, by="Someone else")
    assert MigrationRun.objects.values_list("purged_at", "purged_by").get() == first


@pytest.mark.parametrize(
    ("run_id", "by", "message"), [(999, "X", "there is no run 999"), (None, " ", "say who purges")]
)
def test_what_cannot_be_purged(signed, run_id, by, message):
    with pytest.raises(PurgeError, match=message):
        run_purge(run_id=run_id or signed, by=by)


def test_a_preview_counts_and_changes_nothing(signed):
    before = state()
    preview = run_purge(run_id=signed, by="Dr. Pablo", dry_run=True)
    assert preview.dry_run and preview.records == MigrationRecord.objects.count()
    assert state() == before and MigrationRun.objects.get().purged_at is None


def test_a_purged_run_cannot_be_rolled_back(signed):
    run_purge(run_id=signed, by="Dr. Pablo")
    pets = MigrationBatch.objects.get(batch_type="pets")
    for attempt in (
        lambda: run_rollback(run_id=signed),
        lambda: run_rollback(run_id=signed, dry_run=True),
        lambda: batch_rollback(batch_id=pets.pk),
    ):
        with pytest.raises(RollbackError, match=f"run {signed} cannot be rolled back: its source"):
            attempt()
    assert not MigrationBatch.objects.filter(status="rolled_back").exists()


def test_verify_shows_the_signed_read_back_of_a_purged_run(signed):
    before = migration_verify(run_id=signed)
    assert before.readback.tables and not before.purged
    run_purge(run_id=signed, by="Dr. Pablo")
    after = migration_verify(run_id=signed)
    assert after.readback.tables == {} and after.readback.disagreements == []
    (purged,) = after.purged
    signoff = MigrationSignoff.objects.get()
    assert (purged.run_id, purged.report_sha256) == (signed, signoff.report_sha256)
    assert purged.read_back_passed
    check = next(c for c in after.checks if c.name == "cells_read_back")
    assert check.passed and check.examples == [f"run {signed}: sources purged, passed as signed"]
    assert after.types == before.types and after.issues == before.issues
    assert after.cells == before.cells


def test_verify_fails_the_read_back_of_a_purged_run_signed_failing(run, fixtures, tmp_path):
    run_id = import_run(run, fixtures, tmp_path, sign=False)
    OwnerProfile.objects.filter(legacy_id="101").update(city="Cali")
    run("signoff_migration", f"--run-id={run_id}", "--by=Dr. Pablo", "--accept-critical")
    assert "cells_read_back" in MigrationSignoff.objects.get().failed_checks
    run_purge(run_id=run_id, by="Dr. Pablo")
    check = next(c for c in migration_verify(run_id=run_id).checks if c.name == "cells_read_back")
    assert not check.passed
    assert check.examples == [f"run {run_id}: sources purged, failed as signed"]


def test_compare_shows_a_purged_runs_rows_without_source_values(signed):
    run_purge(run_id=signed, by="Dr. Pablo")
    sample = migration_compare(per_type=3)
    assert sample.pairs and all(p.purged and p.cells == [] for p in sample.pairs)
    assert sample.purged == [
        f"Run {signed}: source rows purged on {_local(signed)} by Dr. Pablo; its rows are "
        "shown without their source values."
    ]


def test_a_pets_history_after_the_purge_finds_its_imported_rows(signed):
    def rows() -> set[tuple[str, str, str]]:
        found = migration_compare(pet_id="201").pairs
        return {(p.batch_type, p.source_id, p.status) for p in found}

    before = rows()
    run_purge(run_id=signed, by="Dr. Pablo")
    after = rows()
    assert {row for row in before if row[2] == "imported"} <= after
    # found through what it became, the pet's attachment too (its source row names no pet)
    ((kind, source_id, status),) = after - before
    assert (kind, status) == ("files", "imported") and source_id.endswith(":VetFiles/3/rx.jpg")
    assert {kind for kind, _, _ in after} == {"pets", "consults", "vaccinations", "files"}


def _local(run_id: int) -> str:
    return local(MigrationRun.objects.get(pk=run_id).purged_at)
