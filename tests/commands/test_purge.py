"""``purge_migration_sources`` and the admin action: confirmation, refusals, what reads after."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import CommandError
from django.utils import translation

from migration.models import DataQualityIssue, MigrationRecord, MigrationRun
from tests.services.test_purge import NEEDLES, found_in_migration_tables, import_run, state

pytestmark = pytest.mark.django_db

URL = "/admin/migration/migrationrun/"


@pytest.fixture
def signed(run, fixtures, tmp_path) -> int:
    return import_run(run, fixtures, tmp_path)


def purge(run, run_id: int, *more: str):
    return run("purge_migration_sources", f"--run-id={run_id}", "--by=Dr. Pablo", *more)


def is_purged(run_id: int) -> bool:
    return MigrationRun.objects.get(pk=run_id).purged_at is not None


def test_purges_with_no_input_and_says_what_it_blanked(run, signed):
    ran = purge(run, signed, "--no-input")
    records, issues = MigrationRecord.objects.count(), DataQualityIssue.objects.count()
    assert f"the values of {records} source rows and {issues} issues in 5 batches" in ran.out
    assert f"Run {signed}: source rows purged on " in ran.out and "by Dr. Pablo" in ran.out
    assert is_purged(signed) and not found_in_migration_tables(NEEDLES[0])


def test_a_dry_run_changes_nothing(run, signed):
    before = state()
    ran = purge(run, signed, "--dry-run")
    assert "would be blanked" in ran.out and "purged on" not in ran.out
    assert state() == before and not is_purged(signed)
    assert found_in_migration_tables(NEEDLES[0])


@pytest.mark.parametrize(("answer", "purged"), [("n", False), ("", False), ("sí", True)])
def test_asks_on_a_terminal(run, signed, monkeypatch, answer, purged):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    if purged:
        purge(run, signed)
    else:
        with pytest.raises(CommandError, match="Purge cancelled; nothing changed") as caught:
            purge(run, signed)
        assert caught.value.returncode == 1
    assert asked == [f"Purge the source rows of run {signed}? This cannot be undone. [y/N] "]
    assert is_purged(signed) is purged


def test_end_of_input_at_the_question_cancels(run, signed, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)

    def closed(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", closed)
    with pytest.raises(CommandError, match="cancelled"):
        purge(run, signed)
    assert not is_purged(signed)


def test_without_a_terminal_it_needs_no_input_to_confirm(run, signed, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="confirm with --no-input; nothing changed") as caught:
        purge(run, signed)
    assert caught.value.returncode == 2 and not is_purged(signed)


def test_an_unsigned_run_is_refused_in_one_spanish_line(run, fixtures, tmp_path):
    run_id = import_run(run, fixtures, tmp_path, sign=False)
    before = state()
    with translation.override("es"), pytest.raises(CommandError) as caught:
        purge(run, run_id, "--no-input")
    message = str(caught.value)
    assert caught.value.returncode == 2 and "\n" not in message
    assert message.startswith(f"la ejecución {run_id} no tiene la conformidad firmada")
    assert state() == before and not is_purged(run_id)


def test_purging_twice_says_so(run, signed):
    purge(run, signed, "--no-input")
    before = state()
    with pytest.raises(CommandError, match="already purged on .* by Dr. Pablo; nothing changed"):
        purge(run, signed, "--no-input")
    assert state() == before


def test_rollback_of_a_purged_run_is_refused_in_one_spanish_line(run, signed):
    purge(run, signed, "--no-input")
    for target in (f"--run-id={signed}", f"--batch-id={MigrationRecord.objects.first().batch_id}"):
        with translation.override("es"), pytest.raises(CommandError) as caught:
            run("rollback_migration", target, "--no-input")
        message = str(caught.value)
        assert caught.value.returncode == 2 and "\n" not in message
        assert f"la ejecución {signed} no se puede revertir: sus filas de origen" in message
    assert MigrationRun.objects.get(pk=signed).status == "completed"


def test_verify_and_compare_of_a_purged_run(run, signed, tmp_path):
    purge(run, signed, "--no-input")
    data, page = tmp_path / "v.json", tmp_path / "v.html"
    ran = run("verify_migration", f"--run-id={signed}", f"--json={data}", f"--report={page}")
    line = f"⚠ Run {signed}: source rows purged on "
    assert line in ran.out and "its read-back cannot be recomputed" in ran.out
    assert "as signed on" in ran.out and ": passed" in ran.out
    assert line in page.read_text(encoding="utf-8")
    report = json.loads(data.read_text())
    assert report["purged"][0]["run_id"] == signed and report["passed"] is True
    compared = tmp_path / "c.html"
    ran = run("compare_migration", f"--output={compared}", "--pet-id=201")
    assert "source rows purged on" in ran.out
    html = compared.read_text(encoding="utf-8")
    assert "Source values purged: this row's OkVet values are no longer kept." in html
    with translation.override("es"):
        ran = run("verify_migration", f"--run-id={signed}")
    assert "filas de origen purgadas el" in ran.out


@pytest.fixture
def staff(client, signed):
    user = get_user_model().objects.create_user("pablo", "p@example.com", "x", is_staff=True)
    user.first_name, user.last_name = "Pablo", "Ruiz"
    user.save()
    for code in ("view_migrationrun", "purge_migrationrun"):
        user.user_permissions.add(Permission.objects.get(codename=code))
    client.force_login(user)
    return client


def test_the_admin_action_confirms_first_and_records_who(staff, signed):
    """The admin speaks the clinic's language, Spanish."""
    ask = staff.post(URL, {"action": "purge_sources", "_selected_action": [signed]})
    page = ask.content.decode()
    assert ask.status_code == 200 and "Ley 1581 de 2012" in page
    assert "No se puede deshacer" in page and 'name="confirm"' in page
    assert f"#{signed} " in page and "con la conformidad firmada" in page
    assert not is_purged(signed) and found_in_migration_tables(NEEDLES[0])
    done = staff.post(
        URL, {"action": "purge_sources", "_selected_action": [signed], "confirm": "1"}, follow=True
    )
    assert f"Ejecución {signed}: filas de origen purgadas" in done.content.decode()
    run = MigrationRun.objects.get(pk=signed)
    assert run.purged_by == "Pablo Ruiz" and run.purged_at is not None
    assert not found_in_migration_tables(NEEDLES[0])
    shown = staff.get(f"{URL}{signed}/change/").content.decode()
    assert "Orígenes purgados por" in shown and "Pablo Ruiz" in shown


