"""The uploaded files go with the run's purge: once it commits, the migration's signal has the
console delete the folders of the uploads the run was imported from."""

import pytest
from django.urls import reverse

from console.models import ConsoleJob, upload_root
from console.receivers import delete_purged_uploads
from migration.services.purge import run_purge
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import trial, uploaded
from tests.console.test_upload_recognition import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(staff, uploads, immediate, lock_dir, run):
    job = trial(staff, uploaded(staff))
    staff.post(reverse("console:start_real", args=[job.pk]), {"reviewed": "on"})
    real = ConsoleJob.objects.get(kind=ConsoleJob.Kind.REAL)
    run("signoff_migration", f"--run-id={real.run_id}", "--by=Dra. Gil", "--accept-critical")
    return real


def test_the_purge_deletes_the_upload_folder(imported, uploads, django_capture_on_commit_callbacks):
    uploaded_elsewhere = imported.upload.folder_path.parent / "otra"
    uploaded_elsewhere.mkdir()
    retries = upload_root() / "retries" / str(imported.run.batches.first().pk)
    retries.mkdir(parents=True)
    folder = imported.upload.folder_path
    assert folder.is_dir()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_purge(run_id=imported.run_id, by="Dra. Gil")
    assert len(callbacks) == 1
    assert not folder.exists() and not retries.exists() and uploaded_elsewhere.is_dir()
    imported.upload.refresh_from_db()
    assert imported.upload.purged_at is not None


def test_a_purged_upload_says_so_and_cannot_run_again(
    imported, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_purge(run_id=imported.run_id, by="Dra. Gil")
    page = text(staff.get(reverse("console:upload_detail", args=[imported.upload_id])))
    assert "Sus archivos se borraron el" in page and "Iniciar una prueba" not in page
    response = staff.post(reverse("console:start_trial", args=[imported.upload_id]), follow=True)
    assert "Los archivos de esta carga se borraron con la purga de su ejecución." in text(response)


def test_a_preview_of_the_purge_deletes_nothing(imported, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_purge(run_id=imported.run_id, by="Dra. Gil", dry_run=True)
    assert not callbacks and imported.upload.folder_path.is_dir()


def test_the_receiver_leaves_other_runs_uploads(imported):
    assert delete_purged_uploads(sender=None, run_id=imported.run_id + 1000) == []
    assert imported.upload.folder_path.is_dir()
