"""The start page: where the migration stands and the one thing to do next, then the latest
runs and uploads."""

import pytest
from django.urls import reverse

from console.models import ConsoleJob
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import engine_files, trial, uploaded
from tests.console.test_upload_recognition import text

pytestmark = pytest.mark.django_db


def home(client) -> str:
    return text(client.get(reverse("console:home")))


def test_a_fresh_install_is_told_to_upload(staff, uploads):
    page = home(staff)
    assert "Cargue la exportación de OkVet para empezar una migración" in page
    assert "Aún no se ha cargado nada." in page and "Aún no se ha iniciado ninguna" in page


def test_each_step_says_the_next(staff, uploads, immediate, lock_dir):
    upload = uploaded(staff)
    assert "Haga una prueba de la última carga" in home(staff)
    job = trial(staff, upload)
    assert "Lea el informe de la prueba; una vez revisado" in home(staff)
    staff.post(reverse("console:start_real", args=[job.pk]), {"reviewed": "on"})
    page = home(staff)
    assert "Lea el informe de la ejecución y fírmelo" in page
    assert "Importación real" in page and "Prueba" in page and "propietarios.csv" in page


def test_a_running_job_is_shown_first(staff, uploads, lock_dir, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = trial(staff, uploaded(staff))
    response = staff.get(reverse("console:home"))
    assert "Hay una ejecución en curso (Prueba" in text(response)
    assert reverse("console:progress", args=[job.pk]) in response.content.decode()


def test_an_upload_that_would_stop_says_so(staff, uploads):
    uploaded(staff, [*engine_files(), ("notas.csv", b"a,b\n1,2\n")])
    assert "Algunos archivos de la última carga detendrían la importación" in home(staff)


def test_a_failed_trial_asks_for_another(staff, uploads):
    upload = uploaded(staff)
    ConsoleJob.objects.create(upload=upload, kind="trial", status="failed", error="x")
    assert "Haga una prueba de la última carga" in home(staff)
