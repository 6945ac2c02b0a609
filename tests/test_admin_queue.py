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


def test_editing_an_issue_records_who_resolved_it(admin_client):
    issue = DataQualityIssue.objects.filter(issue_type="invalid-email").first()
    admin_client.post(
        f"{URL}{issue.pk}/change/", {"resolved": "on", "resolution": "corregido en OkVet"}
    )
    issue.refresh_from_db()
    assert issue.resolved and issue.resolved_by.username == "owner"
