"""The job's live progress: the receiver writes it to a file, throttled, whole each time; the
page and its JSON show each table's rows done / total, rows per second and time left in the
clinic's format, while the import is still inside its transaction."""

import json

import pytest
from django.urls import reverse

from console.models import ConsoleJob
from console.progress import JobProgress, progress_view, read_state
from console.views.jobs import duration, job_payload
from migration.services import progress as protocol
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import trial, uploaded
from tests.console.test_upload_recognition import text


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_receiver_writes_at_most_once_a_second(tmp_path):
    clock, path = Clock(), tmp_path / "progreso" / "trabajo-1.json"
    receiver = JobProgress(path, clock=clock)
    protocol.announce_plan(receiver, {"clients": 3000, "pets": None})
    protocol.announce_begin(receiver, batch_type="clients", total=3000)
    clock.now += 0.5
    receiver(1000)
    assert read_state(path)["tables"][0]["done"] == 0  # not yet written
    clock.now += 0.6
    receiver(1000)
    assert read_state(path)["tables"][0]["done"] == 2000
    view = progress_view(read_state(path), now=clock.now)
    clients = view.tables[0]
    assert (clients.done, clients.total, clients.percent, clients.state) == (
        2000,
        3000,
        66.7,
        "running",
    )
    assert clients.rate == pytest.approx(1818.2) and clients.seconds_left == pytest.approx(
        0.55, abs=0.01
    )
    assert view.total is None and view.percent is None  # the pets' total is not known
    protocol.announce_end(receiver, batch_type="clients")
    state = read_state(path)
    assert state["current"] is None and state["tables"][0]["ended"] == clock.now
    assert [p.name for p in path.parent.iterdir()] == ["trabajo-1.json"]  # replaced whole


def test_a_state_not_written_yet_or_cut_short_reads_as_none(tmp_path):
    assert read_state(tmp_path / "ninguno.json") == {}
    (tmp_path / "roto.json").write_text('{"tables": [')
    assert read_state(tmp_path / "roto.json") == {}
    assert progress_view({}).tables == [] and progress_view({}).rate is None


def test_rows_before_a_table_begins_are_not_counted(tmp_path):
    receiver = JobProgress(tmp_path / "p.json")
    receiver(50)
    protocol.announce_begin(receiver, batch_type="files", total=None)
    receiver(5)
    assert receiver.state["tables"] == [
        {
            "batch_type": "files",
            "total": None,
            "done": 5,
            "started": receiver.state["tables"][0]["started"],
            "ended": None,
        }
    ]


def test_durations_read_as_words():
    assert [duration(s) for s in (None, 4.4, 125, 3720)] == ["—", "4 s", "2 min 5 s", "1 h 2 min"]


@pytest.mark.django_db
def test_the_page_sees_the_progress_while_the_import_runs(
    staff, uploads, immediate, lock_dir, monkeypatch
):
    """Read from inside the import (its transaction open): the file shows the rows so far."""
    seen = []
    original = JobProgress.__call__

    def watching(self, rows):
        original(self, rows)
        self.write()
        job = ConsoleJob.objects.get()
        seen.append(json.loads(staff.get(reverse("console:progress_json", args=[job.pk])).content))

    monkeypatch.setattr(JobProgress, "__call__", watching)
    job = trial(staff, uploaded(staff))
    first = seen[0]
    assert first["active"] and first["status_text"] == "En curso"
    assert first["summary"] == "Importando Clientes/Propietarios."
    clients = next(t for t in first["tables"] if t["batch_type"] == "clients")
    assert (clients["done"], clients["total"], clients["state"]) == ("9", "9", "Importando")
    assert job.status == ConsoleJob.Status.COMPLETED


@pytest.mark.django_db
def test_a_finished_job_shows_its_tables_and_its_report(staff, uploads, immediate, lock_dir):
    job = trial(staff, uploaded(staff))
    payload = job_payload(job)
    assert not payload["active"] and payload["status_text"] == "Terminada"
    assert payload["report_url"] in ("", reverse("console:report", args=[job.run_id]))
    pets = next(t for t in payload["tables"] if t["batch_type"] == "pets")
    assert (pets["done"], pets["total"], pets["percent"], pets["left"]) == (
        "8",
        "8",
        "100,0 %",
        "0 s",
    )
    page = text(staff.get(reverse("console:progress", args=[job.pk])))
    assert "Terminada — Filas leídas: 18, en 3 tablas." in page and "Mascotas 8 / 8 100,0 %" in page
    assert "<script>" not in staff.get(reverse("console:progress", args=[job.pk])).content.decode()


@pytest.mark.django_db
def test_a_waiting_job_polls_and_works_without_javascript(staff, uploads, lock_dir, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = trial(staff, uploaded(staff))
    html = staff.get(reverse("console:progress", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert reverse("console:progress_json", args=[job.pk]) in html and "console.log" not in html
    response = staff.get(reverse("console:progress_json", args=[job.pk]))
    assert response["Cache-Control"] == "no-store" and response.json()["status"] == "queued"
