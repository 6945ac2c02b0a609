"""``issues_close``: open issues closed with who, when and the verdict followed by why."""

import pytest

from migration.errors import ReviewError
from migration.models import DataQualityIssue
from migration.services.review import issues_close

pytestmark = pytest.mark.django_db


@pytest.fixture
def issues(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    return list(DataQualityIssue.objects.order_by("pk").values_list("pk", flat=True)[:3])


def test_open_issues_are_closed_with_the_reason(issues):
    DataQualityIssue.objects.filter(pk=issues[0]).update(resolved=True, resolution="before")
    closed = issues_close(issue_ids=issues, verdict="ignore", reason=" as it is ", user_id=None)
    assert closed.issue_ids == issues[1:] and closed.resolution == "Ignored: as it is"
    assert DataQualityIssue.objects.get(pk=issues[0]).resolution == "before"
    for issue in DataQualityIssue.objects.filter(pk__in=issues[1:]):
        assert issue.resolved and issue.resolved_at and issue.resolution == "Ignored: as it is"


@pytest.mark.parametrize(
    ("verdict", "reason", "message"),
    [
        ("delete", "x", "unknown verdict 'delete'"),
        ("resolve", "  ", "say why"),
        ("resolve", "x", "already closed or does not exist"),
    ],
)
def test_what_cannot_be_closed(issues, verdict, reason, message):
    ids = [999_999] if message.startswith("already") else issues
    with pytest.raises(ReviewError, match=message):
        issues_close(issue_ids=ids, verdict=verdict, reason=reason, user_id=None)
    assert not DataQualityIssue.objects.filter(resolved=True).exists()
