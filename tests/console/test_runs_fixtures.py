"""What the runs side's tests share (no test here): an upload folder of the test's own, the
tasks run at once, a staff user's and a plain user's browser, an export's files to upload."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from console.models import ConsoleJob, Upload

ENGINE = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def uploads(settings, tmp_path) -> Path:
    settings.MIGRATION_UPLOAD_DIR = tmp_path / "uploads"
    return settings.MIGRATION_UPLOAD_DIR


@pytest.fixture
def immediate(settings):
    """Tasks run in the request that queues them (the ImmediateBackend)."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(
        "dueña", "duena@clinica.co", "x", is_staff=True, first_name="Ana", last_name="Gil"
    )
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def plain(client):
    client.force_login(get_user_model().objects.create_user("cliente", "c@mail.co", "x"))
    return client


def engine_files() -> list[tuple[str, bytes]]:
    return [(name, (ENGINE / name).read_bytes()) for name in ("propietarios.csv", "mascotas.csv")]


def as_zip(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files:
            archive.writestr(name, data)
    return out.getvalue()


def post_upload(client, files, attachments: tuple[str, bytes] | None = None):
    data = {"export": [SimpleUploadedFile(name, body) for name, body in files]}
    if attachments is not None:
        data["attachments"] = SimpleUploadedFile(*attachments)
    return client.post(reverse("console:upload"), data)


def uploaded(client, files=None, **more) -> Upload:
    response = post_upload(client, files or engine_files(), **more)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Upload.objects.order_by("-pk").first()


def trial(client, upload: Upload) -> ConsoleJob:
    response = client.post(reverse("console:start_trial", args=[upload.pk]))
    assert response.status_code == 302
    return ConsoleJob.objects.filter(upload=upload).order_by("-pk").first()


@pytest.fixture
def lock_dir(settings, tmp_path) -> Path:
    settings.MIGRATION_LOCK_DIR = str(tmp_path / "locks")
    return tmp_path / "locks"


@pytest.fixture
def lock_held_elsewhere(lock_dir):
    """The import lock held through a file description of its own, naming a live process
    (this one), as another import holds it."""
    import fcntl
    import json
    import os
    import socket

    from django.utils import timezone

    from migration.services.lock import lock_path

    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    record = {"pid": os.getpid(), "host": socket.gethostname(), "since": timezone.now().isoformat()}
    os.pwrite(fd, json.dumps(record).encode(), 0)
    yield
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
