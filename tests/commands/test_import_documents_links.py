"""Attachments are read only from inside the files folder: a symbolic link there that leads
out of it is reported (``unsafe-file-path``) and never read nor stored; one that stays inside
is followed."""

import hashlib

import pytest

from clinic.models import Document
from migration.models import DataQualityIssue

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _files(tmp_path, target):
    root = tmp_path / "dump"
    (root / "VetFiles" / "3").mkdir(parents=True)
    (root / "VetFiles" / "3" / "rx.jpg").symlink_to(target(root))
    return root


def test_a_link_out_of_the_files_folder_is_reported_not_read(
    run, records, media, tmp_path, django_capture_on_commit_callbacks
):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"not the clinic's")
    root = _files(tmp_path, lambda root: secret)
    with django_capture_on_commit_callbacks(execute=True):
        run("import_okvet_documents", f"--files={root}")
    issues = DataQualityIssue.objects.filter(issue_type="unsafe-file-path")
    assert list(issues.values_list("source_value", flat=True)) == ["VetFiles/3/rx.jpg"]
    rx = Document.objects.get(original_path="VetFiles/3/rx.jpg")
    assert (rx.file.name, rx.sha256, rx.size_bytes) == ("", "", None)
    assert not media.exists() or not any(media.rglob("*.jpg"))


def test_a_link_inside_the_files_folder_is_followed(
    run, records, media, tmp_path, django_capture_on_commit_callbacks
):
    def inside(root):
        (root / "VetFiles" / "extra").mkdir(parents=True)
        (root / "VetFiles" / "extra" / "rx-real.jpg").write_bytes(b"radiografia")
        return root / "VetFiles" / "extra" / "rx-real.jpg"

    root = _files(tmp_path, inside)
    with django_capture_on_commit_callbacks(execute=True):
        run("import_okvet_documents", f"--files={root}")
    rx = Document.objects.get(original_path="VetFiles/3/rx.jpg")
    assert rx.sha256 == hashlib.sha256(b"radiografia").hexdigest()
    assert not DataQualityIssue.objects.filter(issue_type="unsafe-file-path").exists()
