"""Runs and batches left ``running`` by a dead process: recognised, said, checked, marked in
the admin, cleared by a rollback or completed by importing the same export again."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone, translation

from clinic.models import OwnerProfile, Pet
from migration.load.pets import PetLoader
from migration.load.tracking import TrackingSpool
from migration.models import ExternalIdMapping, MigrationBatch, MigrationRecord, MigrationRun
from migration.services import lock
from migration.services.interrupted import describe, interrupted_imports
from migration.services.lock import lock_path

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """The process dying: no ``except`` of the import catches it, nothing closes the rows."""


@pytest.fixture(autouse=True)
def lock_dir(settings, tmp_path, monkeypatch):
    settings.MIGRATION_LOCK_DIR = str(tmp_path / "locks")
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.1)


@pytest.fixture
def killed_in_pets(monkeypatch):
    """The import dies while loading pets, after the owners batch committed."""

    def die(self, row, conv):
        raise Killed

    monkeypatch.setattr(PetLoader, "create", die)
    yield
    monkeypatch.undo()


def _kill(run, *args: str) -> None:
    with pytest.raises(Killed):
        run(*args)


def _stale_run(dry: bool = False) -> MigrationRun:
    return MigrationRun.objects.create(source="/exports/okvet.zip", is_dry_run=dry)


def _check(run, tmp_path, name="no_interrupted_imports") -> dict:
    out = tmp_path / "verify.json"
    with contextlib.suppress(CommandError):
        run("verify_migration", f"--json={out}")
    return next(c for c in json.loads(out.read_text())["checks"] if c["name"] == name)


def test_a_killed_import_is_interrupted(run, export, killed_in_pets):
    _kill(run, "import_okvet", f"--source={export}", "--no-progress")
    stopped = MigrationRun.objects.get()
    assert stopped.status == "running"
    clients, pets = MigrationBatch.objects.order_by("pk")
    assert (clients.status, pets.status) == ("completed", "running")
    assert clients.imported_count == OwnerProfile.objects.count() > 0
    assert not Pet.objects.exists() and not pets.records.exists()
    found = interrupted_imports()
    assert [(f.kind, f.id) for f in found] == [("run", stopped.pk)]


def test_rows_of_a_live_import_are_not_interrupted(other_holder):
    before = _stale_run()
    other_holder(since=timezone.now() + timedelta(seconds=1))
    assert [f.id for f in interrupted_imports()] == [before.pk]
    live = _stale_run()
    MigrationRun.objects.filter(pk=live.pk).update(created_at=timezone.now() + timedelta(seconds=2))
    assert [f.id for f in interrupted_imports()] == [before.pk]


@pytest.fixture
def other_holder():
    """The lock held by another live process since ``since``."""
    opened = []

    def hold(since) -> None:
        path = lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.pwrite(fd, json.dumps({"pid": 4711, "since": since.isoformat()}).encode(), 0)
        opened.append(fd)

    yield hold
    for fd in opened:
        os.close(fd)


def test_an_import_while_another_runs_is_refused(run, export, other_holder):
    other_holder(since=timezone.now())
    with pytest.raises(CommandError) as refused:
        run("import_okvet", f"--source={export}", "--no-progress")
    assert refused.value.returncode == 2
    assert "another import is running (process 4711" in str(refused.value)
    assert not MigrationRun.objects.exists()
    with pytest.raises(CommandError, match="another import is running"):
        run("rollback_migration", "--run-id=1", "--no-input")


def test_the_import_says_so_in_one_spanish_line(run, fixtures):
    stopped = _stale_run()
    with translation.override("es"):
        ran = run("import_okvet_clients", f"--file={fixtures / 'engine/propietarios.csv'}")
    first = ran.out.splitlines()[0]
    assert f"La ejecución {stopped.pk} quedó interrumpida" in first
    assert f"rollback_migration --run-id={stopped.pk}" in first


def test_each_kind_has_its_line():
    batch = MigrationBatch.objects.create(
        batch_type="pets", source_file="mascotas.csv", status="running"
    )
    dry = _stale_run(dry=True)
    lines = {(f.kind, f.id): describe(f) for f in interrupted_imports()}
    assert f"rollback_migration --batch-id={batch.pk}" in lines["batch", batch.pk]
    assert "kept nothing" in lines["run", dry.pk]


def test_verify_fails_naming_it_until_rollback_clears_it(
    run, export, killed_in_pets, tmp_path, monkeypatch
):
    _kill(run, "import_okvet", f"--source={export}", "--no-progress")
    monkeypatch.undo()
    stopped = MigrationRun.objects.get()
    check = _check(run, tmp_path)
    assert not check["passed"] and check["count"] == 1
    assert check["examples"] == [f"run {stopped.pk} ({export})"]
    with pytest.raises(CommandError) as failed:
        run("verify_migration")
    assert failed.value.returncode == 1
    done = run("rollback_migration", f"--run-id={stopped.pk}", "--no-input")
    assert f"Run {stopped.pk} rolled back" in done.out
    assert not OwnerProfile.objects.exists()
    stopped.refresh_from_db()
    assert stopped.status == "rolled_back"
    assert set(MigrationBatch.objects.values_list("status", flat=True)) == {"rolled_back"}
    assert interrupted_imports() == []
    assert _check(run, tmp_path)["passed"]


def test_importing_the_same_export_again_completes_it(run, export, killed_in_pets, monkeypatch):
    _kill(run, "import_okvet", f"--source={export}", "--no-progress")
    monkeypatch.undo()
    stopped = MigrationRun.objects.get()
    owners = sorted(OwnerProfile.objects.values_list("legacy_id", flat=True))
    ran = run("import_okvet", f"--source={export}", "--no-progress")
    assert f"Run {stopped.pk} was interrupted" in ran.out.splitlines()[0]
    assert f"Run {stopped.pk}, interrupted, is completed by this run." in ran.out
    # nothing imported twice: the same owners, and the pets batch's placeholder for an orphan
    mapped = ExternalIdMapping.objects.filter(source_type="placeholder-owner").values("target_id")
    assert (
        sorted(OwnerProfile.objects.exclude(pk__in=mapped).values_list("legacy_id", flat=True))
        == owners
    )
    completing = MigrationBatch.objects.filter(run__pk__gt=stopped.pk, batch_type="clients").get()
    assert completing.summary["counts"]["unchanged"] > 0
    assert Pet.objects.count() == 7
    assert Pet.objects.values("legacy_id").distinct().count() == 7
    stopped.refresh_from_db()
    assert stopped.status == "failed" and "completed by run" in stopped.notes
    pets = MigrationBatch.objects.get(run=stopped, batch_type="pets")
    assert pets.status == "failed" and "nothing of it was kept" in pets.notes
    assert interrupted_imports() == []


def test_another_export_does_not_complete_it(run, fixtures, export, killed_in_pets, monkeypatch):
    _kill(run, "import_okvet", f"--source={export}", "--no-progress")
    monkeypatch.undo()
    other = export.parent / "other"
    shutil.copytree(export, other)
    ran = run("import_okvet", f"--source={other}", "--no-progress")
    assert "is completed by this run" not in ran.out
    assert [f.kind for f in interrupted_imports()] == ["run"]


def test_a_run_whose_running_batch_kept_rows_is_not_completed(run, export):
    stopped = _stale_run()
    MigrationRun.objects.filter(pk=stopped.pk).update(source=str(export))
    kept = MigrationBatch.objects.create(
        run=stopped, batch_type="pets", source_file="mascotas.csv", status="running"
    )
    MigrationRecord.objects.create(batch=kept, source_id="201")
    ran = run("import_okvet", f"--source={export}", "--no-progress")
    assert "is completed by this run" not in ran.out
    assert [f.id for f in interrupted_imports()] == [stopped.pk]


def test_an_interrupted_dry_run_is_closed_by_the_next_import(run, fixtures, tmp_path):
    dry = _stale_run(dry=True)
    batch = MigrationBatch.objects.create(
        run=dry, batch_type="clients", source_file="x", status="running", is_dry_run=True
    )
    alone = MigrationBatch.objects.create(
        batch_type="pets", source_file="x", status="running", is_dry_run=True
    )
    assert _check(run, tmp_path)["passed"]  # a dry run kept nothing: verify does not count it
    ran = run("import_okvet_clients", f"--file={fixtures / 'engine/propietarios.csv'}")
    assert f"Dry run {dry.pk} was interrupted" in ran.out
    for row in (dry, batch, alone):
        row.refresh_from_db()
        assert row.status == "failed" and "Interrupted dry run" in row.notes
    assert interrupted_imports() == []


def test_a_lone_batch_is_cleared_by_its_rollback(run):
    batch = MigrationBatch.objects.create(
        batch_type="pets", source_file="mascotas.csv", status="running"
    )
    run("rollback_migration", f"--batch-id={batch.pk}", "--no-input")
    batch.refresh_from_db()
    assert batch.status == "rolled_back" and interrupted_imports() == []


def test_the_admin_marks_and_filters_them(client, run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine/propietarios.csv'}")
    stopped = _stale_run()
    alone = MigrationBatch.objects.create(batch_type="pets", source_file="x", status="running")
    user = get_user_model().objects.create_superuser("owner", "o@example.com", "x")
    client.force_login(user)
    runs = client.get("/admin/migration/migrationrun/", {"interrupted": "yes"}).content.decode()
    assert "/exports/okvet.zip" in runs and "icon-yes" in runs
    batches = client.get("/admin/migration/migrationbatch/", {"interrupted": "yes"})
    assert batches.context["cl"].result_count == 1
    assert list(batches.context["cl"].result_list) == [alone]
    others = client.get("/admin/migration/migrationbatch/", {"interrupted": "no"})
    assert alone not in others.context["cl"].result_list
    assert others.context["cl"].result_count == MigrationBatch.objects.count() - 1
    assert stopped.pk


@pytest.mark.django_db(transaction=True)
def test_a_batch_is_finished_in_the_transaction_of_its_rows(run, fixtures, monkeypatch):
    """Killed the moment its rows are committed, a batch is completed with its counts."""
    write = TrackingSpool.write

    def then_die(self):
        write(self)
        transaction.on_commit(lambda: (_ for _ in ()).throw(Killed()))

    monkeypatch.setattr(TrackingSpool, "write", then_die)
    with pytest.raises(Killed):
        run("import_okvet_clients", f"--file={fixtures / 'engine/propietarios.csv'}")
    batch = MigrationBatch.objects.get()
    assert batch.status == "completed"
    assert batch.imported_count == OwnerProfile.objects.count() > 0
    assert batch.total_records == batch.records.count() == 9
    assert ExternalIdMapping.objects.filter(batch=batch).exists()