def test_the_admin_action_refuses_an_unsigned_run(client, run, fixtures, tmp_path):
    run_id = import_run(run, fixtures, tmp_path, sign=False)
    user = get_user_model().objects.create_superuser("owner", "o@example.com", "x")
    client.force_login(user)
    ask = client.post(URL, {"action": "purge_sources", "_selected_action": [run_id]})
    assert "sin la conformidad firmada: se rechazará" in ask.content.decode()
    done = client.post(
        URL, {"action": "purge_sources", "_selected_action": [run_id], "confirm": "1"}, follow=True
    )
    assert f"La ejecución {run_id} no tiene la conformidad firmada" in done.content.decode()
    assert not is_purged(run_id) and found_in_migration_tables(NEEDLES[0])


def test_the_action_needs_the_permission_to_purge_runs(client, signed):
    user = get_user_model().objects.create_user("viewer", "v@example.com", "x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_migrationrun"))
    client.force_login(user)
    listed = client.get(URL).content.decode()
    assert "sign_off" in listed and "purge_sources" not in listed
    client.post(URL, {"action": "purge_sources", "_selected_action": [signed], "confirm": "1"})
    assert not is_purged(signed)


def test_failed_rows_of_a_purged_run_cannot_be_exported_or_retried(run, signed, fixtures, tmp_path):
    clients = MigrationRecord.objects.filter(batch__batch_type="clients").first().batch_id
    out = tmp_path / "errores.csv"
    run("export_migration_errors", f"--batch-id={clients}", f"--output={out}")
    assert "Sin Id" in out.read_text(encoding="utf-8-sig")  # the failed row, before the purge
    out.unlink()
    purge(run, signed, "--no-input")
    message = "were purged: its failed rows can no longer be exported or retried"
    with pytest.raises(CommandError, match=message) as caught:
        run("export_migration_errors", f"--batch-id={clients}", f"--output={out}")
    assert caught.value.returncode == 2 and not out.exists()
    corrected = fixtures / "engine" / "propietarios.csv"
    with pytest.raises(CommandError, match=message):
        run("retry_migration", f"--batch-id={clients}", f"--file={corrected}")
