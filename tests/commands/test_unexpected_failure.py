"""A batch that fails for any reason — here a converter raising an exception nothing foresaw —
ends ``failed`` (never ``running``), its clinic rows rolled back, its run ``failed``; the user
sees one line naming the error, with exit code 2 when nothing was written and 1 when a run kept
batches it had completed before."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from clinic.models import MedicalRecord, MedicalRecordItem, OwnerProfile, Pet
from migration.convert import cleaners
from migration.load.clinical import ItemLoader
from migration.models import ExternalIdMapping, MigrationBatch, MigrationRecord, MigrationRun
from migration.services.imports import ImportOptions, batch_import

pytestmark = pytest.mark.django_db


def boom(*args, **kwargs):
    raise ValueError("boom")


def failure(run, *args: str) -> CommandError:
    with pytest.raises(CommandError) as failed:
        run(*args, "--no-progress")
    return failed.value


def test_an_unexpected_error_in_the_first_batch_fails_it_and_its_run(run, export, monkeypatch):
    monkeypatch.setattr(cleaners, "normalize_document", boom)  # the owners' converter
    error = failure(run, "import_okvet", f"--source={export}")
    message = str(error)
    assert error.returncode == 2
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith("unexpected error ValueError: boom (at owners.py:")  # its caller
    batch, run_row = MigrationBatch.objects.get(), MigrationRun.objects.get()
    assert (batch.batch_type, batch.status, run_row.status) == ("clients", "failed", "failed")
    assert batch.notes == run_row.notes == message
    assert batch.completed_at is not None and run_row.completed_at is not None
    assert not OwnerProfile.objects.exists() and not Pet.objects.exists()
    assert not MigrationRecord.objects.exists() and not ExternalIdMapping.objects.exists()


def test_a_later_batch_failing_says_which_batches_the_run_kept(run, export, monkeypatch):
    monkeypatch.setattr(cleaners, "map_species", boom)  # the pets' converter
    error = failure(run, "import_okvet", f"--source={export}")
    owners = MigrationBatch.objects.get(batch_type="clients")
    pets = MigrationBatch.objects.get(batch_type="pets")
    run_id = MigrationRun.objects.get().pk
    assert error.returncode == 1 and "\n" not in str(error)
    assert str(error).startswith("unexpected error ValueError: boom (at ")
    assert str(error).endswith(
        f"; run {run_id} kept the batches it had completed ({owners.pk}): "
        f"rollback_migration --run-id={run_id} undoes them"
    )
    assert (owners.status, pets.status, MigrationRun.objects.get().status) == (
        "completed",
        "failed",
        "failed",
    )
    assert OwnerProfile.objects.exists() and not Pet.objects.exists()
    assert not MigrationRecord.objects.filter(batch=pets).exists()
    run("rollback_migration", f"--run-id={run_id}", "--no-input")
    assert not OwnerProfile.objects.exists()


def test_a_dry_run_failing_late_kept_nothing_and_exits_2(run, export, monkeypatch):
    monkeypatch.setattr(cleaners, "map_species", boom)
    error = failure(run, "import_okvet", f"--source={export}", "--dry-run")
    assert error.returncode == 2 and str(error).startswith("unexpected error ValueError: boom")
    assert MigrationRun.objects.get().status == "failed"
    assert not OwnerProfile.objects.exists() and not MigrationBatch.objects.exists()


def test_one_table_command_fails_its_batch(run, fixtures, monkeypatch):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    monkeypatch.setattr(cleaners, "map_species", boom)
    error = failure(run, "import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    pets = MigrationBatch.objects.get(batch_type="pets")
    assert error.returncode == 2 and pets.status == "failed" and pets.notes == str(error)
    assert not Pet.objects.exists()


def test_a_command_of_several_batches_says_which_it_kept(run, fixtures, monkeypatch):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    monkeypatch.setattr(ItemLoader, "create", boom)  # the prescriptions' lines, loaded second
    records = fixtures / "records"
    error = failure(
        run,
        "import_okvet_records",
        f"--file={records / 'formulas_items.csv'}",
        f"--file={records / 'formulas_cabecera.csv'}",
    )
    header = MigrationBatch.objects.get(batch_type="prescriptions")
    lines = MigrationBatch.objects.get(batch_type="prescription_items")
    assert (header.status, lines.status) == ("completed", "failed")
    assert error.returncode == 1 and "\n" not in str(error)
    assert str(error).startswith("unexpected error ValueError: boom (at base.py:")  # the loader
    assert str(error).endswith(
        f"; the batches completed before it were kept ({header.pk}): "
        "rollback_migration --batch-id undoes each"
    )
    assert MedicalRecord.objects.exists() and not MedicalRecordItem.objects.exists()


def test_a_dry_run_of_several_batches_failing_late_exits_2(run, fixtures, monkeypatch):
    monkeypatch.setattr(ItemLoader, "create", boom)
    records = fixtures / "records"
    error = failure(
        run,
        "import_okvet_records",
        f"--file={records / 'formulas_cabecera.csv'}",
        f"--file={records / 'formulas_items.csv'}",
        "--dry-run",
    )
    assert error.returncode == 2 and "kept" not in str(error)
    assert not MedicalRecord.objects.exists()


@pytest.mark.parametrize("parallel", [False, True], ids=["in process", "in a worker"])
def test_the_batch_fails_whether_converted_in_process_or_in_a_worker(
    fixtures, monkeypatch, parallel
):
    monkeypatch.setattr(cleaners, "normalize_document", boom)
    options = ImportOptions(
        files=[str(fixtures / "engine" / "propietarios.csv")], parallel=parallel
    )
    with pytest.raises(Exception, match=r"^unexpected error ValueError: boom \(at ") as caught:
        batch_import(batch_type="clients", options=options)
    batch = MigrationBatch.objects.get()
    assert (batch.status, batch.notes) == ("failed", str(caught.value))
    assert not OwnerProfile.objects.exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [("--time-zone=Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
     ("--region=XX", "unknown region 'XX': a country code such as CO or MX")],
)  # fmt: skip
def test_a_wrong_argument_writes_no_run_and_no_batch(run, export, option, message):
    error = failure(run, "import_okvet", f"--source={export}", option)
    assert (error.returncode, str(error)) == (2, message)
    assert not MigrationRun.objects.exists() and not MigrationBatch.objects.exists()
