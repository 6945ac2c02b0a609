import hashlib
import zipfile

import pytest

from clinic.models import Document, MedicalRecord
from migration.models import DataQualityIssue, MigrationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def records(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")


@pytest.fixture
def vetfiles(tmp_path):
    root = tmp_path / "dump"
    (root / "VetFiles" / "3").mkdir(parents=True)
    (root / "VetFiles" / "3" / "rx.jpg").write_bytes(b"radiografia")
    (root / "VetFiles" / "extra").mkdir()
    (root / "VetFiles" / "extra" / "unused.pdf").write_bytes(b"%PDF")
    return root


def codes(code):
    return list(
        DataQualityIssue.objects.filter(issue_type=code).values_list("source_value", flat=True)
    )


def test_consent_forms_references_and_files(
    run, fixtures, records, vetfiles, media, django_capture_on_commit_callbacks
):
    table = fixtures / "documents" / "documentos.csv"
    with django_capture_on_commit_callbacks(execute=True):
        run("import_okvet_documents", f"--file={table}", f"--files={vetfiles}")
    consent = Document.objects.get(legacy_id="55")
    assert (consent.kind, consent.name, consent.pet.legacy_id) == (
        "consent",
        "Consentimiento cirugía",
        "201",
    )
    assert consent.requires_signature and consent.signed_at is not None
    assert Document.objects.get(legacy_id="56").pet.is_active is False
    rx = Document.objects.get(original_path="VetFiles/3/rx.jpg")
    digest = hashlib.sha256(b"radiografia").hexdigest()
    assert (rx.kind, rx.sha256, rx.size_bytes, rx.name) == (
        "attachment",
        digest,
        11,
        "rx Firulais.jpg",
    )
    assert rx.medical_record == MedicalRecord.objects.get(legacy_id="9001")
    assert (media / rx.file.name).read_bytes() == b"radiografia"
    photo = Document.objects.get(kind="photo")
    assert photo.pet.legacy_id == "202" and not photo.file
    assert codes("file-not-found") == ["VetFiles/pets/202/foto.jpg"]
    assert codes("unreferenced-file") == ["VetFiles/extra/unused.pdf"]


def test_a_dry_run_stores_no_file(
    run, records, vetfiles, media, django_capture_on_commit_callbacks, monkeypatch
):
    import shutil

    copied = []
    monkeypatch.setattr(shutil, "copyfile", lambda *paths: copied.append(paths))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run("import_okvet_documents", f"--files={vetfiles}", "--dry-run")
    assert callbacks == [] and copied == []
    assert not Document.objects.exists()
    assert not media.exists() or not any(media.rglob("*.jpg"))
    assert codes("unreferenced-file") == ["VetFiles/extra/unused.pdf"]


def test_files_from_a_zip_and_paths_that_would_escape(run, records, vetfiles, media, tmp_path):
    MedicalRecord.objects.filter(legacy_id="9001").update(
        details={"files": [{"name": "x", "path": "../../etc/passwd"}]}
    )
    archive = tmp_path / "files.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(vetfiles / "VetFiles" / "3" / "rx.jpg", "VetFiles/3/rx.jpg")
    run("import_okvet_documents", f"--files={archive}")
    assert codes("unsafe-file-path") == ["../../etc/passwd"]
    escaped = Document.objects.get(original_path="../../etc/passwd")
    assert not escaped.file and escaped.sha256 == ""
    assert codes("unreferenced-file") == ["VetFiles/3/rx.jpg"]


def test_references_alone_and_a_second_run(run, records, media):
    run("import_okvet_documents")
    assert Document.objects.count() == 2
    run("import_okvet_documents")
    assert Document.objects.count() == 2
    second = MigrationBatch.objects.latest("pk")
    assert second.summary["counts"]["unchanged"] == 2


def test_rollback_removes_the_stored_files(
    run, records, vetfiles, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run("import_okvet_documents", f"--files={vetfiles}")
    stored = media / Document.objects.get(original_path="VetFiles/3/rx.jpg").file.name
    assert stored.exists()
    batch = MigrationBatch.objects.get(batch_type="files")
    with django_capture_on_commit_callbacks(execute=True):
        run("rollback_migration", f"--batch-id={batch.pk}", "--no-input")
    assert not Document.objects.exists() and not stored.exists()


def test_a_file_that_cannot_be_copied_stops_the_import_in_one_line(
    run, records, vetfiles, media, monkeypatch
):
    import shutil

    from django.core.management.base import CommandError

    def full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(CommandError) as caught:
        run("import_okvet_documents", f"--files={vetfiles}")
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        "VetFiles/3/rx.jpg: cannot copy the file into the media storage: No space left on device"
    )
    assert not Document.objects.exists()
    assert not media.exists() or not any(media.rglob("*.jpg"))
