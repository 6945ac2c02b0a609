"""The sign-off from the console: the report as a page, what is open as a list, a typed
confirmation to sign with critical issues open (refused when wrong), who, when and the
report's sha256 kept; a signed run shows its signature and the report it signed."""

import hashlib

import pytest
from django.urls import reverse

from migration.models import DataQualityIssue, MigrationRun, MigrationSignoff
from tests.console.reviewing import imported, staff, text  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(imported):  # noqa: F811
    return reverse("console:signoff", args=[imported.pk])


def test_the_page_shows_the_report_and_what_is_open(staff, url):  # noqa: F811
    page = staff.get(url)
    html, shown = page.content.decode(), text(page)
    assert page.status_code == 200
    assert "Informe de verificación" in shown and "Qué queda abierto" in shown
    assert "problemas críticos abiertos" in shown and 'name="confirmacion"' in html
    assert "Escriba FIRMAR" in shown and "Firmando como Laura Ríos" in shown
    assert "&lt;" not in html and "orphan-skipped" not in shown and "--" not in shown


def test_signing_with_critical_issues_needs_the_typed_word(staff, imported, url):  # noqa: F811
    refused = staff.post(url, {"nota": "revisado"}, follow=True)
    assert "escriba FIRMAR en la casilla" in text(refused)
    wrong = staff.post(url, {"confirmacion": "firmo"}, follow=True)
    assert "La confirmación no coincide" in text(wrong)
    assert not MigrationSignoff.objects.exists()
    signed = staff.post(
        url, {"confirmacion": "firmar", "nota": "revisado con la clínica"}, follow=True
    )
    assert "firmada por Laura Ríos" in text(signed)
    row = MigrationSignoff.objects.get()
    assert row.signed_by == "Laura Ríos" and row.note == "revisado con la clínica"
    assert row.accepted_with_critical and row.critical_open >= 1 and row.language == "es"
    assert row.report_sha256 == hashlib.sha256(row.report_html.encode()).hexdigest()
    shown = text(signed)
    assert row.report_sha256 in shown and "Firmada por Laura Ríos" in shown
    assert 'name="confirmacion"' not in signed.content.decode()
    report = staff.get(reverse("console:signed_report", args=[imported.pk, row.pk]))
    assert report.content.decode() == row.report_html
    assert report["X-Frame-Options"] == "SAMEORIGIN"
    saved = staff.get(
        reverse("console:signed_report", args=[imported.pk, row.pk]), {"descargar": "1"}
    )
    assert "attachment" in saved["Content-Disposition"]
    assert (
        staff.get(reverse("console:report", args=[imported.pk]))
        .content.decode()
        .count(row.report_sha256)
        == 1
    )


def test_the_run_number_also_confirms(staff, imported, url):  # noqa: F811
    staff.post(url, {"confirmacion": str(imported.pk)})
    assert MigrationSignoff.objects.get().accepted_with_critical


def test_without_critical_issues_no_word_is_needed(staff, imported, url, monkeypatch):  # noqa: F811
    from migration.services import signoff as service
    from migration.services.verify import migration_verify

    def passing(*, run_id):
        report = migration_verify(run_id=run_id)
        checks = [type(c)(c.name, True, 0) for c in report.checks]
        return type(report)(**{**report.__dict__, "checks": checks})

    monkeypatch.setattr(service, "migration_verify", passing)
    DataQualityIssue.objects.filter(severity="critical").update(resolved=True, resolution="x")
    staff.post(url, {"nota": ""})
    row = MigrationSignoff.objects.get()
    assert not row.accepted_with_critical and row.critical_open == 0


def test_a_trial_cannot_be_signed(staff, run, export):  # noqa: F811
    run("import_okvet", f"--source={export}", "--dry-run", "--no-progress")
    trial = MigrationRun.objects.get()
    url = reverse("console:signoff", args=[trial.pk])
    page = staff.get(url)
    assert "Solo se puede firmar una ejecución real completada" in text(page)
    assert 'name="confirmacion"' not in page.content.decode()
    refused = staff.post(url, {"confirmacion": "FIRMAR"}, follow=True)
    assert "solo se puede firmar una ejecución real completada" in text(refused).lower()
    assert not MigrationSignoff.objects.exists()


def test_another_refusal_of_the_service_is_its_sentence(staff, url, monkeypatch):  # noqa: F811
    from console.views import signoff
    from migration.errors import SignoffError

    def refuse(**kwargs):
        raise SignoffError("there is no run {run}", run=7)

    monkeypatch.setattr(signoff, "migration_signoff", refuse)
    page = staff.post(url, {}, follow=True)
    assert "no existe la ejecución 7" in text(page)
