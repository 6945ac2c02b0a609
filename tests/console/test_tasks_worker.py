"""The tasks through real backends: the database backend's worker (in this process, and as
``manage.py db_worker`` in a process of its own against a SQLite file, as ``bin/console``
runs it), and the Redis backend when a Redis server answers at 127.0.0.1:6379."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from console.models import ConsoleJob
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import trial, uploaded

ROOT = Path(__file__).resolve().parents[2]
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_the_database_backends_worker_runs_the_trial(
    staff, uploads, lock_dir, settings, monkeypatch
):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # the worker closes the connection between tasks: here it is the test's transaction's
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.TASKS = DATABASE
    job = trial(staff, uploaded(staff))
    assert job.status == ConsoleJob.Status.QUEUED
    stored = DBTaskResult.objects.get(pk=job.task_id)
    assert stored.task_path == "console.tasks.trial_run" and stored.args_kwargs["args"] == [job.pk]
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="prueba",
        excluded_queue_names=[],
    ).run()
    job.refresh_from_db()
    assert job.status == ConsoleJob.Status.COMPLETED and job.run.is_dry_run
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"


QUEUE = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from console.models import ConsoleJob, Upload
user = get_user_model().objects.create_user("owner", "o@x.co", "x", is_staff=True)
client = Client()
client.force_login(user)
named = json.loads(sys.argv[1])
files = [SimpleUploadedFile(name, open(path, "rb").read()) for name, path in named]
assert client.post("/migracion/nueva/", {"export": files}).status_code == 302
upload = Upload.objects.get()
assert client.post(f"/migracion/carga/{upload.pk}/prueba/").status_code == 302
print(ConsoleJob.objects.get().status)
"""
READ = """
import django
django.setup()
from console.models import ConsoleJob
job = ConsoleJob.objects.get()
print(job.status, job.run.is_dry_run, job.run.status, job.error)
"""


def test_db_worker_in_a_process_of_its_own(scratch, tmp_path):
    env = {
        **scratch.env("tasks", tmp_path),  # a database of its own, migrated
        "DJANGO_SETTINGS_MODULE": "petfriendly.settings",
        "MIGRATION_UPLOAD_DIR": str(tmp_path / "uploads"),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PETFRIENDLY_TASKS_BACKEND", None)
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args: str) -> str:
        done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip()

    engine = ROOT / "tests" / "fixtures" / "engine"
    files = [(name, str(engine / name)) for name in ("propietarios.csv", "mascotas.csv")]
    assert run(sys.executable, "-c", QUEUE, json.dumps(files)).endswith("queued")
    run(*manage, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")
    assert run(sys.executable, "-c", READ) == "completed True completed"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.django_db
@pytest.mark.skipif(not redis_answers(), reason="no Redis server answers at 127.0.0.1:6379")
def test_the_redis_backend_runs_the_trial(staff, uploads, lock_dir, settings, monkeypatch):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue_name = f"pet-friendly-test-{os.getpid()}"
    settings.RQ_QUEUES = {queue_name: {"URL": "redis://127.0.0.1:6379/0"}}
    monkeypatch.setattr(django_rq.settings, "QUEUES", settings.RQ_QUEUES)
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": [queue_name],
            "OPTIONS": {},
        }
    }
    from console import tasks

    for kind, task in list(tasks.TASKS.items()):
        monkeypatch.setitem(tasks.TASKS, kind, task.using(queue_name=queue_name))
    try:
        job = trial(staff, uploaded(staff))
        assert job.status == ConsoleJob.Status.QUEUED and job.task_id
        queue = django_rq.get_queue(queue_name, job_class=Job)
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    finally:
        django_rq.get_queue(queue_name).empty()
    job.refresh_from_db()
    assert job.status == ConsoleJob.Status.COMPLETED and job.run.is_dry_run
