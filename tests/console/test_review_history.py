"""Past runs, syncs, rollbacks and sign-offs, newest first, each with its state in words and
the page that reports it."""

import re

import pytest
from django.urls import reverse

from migration.models import MigrationRun
from tests.console.reviewing import hrefs, staff, text  # noqa: F401

pytestmark = pytest.mark.django_db


def test_every_kind_is_listed_newest_first(staff, run, export, tmp_path, fixtures):  # noqa: F811
    from tests.conflicts import newer_export

    run("import_okvet", f"--source={export}", "--dry-run", "--no-progress")
    run("import_okvet", f"--source={export}", "--no-progress")
    newer = newer_export(export, tmp_path / "newer")
    run("import_okvet", f"--source={newer}", "--no-progress")
    trial, first, sync = MigrationRun.objects.order_by("pk")
    run("rollback_migration", f"--run-id={sync.pk}")
    run("signoff_migration", f"--run-id={first.pk}", "--by=Dr. Pablo", "--accept-critical")
    run(
        "import_okvet_clients",
        f"--file={fixtures / 'engine' / 'propietarios.csv'}",
        "--no-progress",
    )
    page = staff.get(reverse("console:history"))
    shown = text(page)
    assert page.status_code == 200
    for words in (
        "Prueba",
        "Importación",
        "Sincronización",
        "Reversión",
        "Firma",
        "Revertida",
        "Completada",
        "firmada por Dr. Pablo",
        "Importación de una tabla",
    ):
        assert words in shown, words
    for done in (trial, first, sync):
        assert reverse("console:report", args=[done.pk]) in hrefs(page)
    assert reverse("console:signoff", args=[first.pk]) in hrefs(page)
    kinds = re.findall(r"<strong>([^<]+)</strong>", page.content.decode())
    assert kinds.index("Firma") < kinds.index("Sincronización") < kinds.index("Prueba")
    assert "completed" not in shown and "rolled_back" not in shown and "dry" not in shown


def test_nothing_yet(staff):  # noqa: F811
    assert "Todavía no se ha migrado nada" in text(staff.get(reverse("console:history")))


def test_a_run_left_running_by_a_dead_process_is_interrupted(staff):  # noqa: F811
    MigrationRun.objects.create(source="/uploads/export.zip", status="running")
    shown = text(staff.get(reverse("console:history")))
    assert "Interrumpida" in shown and "export.zip" in shown and "/uploads" not in shown
