import hashlib

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.test import RequestFactory

from migration.models import MigrationRun, MigrationSignoff, SignedOffError

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_id(run, fixtures, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("propietarios.csv", "mascotas.csv"):
        (folder / name).write_bytes((fixtures / "engine" / name).read_bytes())
    run("import_okvet", f"--source={folder}")
    return MigrationRun.objects.get().pk


def test_critical_issues_need_an_explicit_acceptance(run, run_id, tmp_path):
    with pytest.raises(CommandError, match="critical issues open"):
        run("signoff_migration", f"--run-id={run_id}", "--by=Dr. Pablo")
    assert not MigrationSignoff.objects.exists()
    page = tmp_path / "signed.html"
    ran = run(
        "signoff_migration",
        f"--run-id={run_id}",
        "--by=Dr. Pablo",
        "--note=Revisado con la clínica",
        "--accept-critical",
        f"--output={page}",
        "--language=en",
    )
    signed = MigrationSignoff.objects.get()
    assert signed.accepted_with_critical and signed.critical_open == 1
    assert signed.open_issues["missing-id"] == 1
    html = page.read_text(encoding="utf-8")
    assert html == signed.report_html
    assert signed.report_sha256 == hashlib.sha256(html.encode()).hexdigest()
    assert signed.report_sha256 in ran.out and "Dr. Pablo" in html
    assert "Signed with 1 critical issues open" in html


def test_a_signoff_cannot_change_and_shows_in_the_report(run, run_id, tmp_path):
    run("signoff_migration", f"--run-id={run_id}", "--by=Dr. Pablo", "--accept-critical")
    signed = MigrationSignoff.objects.get()
    signed.note = "edited"
    with pytest.raises(SignedOffError):
        signed.save()
    with pytest.raises(SignedOffError):
        signed.delete()
    page = tmp_path / "report.html"
    ran = run("verify_migration", f"--run-id={run_id}", f"--report={page}", "--language=en")
    assert "Signed off by Dr. Pablo" in ran.out
    assert signed.report_sha256 in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--run-id=999", "--by=X"], "there is no run 999"),
        (["--run-id=RUN", "--by= "], "say who signs"),
    ],
)
def test_what_cannot_be_signed(run, run_id, args, message):
    args = [a.replace("RUN", str(run_id)) for a in args]
    with pytest.raises(CommandError, match=message):
        run("signoff_migration", *args)


def test_a_dry_run_cannot_be_signed(run, fixtures, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "p.csv").write_bytes((fixtures / "engine" / "propietarios.csv").read_bytes())
    run("import_okvet", f"--source={folder}", "--dry-run")
    with pytest.raises(CommandError, match="only a completed, real run"):
        run("signoff_migration", f"--run-id={MigrationRun.objects.get().pk}", "--by=X")


def test_the_admin_action_signs_as_the_user_and_refuses_critical(run_id):
    user = get_user_model().objects.create_superuser("pablo", "p@example.com", "x")
    request = RequestFactory().post("/")
    request.user = user
    request._messages = []
    admin = site._registry[MigrationRun]
    sent = []
    admin.message_user = lambda req, text, level=None: sent.append(str(text))
    admin.sign_off(request, MigrationRun.objects.all())
    assert "critical issues open" in sent[0] and not MigrationSignoff.objects.exists()
    from migration.models import DataQualityIssue

    DataQualityIssue.objects.filter(severity="critical").update(resolved=True)
    admin.sign_off(request, MigrationRun.objects.all())
    assert MigrationSignoff.objects.get().signed_by == "pablo"
