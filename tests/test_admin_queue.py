import pytest
from django.contrib.auth import get_user_model

from migration.models import DataQualityIssue

pytestmark = pytest.mark.django_db

URL = "/admin/migration/dataqualityissue/"


@pytest.fixture
def admin_client(client, run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    user = get_user_model().objects.create_superuser("owner", "o@example.com", "x")
    client.force_login(user)
    return client


def selected(code):
    return [
        str(pk)
        for pk in DataQualityIssue.objects.filter(issue_type=code).values_list("pk", flat=True)
    ]


def test_the_queue_filters_by_code_severity_and_batch(admin_client):
    page = admin_client.get(URL, {"issue_type": "invalid-email", "severity": "warning"})
    assert page.status_code == 200 and "not-an-email@" in page.content.decode()


@pytest.mark.parametrize(
    ("action", "verdict"), [("mark_resolved", "Resolved"), ("mark_ignored", "Ignored")]
)
def test_closing_issues_asks_why_and_records_who_when_why(admin_client, action, verdict):
    ids = selected("no-contact") or selected("invalid-email")
    ask = admin_client.post(URL, {"action": action, "_selected_action": ids})
    assert ask.status_code == 200 and 'name="reason"' in ask.content.decode()
    empty = admin_client.post(URL, {"action": action, "_selected_action": ids, "confirm": "1"})
    assert empty.status_code == 200
    assert not DataQualityIssue.objects.filter(pk__in=ids, resolved=True).exists()
    admin_client.post(
        URL,
        {
            "action": action,
            "_selected_action": ids,
            "confirm": "1",
            "reason": "llamamos al cliente",
        },
    )
    for issue in DataQualityIssue.objects.filter(pk__in=ids):
        assert issue.resolved and issue.resolved_by.username == "owner"
        assert issue.resolved_at is not None
        assert issue.resolution.endswith(": llamamos al cliente")


def test_an_issue_is_not_edited_but_closed_from_its_page_with_a_reason(admin_client):
    issue = DataQualityIssue.objects.filter(issue_type="invalid-email").first()
    page = admin_client.get(f"{URL}{issue.pk}/change/").content.decode()
    assert 'name="resolution"' not in page
    assert 'value="mark_resolved"' in page and 'value="mark_ignored"' in page
    assert "Pida al propietario su correo" in page  # what to do, in plain Spanish
    edited = admin_client.post(
        f"{URL}{issue.pk}/change/", {"resolved": "on", "resolution": "corregido en OkVet"}
    )
    assert edited.status_code == 403
    issue.refresh_from_db()
    assert not issue.resolved and issue.resolution == ""
    ask = admin_client.post(URL, {"action": "mark_resolved", "_selected_action": [issue.pk]})
    assert 'name="reason"' in ask.content.decode()


@pytest.fixture
def conflicts_client(client, run, export, tmp_path):
    from tests.conflicts import make_conflicts

    conflicts = make_conflicts(run, export, tmp_path)
    user = get_user_model().objects.create_superuser("owner", "o@example.com", "x")
    client.force_login(user)
    return client, conflicts


@pytest.mark.parametrize(
    ("action", "weight", "raw", "verdict"),
    [
        (
            "take_okvet",
            "14",
            "14",
            "Se tomó el valor de OkVet (weight_kg = '14', weight_raw = '14')",
        ),
        (
            "keep_pet_friendly",
            "13",
            "12.5",
            "Se conservó el valor de Pet-Friendly (weight_kg = '13', weight_raw = '12.5')",
        ),
    ],
)
def test_a_sync_conflict_is_resolved_after_a_page_showing_both_values(
    conflicts_client, action, weight, raw, verdict
):
    from decimal import Decimal

    from clinic.models import Pet

    client, conflicts = conflicts_client
    issue = conflicts.issue("weight_kg")
    other = DataQualityIssue.objects.exclude(issue_type="sync-conflict").first()
    ids = [str(issue.pk), str(other.pk)]
    ask = client.post(URL, {"action": action, "_selected_action": ids})
    page = ask.content.decode()
    assert ask.status_code == 200 and 'name="reason"' in page
    assert "<td>201</td><td>weight_kg</td><td>12.5</td><td>14</td><td>13</td>" in page
    assert "no son conflictos de sincronización, dejados como están: 1" in page
    empty = client.post(URL, {"action": action, "_selected_action": ids, "confirm": "1"})
    assert empty.status_code == 200 and "Indique el motivo." in empty.content.decode()
    assert not DataQualityIssue.objects.filter(resolved=True).exists()
    done = client.post(
        URL,
        {"action": action, "_selected_action": ids, "confirm": "1", "reason": "revisado"},
        follow=True,
    )
    assert "2 conflictos resueltos." in done.content.decode()
    pet = Pet.objects.get(pk=conflicts.pet_id)
    assert (pet.weight_kg, pet.weight_raw) == (Decimal(weight), raw)
    for closed in DataQualityIssue.objects.filter(field_name__in=("weight_kg", "weight_raw")):
        assert closed.resolved and closed.resolved_by.username == "owner"
        assert closed.resolved_at is not None
        assert closed.resolution == f"{verdict}: revisado"
    other.refresh_from_db()
    assert not other.resolved


def test_a_conflict_whose_value_changed_again_is_refused_with_a_message(conflicts_client):
    from clinic.models import Pet

    client, conflicts = conflicts_client
    Pet.objects.filter(pk=conflicts.pet_id).update(weight_raw="13,0")
    issue = conflicts.issue("weight_kg")
    done = client.post(
        URL,
        {
            "action": "take_okvet",
            "_selected_action": [str(issue.pk)],
            "confirm": "1",
            "reason": "revisado",
        },
        follow=True,
    )
    assert "weight_raw del id de OkVet 201 cambió de nuevo" in done.content.decode()
    issue.refresh_from_db()
    assert not issue.resolved


def test_the_actions_are_spanish_by_default(conflicts_client):
    client, _conflicts = conflicts_client
    page = client.get(URL).content.decode()
    assert "Tomar el valor de OkVet" in page and "Conservar el de Pet-Friendly" in page
