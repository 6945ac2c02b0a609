"""Every page of the runs side, and every form it posts to, is for staff only: an anonymous
visitor is sent to the login page, a signed-in user who is not staff gets a 403, and nothing
is uploaded, mapped or started either way."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from console.models import ColumnMapping, ConsoleJob, Upload
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import engine_files, post_upload, uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(staff, uploads, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload = uploaded(staff)
    job = ConsoleJob.objects.create(
        upload=upload, kind=ConsoleJob.Kind.TRIAL, status=ConsoleJob.Status.COMPLETED
    )
    return [
        reverse("console:home"),
        reverse("console:upload"),
        reverse("console:upload_detail", args=[upload.pk]),
        reverse("console:start_trial", args=[upload.pk]),
        reverse("console:start_real", args=[job.pk]),
        reverse("console:progress", args=[job.pk]),
        reverse("console:progress_json", args=[job.pk]),
    ]


def unchanged(uploads) -> None:
    assert Upload.objects.count() == 1 and ConsoleJob.objects.count() == 1
    assert not ColumnMapping.objects.exists()
    assert len(list((uploads / "exports").iterdir())) == 1


def test_an_anonymous_visitor_is_sent_to_log_in(urls, uploads):
    visitor = Client()
    for url in urls:
        for response in (
            visitor.get(url),
            post_upload(visitor, engine_files())
            if url.endswith("nueva/")
            else visitor.post(url, {"reviewed": "on", "columna-0": "name"}),
        ):
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
    unchanged(uploads)


def test_a_user_who_is_not_staff_is_refused(urls, uploads):
    client = Client()
    client.force_login(get_user_model().objects.create_user("cliente", "c@mail.co", "x"))
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reviewed": "on"}).status_code == 403, url
    assert post_upload(client, engine_files()).status_code == 403
    unchanged(uploads)


def test_the_start_buttons_take_posts_only(urls, staff):
    assert staff.get(urls[3]).status_code == 405 and staff.get(urls[4]).status_code == 405
