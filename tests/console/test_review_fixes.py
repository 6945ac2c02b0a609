"""A table's failed rows out as a spreadsheet and the corrected file back in, from the console:
the row is imported into the same batch, the upload kept under the upload folder only."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from clinic.models import Pet
from console.workbook import workbook
from migration.models import MigrationBatch, MigrationRecord, MigrationRun
from tests.console.reviewing import imported, staff, text  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads(settings, tmp_path) -> Path:
    settings.MIGRATION_UPLOAD_DIR = tmp_path / "uploads"
    return settings.MIGRATION_UPLOAD_DIR


@pytest.fixture
def pets(imported) -> MigrationBatch:  # noqa: F811
    return imported.batches.get(batch_type="pets")


def download(client, batch) -> list[list[str]]:
    response = client.get(reverse("console:errors_export", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"lote-{batch.pk}" in response["Content-Disposition"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return [[str(cell) for cell in row] for row in book.get_sheet_by_index(0).to_python()]


def corrected(rows: list[list[str]], owner: str) -> list[list[str]]:
    header, *body = rows
    for row in body:
        row[header.index("owner_id")] = owner
    return [header, *body]


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_the_failed_rows_download_as_a_spreadsheet(staff, pets):  # noqa: F811
    header, *rows = download(staff, pets)
    assert header[:3] == ["id", "owner_id", "name"] and header[-2:] == ["_status", "_issues"]
    assert [r[0] for r in rows] == ["205"] and rows[0][-1].startswith("orphan-skipped: ")


def test_a_formula_stays_text(staff, pets):  # noqa: F811
    record = MigrationRecord.objects.get(batch=pets, source_id="205")
    record.source_data["color"] = '=HYPERLINK("http://x")'
    record.save()
    header, row = download(staff, pets)
    assert row[header.index("color")] == '\'=HYPERLINK("http://x")'


def test_a_trial_has_no_rows_to_export(staff, run, export):  # noqa: F811
    run("import_okvet", f"--source={export}", "--dry-run", "--no-progress")
    trial = MigrationRun.objects.get()
    batch = trial.batches.get(batch_type="pets")
    response = staff.get(reverse("console:errors_export", args=[batch.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("console:report", args=[trial.pk])
    assert "no existe un lote de importación real" in text(response)
    page = staff.get(reverse("console:retry", args=[batch.pk]))
    assert "nada que reintentar" in text(page) and 'type="file"' not in page.content.decode()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_corrected_file_imports_the_row(staff, pets, uploads, kind):  # noqa: F811
    rows = corrected(download(staff, pets), owner="101")
    content = as_csv(rows) if kind == "csv" else workbook(rows[0], rows[1:], title="x")
    url = reverse("console:retry", args=[pets.pk])
    assert 'enctype="multipart/form-data"' in staff.get(url).content.decode()
    trial = staff.post(
        url, {"archivo": SimpleUploadedFile(f"mis filas.{kind}", content), "prueba": "1"}
    )
    assert trial.status_code == 200 and "nada se guardó" in text(trial)
    assert not Pet.objects.filter(legacy_id="205").exists()
    done = staff.post(url, {"archivo": SimpleUploadedFile(f"mis filas.{kind}", content)})
    assert done.status_code == 200 and "Resultado" in text(done)
    pet = Pet.objects.get(legacy_id="205")
    assert pet.owner.legacy_id == "101"
    assert MigrationRecord.objects.get(batch=pets, source_id="205").status == "imported"
    pets.refresh_from_db()
    assert (pets.total_records, pets.skipped_count) == (8, 1)
    kept = sorted(p.name for p in (uploads / "retries" / str(pets.pk)).iterdir())
    assert len(kept) == 2 and all(
        n.startswith("corregido-") and n.endswith(f".{kind}") for n in kept
    )


def test_an_upload_that_is_not_a_table_is_refused(staff, pets, uploads):  # noqa: F811
    url = reverse("console:retry", args=[pets.pk])
    wrong = staff.post(url, {"archivo": SimpleUploadedFile("../../etc/passwd", b"root:x")})
    assert wrong.status_code == 200 and "Elija el archivo corregido" in text(wrong)
    assert list((uploads / "retries" / str(pets.pk)).iterdir()) == []
    empty = staff.post(url, {})
    assert "Elija el archivo corregido" in text(empty)
    unreadable = staff.post(url, {"archivo": SimpleUploadedFile("x.csv", b"nada,que,ver\n1,2,3\n")})
    assert unreadable.status_code == 200 and "corregido-" in text(unreadable)
    assert not Pet.objects.filter(legacy_id="205").exists()


def test_the_retry_form_is_protected_against_forged_posts(pets, uploads):  # noqa: F811
    from django.contrib.auth import get_user_model

    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_user("x", is_staff=True))
    response = client.post(
        reverse("console:retry", args=[pets.pk]),
        {"archivo": SimpleUploadedFile("a.csv", b"id\n1\n")},
    )
    assert response.status_code == 403


def test_a_file_over_the_cap_is_not_kept(staff, pets, uploads, settings):  # noqa: F811
    settings.MIGRATION_MAX_MEMBER_BYTES = 10
    url = reverse("console:retry", args=[pets.pk])
    page = staff.post(url, {"archivo": SimpleUploadedFile("a.csv", b"id,owner_id\n205,101\n")})
    assert "Elija el archivo corregido" in text(page)
    assert list((uploads / "retries" / str(pets.pk)).iterdir()) == []


def test_a_trials_table_takes_no_upload(staff, run, export, uploads):  # noqa: F811
    run("import_okvet", f"--source={export}", "--dry-run", "--no-progress")
    batch = MigrationRun.objects.get().batches.get(batch_type="pets")
    page = staff.post(
        reverse("console:retry", args=[batch.pk]),
        {"archivo": SimpleUploadedFile("a.csv", b"id\n1\n")},
    )
    assert "Solo se puede reintentar una tabla de una importación real" in text(page)
    assert not uploads.exists()


def test_a_table_imported_on_its_own_comes_back_to_the_history(staff, run, fixtures):  # noqa: F811
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    batch = MigrationBatch.objects.get()
    page = staff.get(reverse("console:retry", args=[batch.pk]))
    assert reverse("console:history") in page.content.decode()
    issue = batch.issues.first()
    detail = staff.get(reverse("console:issue", args=[issue.pk]))
    assert f'href="{reverse("console:history")}"' in detail.content.decode()
