"""However a job ends, it ends: a bug in the import, the worker told to stop at once, files
gone, a worker process that died (here or on another host) — the job is failed with its line,
never left running."""

import os
import time

import pytest
from django.urls import reverse
from django.utils import translation

from console import execution
from console.execution import job_execute, settle, worker_gone
from console.models import ColumnMapping, ConsoleJob
from console.progress import JobProgress, progress_view
from console.views.jobs import job_payload, summary
from migration.services.lock import HOST
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import as_zip, post_upload, uploaded
from tests.console.test_upload_recognition import text

pytestmark = pytest.mark.django_db
Status, Kind = ConsoleJob.Status, ConsoleJob.Kind


def queued(client) -> ConsoleJob:
    return ConsoleJob.objects.create(upload=uploaded(client), kind=Kind.TRIAL)


def test_a_bug_in_the_import_fails_the_job_with_one_line(staff, uploads, lock_dir, monkeypatch):
    def broken(**kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(execution, "run_import", broken)
    job = queued(staff)
    job_execute(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error.startswith("error inesperado ZeroDivisionError: division by zero (en ")


def test_a_worker_stopped_at_once_fails_the_job_and_stops(staff, uploads, lock_dir, monkeypatch):
    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(execution, "run_import", interrupted)
    job = queued(staff)
    with pytest.raises(KeyboardInterrupt):
        job_execute(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (
        Status.FAILED,
        "El trabajador de tareas se detuvo durante la ejecución.",
    )


def test_files_gone_fail_the_job(staff, uploads, lock_dir):
    job = queued(staff)
    (job.upload.folder_path / "exportacion-okvet" / "propietarios.csv").unlink()
    (job.upload.folder_path / "exportacion-okvet" / "mascotas.csv").unlink()
    (job.upload.folder_path / "exportacion-okvet").rmdir()
    job_execute(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.error == "los archivos de esta carga ya no están"


def test_a_worker_on_another_host_is_gone_once_its_progress_is_stale(staff, uploads, lock_dir):
    job = queued(staff)
    job.status, job.worker = Status.RUNNING, "4711@otro-equipo"
    job.save()
    receiver = JobProgress(job.progress_path)
    receiver.write()
    assert not worker_gone(job)
    receiver.clock = lambda: time.time() - 3600
    receiver.write()
    assert worker_gone(job)
    settle(job)
    assert job.status == Status.FAILED


def test_a_live_worker_here_keeps_its_job(staff, uploads, lock_dir):
    job = queued(staff)
    job.status, job.worker = Status.RUNNING, f"{os.getpid()}@{HOST}"
    job.save()
    assert settle(job).status == Status.RUNNING
    assert summary(job, progress_view({}), "") == "Leyendo la exportación."


def test_between_the_last_table_and_the_end_the_report_is_written(staff, uploads, lock_dir):
    job = queued(staff)
    job.status, job.worker = Status.RUNNING, f"{os.getpid()}@{HOST}"
    job.save()
    receiver = JobProgress(job.progress_path)
    receiver.plan({"clients": 9})
    receiver.begin(batch_type="clients", total=9)
    receiver(9)
    receiver.end(batch_type="clients")
    assert job_payload(job)["summary"] == "Escribiendo el informe."


def test_an_export_without_tables_is_refused(staff, uploads):
    response = post_upload(staff, [("okvet.zip", as_zip([("notas.pdf", b"%PDF")]))])
    assert response.status_code == 400
    assert "okvet.zip: no se encontraron archivos de exportación de OkVet" in text(response)


def test_the_records_read_as_sentences(staff, uploads):
    job = queued(staff)
    mapping = ColumnMapping.objects.create(table="owners", header_key="cel", header="Cel.")
    translation.activate("en")
    assert str(job) == f"Trial {job.pk} (Waiting to start)"
    assert str(job.upload) == f"Upload {job.upload.pk} of {job.upload.created_at.date()}"
    assert str(mapping) == "owners: Cel. → -"
    assert str(job.upload.files.first()) == "mascotas.csv"


def test_the_progress_page_of_a_job_without_a_run(staff, uploads):
    job = queued(staff)
    page = text(staff.get(reverse("console:progress", args=[job.pk])))
    assert "Las tablas aparecen aquí cuando se haya leído la exportación." in page
