"""Undoing a run or a batch from the admin: the rollback's preview first, then the rollback;
a refusal is one line with nothing to confirm."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from clinic.models import Invoice, OwnerProfile, Pet
from migration.models import MigrationBatch, MigrationRun

pytestmark = pytest.mark.django_db

RUNS, BATCHES = "/admin/migration/migrationrun/", "/admin/migration/migrationbatch/"


def undo(client, url, pk, **more):
    form = {"action": "rollback", "_selected_action": [pk], **more}
    return client.post(url, form, follow="confirm" in more)


def test_a_batch_is_undone_after_its_preview(staff, clinical):
    batch = MigrationBatch.objects.get(batch_type="invoices")
    invoices = Invoice.objects.count()
    preview = undo(staff, BATCHES, batch.pk)
    page = preview.content.decode()
    assert preview.status_code == 200 and "Se eliminaría" in page
    assert f"Lote {batch.pk}: Facturas (Completado)" in page
    assert 'name="confirm"' in page and 'value="Deshacer: no tiene vuelta atrás"' in page
    assert Invoice.objects.count() == invoices > 0  # a preview changes nothing
    done = undo(staff, BATCHES, batch.pk, confirm="1").content.decode()
    batch.refresh_from_db()
    assert batch.status == "rolled_back" and Invoice.objects.count() == 0
    assert f"Lote {batch.pk} deshecho: " in done and "filas eliminadas." in done


def test_a_batch_later_batches_depend_on_is_refused_in_one_line(staff, clinical):
    owners = MigrationBatch.objects.get(batch_type="clients")
    page = undo(staff, BATCHES, owners.pk).content.decode()
    assert "No se puede deshacer: filas de lotes posteriores dependen de lo que creó" in page
    assert "deshaga primero esos lotes" in page and "--cascade" not in page
    assert 'name="confirm"' not in page
    done = undo(staff, BATCHES, owners.pk, confirm="1").content.decode()
    assert f"Lote {owners.pk}: Clientes/Propietarios (Completado) — No se puede deshacer:" in done
    assert "dependen de lo que creó" in done and "--cascade" not in done
    assert OwnerProfile.objects.filter(source_system="okvet").exists()


def test_a_run_is_undone_after_its_preview(staff, clinical):
    page = undo(staff, RUNS, clinical).content.decode()
    assert page.count("Se eliminaría") == 1 and "Mascotas" in page
    assert Pet.objects.exists()
    done = undo(staff, RUNS, clinical, confirm="1").content.decode()
    batches = MigrationBatch.objects.filter(run_id=clinical).count()
    assert f"Ejecución {clinical} deshecha: " in done and f"en {batches} lotes." in done
    assert MigrationRun.objects.get(pk=clinical).status == "rolled_back"
    assert not Pet.objects.exists() and not OwnerProfile.objects.exists()


def test_a_purged_run_is_refused_with_its_reason(staff, run, fixtures, tmp_path):
    from tests.services.test_purge import import_run

    run_id = import_run(run, fixtures, tmp_path)
    run("purge_migration_sources", f"--run-id={run_id}", "--by=Dr. Pablo", "--no-input")
    page = undo(staff, RUNS, run_id).content.decode()
    assert "No se puede deshacer:" in page and "se purgaron el" in page
    assert 'name="confirm"' not in page


def test_a_batch_a_later_sync_changed_is_refused(staff, run, export, tmp_path):
    from tests.conflicts import make_conflicts

    make_conflicts(run, export, tmp_path)
    first = MigrationBatch.objects.filter(batch_type="pets", is_dry_run=False).order_by("pk")[0]
    page = undo(staff, BATCHES, first.pk).content.decode()
    assert "No se puede deshacer:" in page and "sincronizaciones posteriores" in page
    assert 'name="confirm"' not in page


def test_undoing_needs_its_own_permission(client, clinical):
    user = get_user_model().objects.create_user("viewer", "v@example.com", "x", is_staff=True)
    for codename in ("view_migrationrun", "view_migrationbatch"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    assert 'value="rollback"' not in client.get(RUNS).content.decode()
    undo(client, RUNS, clinical, confirm="1")
    assert MigrationRun.objects.get(pk=clinical).status == "completed"
    user.user_permissions.add(Permission.objects.get(codename="rollback_migrationrun"))
    assert 'value="rollback"' in client.get(RUNS).content.decode()
    assert 'value="rollback"' not in client.get(BATCHES).content.decode()


def test_a_rollback_that_fails_when_confirmed_says_why(staff, clinical, monkeypatch):
    from migration.admin import rollback
    from migration.errors import RollbackError

    def refuse(obj):
        raise RollbackError("the database refused the rollback: {error}", error="locked")

    monkeypatch.setattr(rollback, "undo", refuse)
    batch = MigrationBatch.objects.get(batch_type="invoices")
    done = undo(staff, BATCHES, batch.pk, confirm="1").content.decode()
    assert "— No se puede deshacer: la base de datos rechazó la reversión: locked" in done
    assert MigrationBatch.objects.get(pk=batch.pk).status == "completed"
