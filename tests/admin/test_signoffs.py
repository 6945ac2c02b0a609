"""A sign-off in the admin: what was signed as a summary and a link to the signed report in
the console; signing with critical issues open is sent to the console's page."""

import pytest

from migration.models import DataQualityIssue, MigrationRun, MigrationSignoff

pytestmark = pytest.mark.django_db

RUNS, SIGNOFFS = "/admin/migration/migrationrun/", "/admin/migration/migrationsignoff/"


def sign(client, run_id):
    return client.post(
        RUNS, {"action": "sign_off", "_selected_action": [run_id]}, follow=True
    ).content.decode()


def test_critical_issues_send_the_owner_to_the_consoles_sign_off_page(staff, clinical):
    DataQualityIssue.objects.filter(batch__run_id=clinical).update(severity="critical")
    page = sign(staff, clinical)
    assert f"La ejecución {clinical} tiene " in page and "problemas críticos abiertos" in page
    assert f'href="/migracion/ejecucion/{clinical}/firma/"' in page
    assert "confirmarlo por escrito" in page and "--accept-critical" not in page
    assert not MigrationSignoff.objects.exists()


def test_a_sign_off_reads_as_a_summary_with_a_link_to_the_signed_report(staff, clinical):
    DataQualityIssue.objects.filter(severity="critical").update(resolved=True)
    done = sign(staff, clinical)
    signoff = MigrationSignoff.objects.get()
    assert f"sha256 del informe {signoff.report_sha256}" in done
    assert signoff.signed_by == "Pablo Ruiz" and signoff.language == "es"
    page = staff.get(f"{SIGNOFFS}{signoff.pk}/change/").content.decode()
    assert f'href="/migracion/ejecucion/{clinical}/firma/"' in page
    assert "Ver el informe firmado en la consola de migración" in page
    assert signoff.report_sha256 in page and "Pablo Ruiz" in page
    assert "&lt;!DOCTYPE" not in page and "&lt;html" not in page
    assert "{&quot;" not in page
    code, count = next(iter(signoff.open_issues.items()))
    assert count > 0
    issue = DataQualityIssue.objects.filter(batch__run_id=clinical, resolved=False).first()
    assert issue.label in page
    assert f"?batch__run__id__exact={clinical}&amp;resolved__exact=0" in page
    listed = staff.get(
        "/admin/migration/dataqualityissue/",
        {"batch__run__id__exact": clinical, "resolved__exact": 0},
    ).context["cl"]
    assert (
        listed.result_count
        == DataQualityIssue.objects.filter(batch__run_id=clinical, resolved=False).count()
    )


def test_a_sign_off_lists_the_open_issues_as_sentences(staff, clinical):
    from migration.admin.signoffs import issue_sentence

    issue = DataQualityIssue.objects.exclude(source_value="").exclude(source_row=None).first()
    from django.utils import translation

    with translation.override("es"):
        sentence, label = issue_sentence(issue), issue.label
    assert sentence.startswith(f"{label} · ")
    assert f"fila {issue.source_row}" in sentence and f"valor «{issue.source_value}»" in sentence


def test_the_console_link_follows_the_consoles_url(monkeypatch):
    from django import urls

    from migration.admin import signoffs

    monkeypatch.setattr(signoffs, "reverse", lambda name, args: f"/x/{args[0]}/")
    assert signoffs.console_signoff_url(7) == "/x/7/"
    monkeypatch.setattr(
        signoffs, "reverse", lambda name, args: (_ for _ in ()).throw(urls.NoReverseMatch())
    )
    assert signoffs.console_signoff_url(7) == "/migracion/ejecucion/7/firma/"


def test_a_run_that_is_not_signable_says_why(staff, clinical):
    MigrationRun.objects.filter(pk=clinical).update(status="failed")
    page = sign(staff, clinical)
    assert f"La ejecución {clinical} está en estado fallido: solo se puede firmar" in page
    MigrationRun.objects.filter(pk=clinical).update(status="completed", is_dry_run=True)
    assert "está en estado simulacro: solo se puede firmar" in sign(staff, clinical)
    assert not MigrationSignoff.objects.exists()
