"""A dry run checks what COMMIT checks: a row breaking a deferred foreign key fails it as it
fails the real run, with the same one line and exit code, and nothing is written."""

from __future__ import annotations

import shutil

import pytest
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from clinic.models import OwnerProfile, Pet
from migration.load.writer import TableWriter
from migration.models import MigrationBatch, MigrationRun
from migration.services.constraints import WrittenTables, check_deferred, watched

pytestmark = pytest.mark.django_db(transaction=True)

MISSING_OWNER = 987_654_321


@pytest.fixture
def dangling_owner(monkeypatch):
    """The pets loader writes an owner id no row has: refused only at COMMIT."""
    write = TableWriter.write

    def dangling(self, rows):
        if self.model is Pet:
            at = self.columns.index("owner_id")
            rows = [(*row[:at], MISSING_OWNER, *row[at + 1 :]) for row in rows]
        return write(self, rows)

    monkeypatch.setattr(TableWriter, "write", dangling)


def _failure(run, *args: str) -> CommandError:
    with pytest.raises(CommandError) as failed:
        run(*args)
    return failed.value


def test_a_dry_run_fails_where_the_real_run_fails_at_commit(run, fixtures, dangling_owner):
    run("import_okvet_clients", f"--file={fixtures / 'engine/propietarios.csv'}", "--no-progress")
    pets = f"--file={fixtures / 'engine/mascotas.csv'}"
    dry = _failure(run, "import_okvet_pets", pets, "--dry-run", "--no-progress")
    assert Pet.objects.count() == 0
    real = _failure(run, "import_okvet_pets", pets, "--no-progress")
    assert Pet.objects.count() == 0
    assert dry.returncode == real.returncode == 2
    assert str(dry) == str(real)
    assert str(real).startswith("the database refused the import:")
    assert "\n" not in str(real)
    if connection.vendor == "postgresql":
        assert str(MISSING_OWNER) in str(real)
    failed = MigrationBatch.objects.filter(batch_type="pets", status="failed")
    assert sorted(failed.values_list("is_dry_run", flat=True)) == [False, True]


def test_a_whole_export_dry_run_fails_as_its_real_run(run, fixtures, tmp_path, dangling_owner):
    export = tmp_path / "export"
    export.mkdir()
    for name in ("propietarios.csv", "mascotas.csv"):
        shutil.copy(fixtures / "engine" / name, export / name)
    dry = _failure(run, "import_okvet", f"--source={export}", "--dry-run", "--no-progress")
    assert OwnerProfile.objects.count() == 0
    real = _failure(run, "import_okvet", f"--source={export}", "--no-progress")
    assert Pet.objects.count() == 0
    assert OwnerProfile.objects.exists()  # the real run's owners batch committed before
    # the same line; the real run's says which batch it kept, and so exits 1, not 2
    assert str(real).startswith(f"{dry}; run ") and "kept the batches" in str(real)
    assert (dry.returncode, real.returncode) == (2, 1)


def test_a_clean_dry_run_still_passes_and_keeps_nothing(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine/propietarios.csv'}", "--no-progress")
    ran = run("import_okvet_pets", f"--file={fixtures / 'engine/mascotas.csv'}", "--dry-run")
    assert "DRY RUN" in ran.out and Pet.objects.count() == 0


def test_the_tables_written_are_seen_in_the_statements():
    written = WrittenTables()
    with transaction.atomic(), connection.execute_wrapper(written):
        run_row = MigrationRun.objects.create(source="x")
        MigrationBatch.objects.filter(pk=0).update(notes="x")
        MigrationRun.objects.filter(pk=run_row.pk).delete()
        transaction.set_rollback(True)
    runs, batches = MigrationRun._meta.db_table, MigrationBatch._meta.db_table
    assert {runs, batches} <= written.tables
    assert written.parents == {runs}  # deleted from; updated is not a parent
    # a deleted run may still be named by a batch: batches are checked too
    assert batches in written.to_check()
    assert WrittenTables().to_check() == []


def test_a_deleted_parent_still_named_is_found():
    with transaction.atomic():
        run_row = MigrationRun.objects.create(source="x")
        MigrationBatch.objects.create(run=run_row, batch_type="pets", source_file="x")
        with watched() as written, connection.cursor() as cursor:
            table = connection.ops.quote_name(MigrationRun._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [run_row.pk])
        assert written.tables == {MigrationRun._meta.db_table}
        with pytest.raises(IntegrityError):
            check_deferred(written)
        transaction.set_rollback(True)


def test_a_written_table_without_violations_passes():
    with transaction.atomic():
        with watched() as written:
            MigrationRun.objects.create(source="x")
        check_deferred(written)
        transaction.set_rollback(True)


def test_nothing_is_watched_in_a_real_run():
    with watched(enabled=False) as written:
        MigrationRun.objects.create(source="x")
    assert written.tables == set()
