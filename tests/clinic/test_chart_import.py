"""The chart of a generated OkVet export, imported with its files: what the issue saw broken
(X-rays at the bottom "sin fecha", the dewormer's product missing, invoices on every pet,
orphans of unknown animals) is right on the migrated data."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from clinic.history import pet_timeline
from clinic.models import Document, Invoice, MedicalRecord, Pet

pytestmark = pytest.mark.django_db


@pytest.fixture
def migrated(run, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    export = tmp_path / "export"
    run("generate_okvet_export", f"--output={export}", "--owners=30", "--pets=50", "--clinical")
    with django_capture_on_commit_callbacks(execute=True):
        run("import_okvet", f"--source={export}", "--no-progress")
    assert Document.objects.exclude(file="").filter(medical_record__isnull=False).exists()


@pytest.fixture
def vet(client):
    client.force_login(get_user_model().objects.create_user("vet", is_staff=True))
    return client


def test_every_stored_attachment_is_inside_its_dated_entry(migrated, vet):
    attached = Document.objects.exclude(file="").filter(medical_record__isnull=False)
    for document in attached.select_related("medical_record")[:5]:
        record = document.medical_record
        entry = next(e for e in pet_timeline(record.pet) if e.record == record)
        assert document.pk in [a.pk for a in entry.attachments] and entry.when_text
        page = vet.get(f"/historia/mascota/{record.pet_id}/").content.decode()
        link = f"/archivos/{document.pk}/"
        assert link in page and "/media/" not in page
        documents_at = page.find('id="documents-title"')  # loose files, not this one
        assert documents_at == -1 or page.index(link) < documents_at
        response = vet.get(link)
        assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_dewormers_show_their_product_and_orphans_their_okvet_pet(migrated, vet):
    deworming = MedicalRecord.objects.filter(record_type="deworming").exclude(title="").first()
    page = vet.get(f"/historia/mascota/{deworming.pet_id}/").content.decode()
    assert f"<dt>producto</dt><dd>{deworming.title}</dd>" in page
    orphan = MedicalRecord.objects.filter(legacy_extras__has_key="pet_id").first()
    page = vet.get(f"/historia/mascota/{orphan.pet_id}/").content.decode()
    assert f"Mascota de OkVet n.º {orphan.legacy_extras['pet_id']}" in page


def test_invoices_no_longer_repeat_on_every_pet_of_their_owner(migrated, vet):
    owner = Invoice.objects.exclude(owner=None).first().owner
    for pet in Pet.objects.filter(owner=owner):
        with translation.override("en"):
            kinds = {e.kind for e in pet_timeline(pet)}
        assert "invoice" not in kinds  # the invoices name no pet: the owner's page has them
