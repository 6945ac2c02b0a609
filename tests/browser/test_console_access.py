"""No page of the console is for anyone but staff: every URL ``console.urls`` declares (walked
from its patterns, so a page added later is checked too), with real objects behind its ids,
read and posted to by an anonymous visitor (sent to log in, back to that page after) and by a
signed-in user who is not staff (403); an export uploaded by either is not kept, and nothing
the console keeps or does changes. A staff user reaches every one of them."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from clinic.models import OwnerProfile
from console import urls as console_urls
from console.models import ColumnMapping, ConsoleJob, Upload
from migration.models import DataQualityIssue, MigrationRun, MigrationSignoff, OwnerMerge
from migration.services.merge import owners_merge

pytestmark = pytest.mark.django_db


def names(patterns) -> list[tuple[str, tuple[str, ...]]]:
    """Each page's name and the ids its URL takes, through the included halves."""
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            found.append((pattern.name, tuple(pattern.pattern.converters)))
    return found


@pytest.fixture
def state(run, export, settings, tmp_path):
    """A run imported with its issues and a sign-off, two owners merged, an upload and a
    finished trial of it: a real object behind every id a console URL takes."""
    settings.MIGRATION_UPLOAD_DIR = tmp_path / "uploads"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run("import_okvet", f"--source={export}", "--require-owner", "--no-progress")
    imported = MigrationRun.objects.get()
    run("signoff_migration", f"--run-id={imported.pk}", "--by=Dr. Pablo", "--accept-critical")
    first, second = OwnerProfile.objects.order_by("pk")[:2]
    upload = Upload.objects.create(folder="carga-1", source="exportacion.zip")
    job = ConsoleJob.objects.create(
        upload=upload, kind=ConsoleJob.Kind.TRIAL, status=ConsoleJob.Status.COMPLETED
    )
    return {
        "run_id": imported.pk,
        "batch_id": imported.batches.order_by("pk").first().pk,
        "signoff_id": MigrationSignoff.objects.get().pk,
        "merge_id": owners_merge(survivor_id=first.pk, merged_id=second.pk).pk,
        "upload": upload.pk,
        "job": job.pk,
        "issue": DataQualityIssue.objects.filter(batch__run=imported).first().pk,
    }


PK_OF = {
    "upload_detail": "upload",
    "start_trial": "upload",
    "start_real": "job",
    "progress": "job",
    "progress_json": "job",
    "issue": "issue",
}
"""What a page's ``pk`` is the id of."""


@pytest.fixture
def pages(state) -> list[str]:
    found = []
    for name, ids in names(console_urls.urlpatterns):
        kwargs = {key: state[PK_OF[name] if key == "pk" else key] for key in ids}
        found.append(reverse(f"console:{name}", kwargs=kwargs))
    assert len(found) == len(set(found)) >= 18
    return found


def export_zip() -> SimpleUploadedFile:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("propietarios.csv", "id;name\n1;Ana\n")
    return SimpleUploadedFile("exportacion.zip", data.getvalue(), "application/zip")


def form() -> dict:
    """What the console's forms post, filled in: a reason, a verdict, the confirmation,
    owners to merge, an export."""
    return {
        "reason": "x",
        "action": "ignore",
        "reviewed": "on",
        "confirmacion": "FIRMAR",
        "nota": "x",
        "propietarios": "1,2",
        "export": export_zip(),
    }


def before(settings) -> dict:
    folder = settings.MIGRATION_UPLOAD_DIR
    return {
        "uploads": Upload.objects.count(),
        "files": sorted(str(p) for p in folder.rglob("*")) if folder.exists() else [],
        "jobs": list(ConsoleJob.objects.values_list("pk", "status", "reviewed_at")),
        "mappings": ColumnMapping.objects.count(),
        "closed": DataQualityIssue.objects.filter(resolved=True).count(),
        "signoffs": MigrationSignoff.objects.count(),
        "merges": list(OwnerMerge.objects.values_list("pk", "undone_at")),
        "runs": MigrationRun.objects.count(),
    }


def test_an_anonymous_visitor_is_sent_to_log_in(pages, settings):
    unchanged, visitor = before(settings), Client()
    for url in pages:
        for response in (visitor.get(url), visitor.post(url, form())):
            assert response.status_code == 302, url
            assert response["Location"] == f"{reverse('login')}?next={quote(url)}", url
    assert before(settings) == unchanged


def test_a_user_who_is_not_staff_is_refused(pages, settings):
    unchanged, client = before(settings), Client()
    client.force_login(get_user_model().objects.create_user("cliente", "c@mail.co", "x"))
    for url in pages:
        assert client.get(url).status_code == 403, url
        assert client.post(url, form()).status_code == 403, url
    assert before(settings) == unchanged
    assert unchanged["uploads"] == 1 and unchanged["files"] == []


def test_a_staff_user_reaches_every_page(pages, client):
    client.force_login(
        get_user_model().objects.create_user("dra", "d@clinica.co", "x", is_staff=True)
    )
    for url in pages:
        response = client.get(url)
        assert response.status_code != 403, url
        assert not response.get("Location", "").startswith(reverse("login")), url
        assert response.status_code in (200, 302, 405), (url, response.status_code)
