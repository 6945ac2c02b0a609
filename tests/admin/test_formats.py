"""Numbers and dates as Colombia writes them in Spanish, as English does in English; ids in
links and forms are never grouped."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import formats, translation

from migration.management.importing import render_summary
from migration.management.numbers import Number, numbers
from migration.models import DataQualityIssue, MigrationBatch
from migration.services.results import BatchResult, IssueCount

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "1.943 filas · 2,5 s · [  12.345] · 3.984/s · 7"),
        ("en", "1,943 filas · 2.5 s · [  12,345] · 3,984/s · 7"),
    ],
)
def test_a_number_takes_the_languages_separators(language, expected):
    with translation.override(language):
        text = "{n:,} filas · {s:.1f} s · [{w:>8,}] · {r:,.0f}/s · {plain}".format(
            **numbers({"n": 1943, "s": 2.46, "w": 12345, "r": 3983.6}), plain=Number(7)
        )
    assert text == expected
    assert numbers({"flag": True, "text": "x"}) == {"flag": True, "text": "x"}
    assert format(Number(3.5), "e") == "3.500000e+00"


def test_the_clinics_formats_in_spanish():
    with translation.override("es"):
        assert formats.number_format(Decimal("18.8"), 1) == "18,8"
        assert formats.localize(2000) == "2.000"
        assert formats.date_format(dt.date(2026, 12, 2)) == "02/12/2026"
        assert formats.date_format(dt.datetime(2026, 12, 2, 9, 5), "DATETIME_FORMAT") == (
            "02/12/2026 09:05"
        )
        assert formats.sanitize_separators("1.234,5") == "1234.5"
    with translation.override("en"):
        assert formats.localize(2000) == "2,000"


def result() -> BatchResult:
    return BatchResult(
        batch_id=1943,
        batch_type="pets",
        status="completed",
        dry_run=False,
        files=["mascotas.csv"],
        counts={
            "total": 12345,
            "imported": 12000,
            "duplicate": 45,
            "skipped": 300,
            "deleted": 1200,
            "error": 0,
        },
        issues=[IssueCount("invalid-date", "warning", 1500)],
        elapsed_seconds=2.46,
        rows_per_second=5018.3,
        cells={"mapped": 123456, "preserved": 10, "dropped": 1000, "unaccounted": 0},
    )


def test_the_import_summary_speaks_the_languages_numbers():
    with translation.override("es"):
        summary = render_summary(result())
    assert "Lote 1943 (Mascotas): Completado" in summary
    assert "Filas de origen: 12.345" in summary and "eliminados en OkVet: 1.200" in summary
    assert "Celdas: 123.456 asignadas" in summary and "Tiempo: 2,5 s (5.018 filas/s)" in summary
    assert "     1.500  invalid-date" in summary
    with translation.override("en"):
        summary = render_summary(result())
    assert "Source rows: 12,345" in summary and "Time: 2.5 s (5,018 rows/s)" in summary


def test_ids_in_forms_are_not_grouped(staff, run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    batch = MigrationBatch.objects.get()
    issue = DataQualityIssue.objects.create(
        pk=12345, batch=batch, severity="info", issue_type="no-contact", description="x"
    )
    page = staff.post(
        "/admin/migration/dataqualityissue/",
        {"action": "mark_resolved", "_selected_action": [issue.pk]},
    ).content.decode()
    assert 'value="12345"' in page and "12.345" not in page
    shown = staff.get(f"/admin/migration/dataqualityissue/{issue.pk}/change/").content.decode()
    assert 'name="_selected_action" value="12345"' in shown
    MigrationBatch.objects.filter(pk=batch.pk).update(total_records=2000)
    listed = staff.get("/admin/migration/migrationbatch/").content.decode()
    assert '<td class="field-total_records">2.000</td>' in listed


def test_a_sign_off_is_reported_in_the_clinics_time(run, fixtures, tmp_path):
    """Signed at 03:30 UTC on 2 December: 22:30 on 1 December in Bogotá, in the text and in
    the page (the report kept the instant as UTC text)."""
    from migration.models import MigrationSignoff
    from tests.services.test_purge import import_run

    run_id = import_run(run, fixtures, tmp_path)
    MigrationSignoff.objects.update(signed_at=dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.UTC))
    page = tmp_path / "report.html"
    with translation.override("es"):
        ran = run("verify_migration", f"--run-id={run_id}", f"--report={page}")
    assert "Pablo el 01/12/2026 22:30 (sha256" in ran.out
    assert "· 01/12/2026 22:30 · sha256" in page.read_text(encoding="utf-8")
