"""The trial, the real run and the sync as background tasks (run at once here, by the
ImmediateBackend): each job ends completed or failed with its one line, never running; a real
run starts only from a reviewed trial of the same files; one import at a time."""

import os

import pytest
from django.urls import reverse

from clinic.models import OwnerProfile, Pet
from console import tasks
from console.execution import job_execute, settle
from console.models import ConsoleJob
from console.runs import StartRefused, real_start
from migration.models import MigrationRun
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import engine_files, trial, uploaded
from tests.console.test_upload_recognition import text

pytestmark = pytest.mark.django_db
Status, Kind = ConsoleJob.Status, ConsoleJob.Kind


def real(client, job, reviewed=True):
    data = {"reviewed": "on"} if reviewed else {}
    return client.post(reverse("console:start_real", args=[job.pk]), data, follow=True)


def test_a_trial_imports_nothing_and_keeps_its_report(staff, uploads, immediate, lock_dir):
    job = trial(staff, uploaded(staff))
    assert (job.kind, job.status, job.error) == (Kind.TRIAL, Status.COMPLETED, "")
    assert job.run.is_dry_run and job.run.status == "completed"
    kinds = set(job.run.batches.values_list("batch_type", flat=True))
    assert {"clients", "pets"} <= kinds and not OwnerProfile.objects.exists()
    assert job.started_at <= job.finished_at and job.worker.startswith(f"{os.getpid()}@")
    tables = {t["batch_type"]: t for t in job.progress["tables"]}
    assert tables["clients"]["total"] == 9 and tables["clients"]["done"] == 9
    assert tables["pets"]["ended"] is not None


def test_the_real_run_needs_the_trial_reviewed(staff, uploads, immediate, lock_dir):
    job = trial(staff, uploaded(staff))
    page = text(real(staff, job, reviewed=False))
    assert "Lea primero el informe de la prueba" in page
    assert not ConsoleJob.objects.filter(kind=Kind.REAL).exists()
    real(staff, job)
    done = ConsoleJob.objects.get(kind=Kind.REAL)
    assert done.status == Status.COMPLETED and done.trial == job and not done.run.is_dry_run
    job.refresh_from_db()
    assert job.reviewed_by == staff.user and job.reviewed_at is not None
    assert OwnerProfile.objects.count() > 0 and Pet.objects.count() > 0
    assert "Esta prueba ya se importó de verdad." in text(real(staff, job))


def test_a_real_run_after_a_first_one_is_a_sync(staff, uploads, immediate, lock_dir):
    real(staff, trial(staff, uploaded(staff)))
    real(staff, trial(staff, uploaded(staff)))
    sync = ConsoleJob.objects.filter(kind=Kind.SYNC).get()
    assert (
        sync.status == Status.COMPLETED
        and MigrationRun.objects.filter(is_dry_run=False).count() == 2
    )


def test_a_trial_of_other_files_does_not_start_a_real_run(staff, uploads, immediate, lock_dir):
    job = trial(staff, uploaded(staff))
    upload = job.upload
    upload.mapping = {"owners": {"Otra": "email"}}
    upload.save()
    assert "cambiaron desde esta prueba" in text(real(staff, job))
    with pytest.raises(StartRefused):
        real_start(trial=job, user=staff.user, reviewed=True)


def test_files_changed_on_disk_fail_the_real_run(staff, uploads, immediate, lock_dir):
    job = trial(staff, uploaded(staff))
    path = job.upload.folder_path / "exportacion-okvet" / "propietarios.csv"
    path.write_bytes(path.read_bytes() + b"999,Nueva,,,,,,,,,,,,,,,,,\n")
    real(staff, job)
    failed = ConsoleJob.objects.get(kind=Kind.REAL)
    assert failed.status == Status.FAILED
    assert "los archivos cargados o su correspondencia de columnas cambiaron" in failed.error
    assert not OwnerProfile.objects.exists()


