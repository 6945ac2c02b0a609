import pytest
from django.core.management.base import CommandError

from accounts.models import User
from clinic.models import OwnerProfile, Pet
from migration.models import ExternalIdMapping, MigrationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_batches(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    return (
        MigrationBatch.objects.get(batch_type="clients"),
        MigrationBatch.objects.get(batch_type="pets"),
    )


def test_rollback_deletes_exactly_what_the_batch_created(run, two_batches):
    owners, pets = two_batches
    native = User.objects.create(username="vet")
    ran = run("rollback_migration", f"--batch-id={pets.pk}", "--no-input")
    assert Pet.objects.count() == 0
    assert OwnerProfile.objects.filter(legacy_id="").count() == 0
    assert OwnerProfile.objects.count() == 5
    assert not ExternalIdMapping.objects.filter(batch=pets).exists()
    pets.refresh_from_db()
    assert pets.status == "rolled_back" and pets.rolled_back_at is not None
    assert f"Batch {pets.pk} rolled back" in ran.out
    run("rollback_migration", f"--batch-id={owners.pk}", "--no-input")
    assert OwnerProfile.objects.count() == 0
    assert list(User.objects.all()) == [native]


def test_rollback_refuses_when_later_batches_depend_on_it(run, two_batches):
    owners, _ = two_batches
    with pytest.raises(CommandError) as caught:
        run("rollback_migration", f"--batch-id={owners.pk}", "--no-input")
    assert caught.value.returncode == 2
    assert "clinic.Pet" in str(caught.value) and "OkVet 201" in str(caught.value)
    assert OwnerProfile.objects.count() == 6


def test_cascade_also_deletes_the_dependents(run, two_batches):
    owners, _ = two_batches
    run("rollback_migration", f"--batch-id={owners.pk}", "--no-input", "--cascade")
    assert Pet.objects.exclude(owner__legacy_id="").count() == 0
    assert not OwnerProfile.objects.exclude(legacy_id="").exists()


def test_dry_run_only_shows_the_plan(run, two_batches):
    _, pets = two_batches
    ran = run("rollback_migration", f"--batch-id={pets.pk}", "--dry-run")
    assert "Would delete: 7 × clinic.Pet" in ran.out
    assert Pet.objects.count() == 7


def test_rolled_back_export_can_be_imported_again(run, fixtures, two_batches):
    _, pets = two_batches
    run("rollback_migration", f"--batch-id={pets.pk}", "--no-input")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    assert Pet.objects.count() == 7
    with pytest.raises(CommandError, match="already rolled back"):
        run("rollback_migration", f"--batch-id={pets.pk}", "--no-input")


def test_unknown_and_dry_run_batches_are_refused(run, fixtures):
    with pytest.raises(CommandError, match="no batch 999"):
        run("rollback_migration", "--batch-id=999")
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}", "--dry-run")
    with pytest.raises(CommandError, match="dry run"):
        run("rollback_migration", f"--batch-id={MigrationBatch.objects.get().pk}")


def test_asks_for_confirmation_on_a_terminal(run, two_batches, monkeypatch):
    _, pets = two_batches
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="cancelled"):
        run("rollback_migration", f"--batch-id={pets.pk}")
    assert Pet.objects.count() == 7
    monkeypatch.setattr("builtins.input", lambda prompt: "s")
    run("rollback_migration", f"--batch-id={pets.pk}")
    assert Pet.objects.count() == 0


def test_never_asks_when_stdin_is_not_a_terminal(run, two_batches, monkeypatch):
    _, pets = two_batches
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    def no_input(prompt):
        raise AssertionError("asked for input")

    monkeypatch.setattr("builtins.input", no_input)
    run("rollback_migration", f"--batch-id={pets.pk}")
    assert Pet.objects.count() == 0
