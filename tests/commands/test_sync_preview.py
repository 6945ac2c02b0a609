"""``--report-html``: the preview of a sync as a page — per table the new, changed, unchanged,
deleted and conflicting rows, the changed columns, the changed rows field by field — written
by a dry run that saves nothing; a path that cannot be written stops the import first."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management.base import CommandError
from django.utils import translation

from clinic.models import Pet
from migration.models import MigrationBatch, MigrationRun, SyncChange
from tests.conflicts import make_conflicts

pytestmark = pytest.mark.django_db


def cells(page: str) -> list[list[str]]:
    """The page's table rows as lists of cell texts."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S)
    return [[c.strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)] for r in rows]


@pytest.fixture
def newer(run, export, tmp_path):
    return make_conflicts(run, export, tmp_path, sync=False)


def test_a_dry_run_sync_writes_its_preview_with_the_changed_rows(run, newer, tmp_path):
    page_path = tmp_path / "vista-previa.html"
    runs = MigrationRun.objects.count()
    run(
        "import_okvet",
        f"--source={newer.newer}",
        "--no-progress",
        "--dry-run",
        f"--report-html={page_path}",
    )
    page = page_path.read_text(encoding="utf-8")
    rows = cells(page)
    assert "DRY RUN: nothing was saved." in page
    kept = "kept: edited in Pet-Friendly (a conflict to review)"
    assert ["201", "mascotas.csv", "2", "weight_kg", "12.5", "14", "13", kept] in rows
    assert ["207", "mascotas.csv", "8", "weight_kg", "12", "12.8", "12", "applied"] in rows
    assert ["201", "mascotas.csv", "2", "weight_raw", "12.5", "14", "12.5", kept] in rows
    assert ["101", "propietarios.csv", "2", "user__email"] in [r[:4] for r in rows]
    assert ["unchanged", "5"] in rows and ["changed (updated)", "1"] in rows
    assert ["in conflict with an edit made in Pet-Friendly", "1"] in rows
    assert ["weight_kg", "2"] in rows and ["weight_raw", "2"] in rows
    # a dry run: nothing changed, but the report of what would happen is kept
    assert MigrationRun.objects.count() == runs + 1
    assert Pet.objects.get(pk=newer.pet_id).weight_kg == Decimal("13")
    assert not SyncChange.objects.exists()


def test_the_preview_is_spanish_by_default_and_escapes_values(run, newer, tmp_path):
    from tests.conflicts import edited

    edited(newer.newer / "mascotas.csv", "207", "color", "<b>Negro</b>")
    page_path = tmp_path / "vista-previa.html"
    with translation.override("es"):
        run("import_okvet", f"--source={newer.newer}", "--no-progress", "--dry-run",
            f"--report-html={page_path}")  # fmt: skip
    page = page_path.read_text(encoding="utf-8")
    assert '<html lang="es">' in page and "@media print" in page
    assert "Filas cambiadas, campo por campo" in page
    assert "se conserva: editado en Pet-Friendly" in page and ">aplicado<" in page
    assert "&lt;b&gt;Negro&lt;/b&gt;" in page and "<b>Negro" not in page


def test_a_first_import_by_a_single_table_command_writes_its_page(run, fixtures, tmp_path):
    page_path = tmp_path / "mascotas.html"
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run(
        "import_okvet_pets",
        f"--file={fixtures / 'engine' / 'mascotas.csv'}",
        "--no-progress",
        f"--report-html={page_path}",
    )
    batch = MigrationBatch.objects.get(batch_type="pets")
    page = page_path.read_text(encoding="utf-8")
    assert f"batch {batch.pk}" in page and "DRY RUN" not in page
    assert ["new (imported)", str(batch.imported_count)] in cells(page)
    assert "No row imported before changed." in page


def test_a_missing_folder_exits_2_and_writes_nothing(run, newer, tmp_path):
    counts = (MigrationRun.objects.count(), MigrationBatch.objects.count())
    path = tmp_path / "no" / "preview.html"
    with pytest.raises(CommandError) as caught:
        run("import_okvet", f"--source={newer.newer}", "--no-progress", f"--report-html={path}")
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        f"cannot write {path}: the folder {path.parent} does not exist; nothing was written"
    )
    assert (MigrationRun.objects.count(), MigrationBatch.objects.count()) == counts
    assert Pet.objects.get(pk=newer.pet_id).weight_kg == Decimal("13")
    assert not path.parent.exists()