def test_start_is_refused_while_an_import_runs(staff, uploads, immediate, lock_held_elsewhere):
    upload = uploaded(staff)
    response = staff.post(reverse("console:start_trial", args=[upload.pk]), follow=True)
    assert "otra importación está en curso" in text(response)
    assert not ConsoleJob.objects.exists()


def test_a_job_refused_by_the_lock_fails_with_its_line(staff, uploads, lock_held_elsewhere):
    upload = uploaded(staff)
    job = ConsoleJob.objects.create(upload=upload, kind=Kind.TRIAL, created_by=staff.user)
    assert job_execute(job.pk) == {"job": job.pk, "status": Status.FAILED}
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.finished_at is not None
    assert job.error.startswith("otra importación está en curso (proceso ")
    assert not MigrationRun.objects.exists()
    page = text(staff.get(reverse("console:progress", args=[job.pk])))
    assert "Fallido — Se detuvo: otra importación está en curso" in page


def test_a_job_runs_once(staff, uploads, immediate, lock_dir):
    job = trial(staff, uploaded(staff))
    assert job_execute(job.pk) == {"job": job.pk, "status": Status.COMPLETED}
    assert MigrationRun.objects.count() == 1


def test_a_second_job_waits_for_the_first(staff, uploads, lock_dir, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload = uploaded(staff)
    job = trial(staff, upload)
    assert job.status == Status.QUEUED and job.task_id
    response = staff.post(reverse("console:start_trial", args=[upload.pk]), follow=True)
    assert "Otra ejecución de la consola no ha terminado" in text(response)
    page = text(staff.get(reverse("console:progress", args=[job.pk])))
    assert "Esperando a que el trabajador de tareas la empiece" in page


def test_a_dead_worker_leaves_no_job_running(staff, uploads, lock_dir):
    job = ConsoleJob.objects.create(
        upload=uploaded(staff), kind=Kind.TRIAL, status=Status.RUNNING, worker="0@otro-equipo"
    )
    job.worker = f"{2**22 + 12345}@{os.uname().nodename}"
    job.save()
    settle(job)
    assert job.status == Status.FAILED and "se detuvo antes de que terminara" in job.error


def test_a_queue_that_cannot_be_reached_fails_the_job(staff, uploads, lock_dir, monkeypatch):
    class Unreachable:
        def enqueue(self, *args):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setitem(tasks.TASKS, Kind.TRIAL, Unreachable())
    job = trial(staff, uploaded(staff))
    assert job.status == Status.FAILED and job.finished_at is not None
    assert job.error == (
        "No se pudo poner la ejecución en la cola del trabajador de tareas: Error 111 "
        "connecting to 127.0.0.1:6379. Connection refused."
    )


def test_a_complete_export_deactivates_what_okvet_no_longer_holds(
    staff, uploads, immediate, lock_dir
):
    real(staff, trial(staff, uploaded(staff)))
    active = OwnerProfile.objects.filter(is_active=True).count()
    name, owners = next(f for f in engine_files() if f[0] == "propietarios.csv")
    fewer = [
        (name, b"".join(line for line in owners.splitlines(True) if b"Ana Torres" not in line))
    ]
    real(staff, trial(staff, uploaded(staff, fewer)))  # partial: the owner left out stays
    assert OwnerProfile.objects.filter(is_active=True).count() == active > 1
    upload = uploaded(staff, fewer)
    staff.post(reverse("console:start_trial", args=[upload.pk]), {"full_export": "on"})
    complete = ConsoleJob.objects.filter(upload=upload).get()
    assert complete.full_export and complete.status == Status.COMPLETED
    assert "Fue una exportación completa" in text(
        staff.get(reverse("console:upload_detail", args=[upload.pk]))
    )
    real(staff, complete)
    sync = ConsoleJob.objects.filter(trial=complete).get()
    assert sync.full_export and sync.status == Status.COMPLETED, sync.error
    assert OwnerProfile.objects.filter(is_active=True).count() == active - 1
    assert not OwnerProfile.objects.get(full_name="Ana Torres").is_active
