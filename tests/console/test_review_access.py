"""Every page of the review side, and every form it posts to, is for staff only: an anonymous
visitor is sent to the login page, a signed-in user who is not staff gets a 403, and nothing
is changed either way."""

import pytest
from django.urls import reverse

from clinic.models import OwnerProfile
from migration.models import DataQualityIssue, MigrationSignoff, OwnerMerge
from migration.services.merge import owners_merge
from tests.console.reviewing import imported, plain  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(run, imported):  # noqa: F811
    run("signoff_migration", f"--run-id={imported.pk}", "--by=Dr. Pablo", "--accept-critical")
    batch = imported.batches.order_by("pk").first()
    issue = DataQualityIssue.objects.filter(batch__run=imported).first()
    signed = MigrationSignoff.objects.get()
    first, second = OwnerProfile.objects.order_by("pk")[:2]
    merge = owners_merge(survivor_id=first.pk, merged_id=second.pk)
    return [
        reverse("console:report", args=[imported.pk]),
        reverse("console:comparison", args=[imported.pk]),
        reverse("console:issues", args=[imported.pk]),
        reverse("console:issue", args=[issue.pk]),
        reverse("console:errors_export", args=[batch.pk]),
        reverse("console:retry", args=[batch.pk]),
        reverse("console:merge"),
        reverse("console:merge_undo", args=[merge.pk]),
        reverse("console:signoff", args=[imported.pk]),
        reverse("console:signed_report", args=[imported.pk, signed.pk]),
        reverse("console:history"),
    ]


def test_an_anonymous_visitor_is_sent_to_log_in(client, urls):
    for url in urls:
        for response in (client.get(url), client.post(url, {"reason": "x", "action": "ignore"})):
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
    assert not DataQualityIssue.objects.filter(resolved=True).exists()
    assert OwnerMerge.objects.get().undone_at is None


def test_a_user_who_is_not_staff_is_refused(plain, urls):  # noqa: F811
    for url in urls:
        assert plain.get(url).status_code == 403, url
        assert plain.post(url, {"reason": "x", "action": "ignore"}).status_code == 403, url
    assert not DataQualityIssue.objects.filter(resolved=True).exists()
    assert OwnerMerge.objects.get().undone_at is None
    assert MigrationSignoff.objects.count() == 1
